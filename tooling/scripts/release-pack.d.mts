/** Where `npm run release:pack` writes the tarballs: `<repo>/dist-release`. */
export const defaultOutDir: string;
/**
 * Clean-builds jwt-core and the plugin, packs both into `outDir` (emptied first), checks them, returns their paths.
 * `build: false` packs the current build without touching it.
 */
export function releasePack(options?: { outDir?: string; quiet?: boolean; build?: boolean }): { core: string; plugin: string };
