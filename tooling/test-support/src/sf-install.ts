// The plugin as users get it: the release tarball (tooling/scripts/release-pack.mjs, the current build as is),
// installed with `sf plugins install file:<tgz>` into a fresh, isolated sf HOME. Used by the start-up and login
// benchmarks and the plugin's loaded-files test, so what they measure is the path a user has: the plugin under sf's
// data directory with its own node_modules, apart from the CLI's.
//
// sf's npm fetches the plugin's public dependencies from the registry; the @sfjwt scope points at a closed port, so
// nothing of ours is fetched by name. The unsigned-plugin question is answered by sf's documented allow list.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './repo.js';
import { sfBin, sfEnv } from './sf-sandbox.js';

/** What sf's npm needs to reach the registry from this machine (proxy, corporate CA), and nothing else. */
export function registryEnv(): NodeJS.ProcessEnv {
  const names = [
    'HTTPS_PROXY',
    'HTTP_PROXY',
    'NO_PROXY',
    'https_proxy',
    'http_proxy',
    'no_proxy',
    'NODE_EXTRA_CA_CERTS',
    'SSL_CERT_FILE',
    'npm_config_registry',
  ];
  return Object.fromEntries(
    names.filter((name) => process.env[name] !== undefined).map((name) => [name, process.env[name]]),
  );
}

/**
 * Packs the current build into `outDir` (release-pack.mjs --no-build) and returns the tarballs' file names. A clean
 * rebuild here would pull dist/ from under other packages' tests, so the current build is packed as it is.
 */
export function packCurrentBuild(outDir: string): string[] {
  execFileSync(process.execPath, [
    join(repoRoot, 'tooling', 'scripts', 'release-pack.mjs'),
    '--out-dir',
    outDir,
    '--no-build',
    '--quiet',
  ]);
  return readdirSync(outDir).filter((name) => name.endsWith('.tgz'));
}

/** Packs the current build into `outDir` ({@link packCurrentBuild}); returns the plugin tarball's path. */
export function packPluginTarball(outDir: string): string {
  const packed = packCurrentBuild(outDir).find((name) => name.startsWith('sfjwt-plugin-jwt-'));
  if (packed === undefined) throw new Error(`release-pack wrote no plugin tarball into ${outDir}`);
  return join(outDir, packed);
}

/**
 * Readies a fresh sf HOME for `sf plugins install file:<tarball>`: the tarball on sf's unsigned-plugin allow list,
 * and the @sfjwt scope pointed at a closed port (an install that asks a registry for jwt-core fails).
 */
export function prepareInstallHome(home: string, tarball: string): void {
  mkdirSync(join(home, '.config', 'sf'), { recursive: true });
  writeFileSync(join(home, '.config', 'sf', 'unsignedPluginAllowList.json'), JSON.stringify([`file:${tarball}`]));
  writeFileSync(
    join(home, '.npmrc'),
    ['@sfjwt:registry=http://127.0.0.1:9/', 'update-notifier=false', 'fund=false', ''].join('\n'),
  );
}

export interface InstalledPlugin {
  /** The fresh HOME sf runs in. */
  readonly home: string;
  /** sf's environment for that HOME (quiet, offline but for the registry, isolated). */
  readonly env: NodeJS.ProcessEnv;
  /** The installed plugin's folder, under sf's data directory. */
  readonly root: string;
  /** The tarball it was installed from. */
  readonly tarball: string;
}

/**
 * Packs the current build and installs it with `sf plugins install file:<tgz>` into `dir/home` (created fresh).
 * `extraEnv` is added to sf's environment for the install and for later runs. Throws with sf's output if it fails.
 */
export function installPluginTarball(dir: string, extraEnv: NodeJS.ProcessEnv = {}): InstalledPlugin {
  const tarball = packPluginTarball(join(dir, 'release'));
  const home = join(dir, 'home');
  prepareInstallHome(home, tarball);
  const env = sfEnv(home, { ...registryEnv(), ...extraEnv });
  try {
    // sf's npm downloads the plugin's dependency tree: minutes on a loaded machine.
    execFileSync(sfBin, ['plugins', 'install', `file:${tarball}`], { env, cwd: dir, stdio: 'pipe', timeout: 540_000 });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`sf plugins install file:${tarball} failed: ${String(stdout ?? '')}${String(stderr ?? '')}`);
  }
  const root = join(home, '.local', 'share', 'sf', 'node_modules', '@sfjwt', 'plugin-jwt');
  return { home, env, root, tarball };
}
