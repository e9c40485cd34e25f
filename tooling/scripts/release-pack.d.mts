/** Where `npm run release:pack` writes the tarballs: `<repo>/dist-release`. */
export const defaultOutDir: string;
/** Clean-builds jwt-core and the plugin, packs both into `outDir` (emptied first), checks them, returns their paths. */
export function releasePack(options?: { outDir?: string; quiet?: boolean }): { core: string; plugin: string };
