#!/usr/bin/env node
// `npm run release:pack`: clean-builds jwt-core, the Redis token cache, the jsforce adapter, the plugin and the
// Salesforce emulator (so that a pipeline can be rehearsed from the tarballs alone: `npx salesforce-emulator --demo`)
// and packs them into
// dist-release/, with the versions in their package.json files (changesets bumps them together). The plugin tarball carries jwt-core inside it
// (`bundleDependencies`), so `sf plugins install file:<tgz>` never asks a registry for the unpublished @sfjwt scope.
// Each tarball is checked before it is reported: no source maps or sourceMappingURL comments, no `workspace:` range,
// and the plugin's bundled jwt-core is the same build as the jwt-core tarball.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pnpm = join(root, 'tooling', 'scripts', 'pnpm.mjs');
const coreDir = join(root, 'packages', 'jwt-core');
const pluginDir = join(root, 'apps', 'plugin-jwt');
const cacheDir = join(root, 'packages', 'token-cache-redis');
const jsforceDir = join(root, 'packages', 'jsforce');
const emulatorDir = join(root, 'packages', 'salesforce-emulator');
export const defaultOutDir = join(root, 'dist-release');

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
/** `@sfjwt/plugin-jwt` 0.1.0 → `sfjwt-plugin-jwt-0.1.0.tgz`, as npm and pnpm name tarballs. */
const tarballName = ({ name, version }) => `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;

function run(args, options = {}) {
  execFileSync(process.execPath, [pnpm, ...args], {
    cwd: root,
    stdio: options.quiet ? 'pipe' : ['ignore', 'inherit', 'inherit'],
  });
}

function filesUnder(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .sort();
}

function extract(tarball) {
  const dir = mkdtempSync(join(tmpdir(), 'sfjwt-release-check-'));
  execFileSync('tar', ['-xzf', tarball, '-C', dir]);
  return { dir: join(dir, 'package'), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Throws with every problem found in an extracted package. */
function checkPackage(dir, label) {
  const problems = [];
  for (const file of filesUnder(dir)) {
    if (file.endsWith('.map')) problems.push(`${file}: a source map (src/ is not shipped)`);
    if (/\.(c|m)?js$|\.d\.ts$/.test(file) && readFileSync(join(dir, file), 'utf8').includes('//# sourceMappingURL=')) {
      problems.push(`${file}: a sourceMappingURL comment that points to a file not shipped`);
    }
  }
  const pjson = readJson(join(dir, 'package.json'));
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const [name, range] of Object.entries(pjson[field] ?? {})) {
      if (String(range).startsWith('workspace:')) problems.push(`package.json ${field}.${name} is "${range}"`);
    }
  }
  for (const file of ['README.md', 'LICENSE']) if (!existsSync(join(dir, file))) problems.push(`${file} is missing`);
  if (problems.length > 0) throw new Error(`${label} is not releasable:\n  ${problems.join('\n  ')}`);
  return pjson;
}

/** Extracts `tarball`, checks it with {@link checkPackage}, and removes the extract. */
function checkTarball(tarball, label) {
  const extracted = extract(tarball);
  try {
    const pjson = checkPackage(extracted.dir, label);
    for (const bin of Object.values(pjson.bin ?? {})) {
      if (!existsSync(join(extracted.dir, bin))) throw new Error(`${label} lacks its bin ${bin}`);
    }
  } finally {
    extracted.dispose();
  }
}

/**
 * Builds and packs the packages into `outDir` (emptied first) and returns the tarball paths.
 * `build: false` packs the current build as it is (for tests that run while other packages' tests read it); there the
 * token cache, the jsforce adapter and the emulator are packed only if they were built (`cache` / `jsforce` / `emulator` are then
 * undefined).
 * @param {{ outDir?: string, quiet?: boolean, build?: boolean }} [options]
 */
export function releasePack({ outDir = defaultOutDir, quiet = false, build = true } = {}) {
  const log = quiet ? () => {} : (line) => console.log(line);
  if (build) {
    // A clean build: tsc never deletes outputs, so a map left by an older build would otherwise be packed.
    const stales = [
      join(coreDir, 'dist'),
      join(cacheDir, 'dist'),
      join(jsforceDir, 'dist'),
      join(emulatorDir, 'dist'),
      join(pluginDir, 'lib'),
      join(pluginDir, 'oclif.manifest.json'),
    ];
    for (const stale of stales) {
      rmSync(stale, { recursive: true, force: true });
    }
  } else if (!existsSync(join(coreDir, 'dist', 'index.js')) || !existsSync(join(pluginDir, 'oclif.manifest.json'))) {
    throw new Error('jwt-core or the plugin is not built: run the build first.');
  }
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });

  log('Building and packing @sfjwt/jwt-core…');
  if (build) run(['--filter', '@sfjwt/jwt-core', 'run', 'build'], { quiet });
  run(['--dir', coreDir, 'pack', '--pack-destination', outDir], { quiet: true });
  const packCache = build || existsSync(join(cacheDir, 'dist', 'index.js'));
  if (packCache) {
    log('Building and packing @sfjwt/token-cache-redis…');
    if (build) run(['--filter', '@sfjwt/token-cache-redis', 'run', 'build'], { quiet });
    run(['--dir', cacheDir, 'pack', '--pack-destination', outDir], { quiet: true });
  }
  const packJsforce = build || existsSync(join(jsforceDir, 'dist', 'index.js'));
  if (packJsforce) {
    log('Building and packing @sfjwt/jsforce…');
    if (build) run(['--filter', '@sfjwt/jsforce', 'run', 'build'], { quiet });
    run(['--dir', jsforceDir, 'pack', '--pack-destination', outDir], { quiet: true });
  }
  const packEmulator = build || existsSync(join(emulatorDir, 'dist', 'cli.js'));
  if (packEmulator) {
    log('Building and packing @sfjwt/salesforce-emulator…');
    if (build) run(['--filter', '@sfjwt/salesforce-emulator', 'run', 'build'], { quiet });
    run(['--dir', emulatorDir, 'pack', '--pack-destination', outDir], { quiet: true });
  }
  // The plugin's prepack is its build (tsc, then the oclif manifest).
  log('Building and packing @sfjwt/plugin-jwt (jwt-core bundled)…');
  run(['--dir', pluginDir, 'pack', ...(build ? [] : ['--ignore-scripts']), '--pack-destination', outDir], {
    quiet: true,
  });

  const core = join(outDir, tarballName(readJson(join(coreDir, 'package.json'))));
  const plugin = join(outDir, tarballName(readJson(join(pluginDir, 'package.json'))));
  const cache = packCache ? join(outDir, tarballName(readJson(join(cacheDir, 'package.json')))) : undefined;
  const jsforce = packJsforce ? join(outDir, tarballName(readJson(join(jsforceDir, 'package.json')))) : undefined;
  const emulator = packEmulator ? join(outDir, tarballName(readJson(join(emulatorDir, 'package.json')))) : undefined;
  for (const [tarball, label] of [
    [jsforce, 'the jsforce tarball'],
    [cache, 'the token-cache-redis tarball'],
    [emulator, 'the salesforce-emulator tarball'],
  ]) {
    if (tarball !== undefined) checkTarball(tarball, label);
  }
  const coreX = extract(core);
  const pluginX = extract(plugin);
  try {
    const corePjson = checkPackage(coreX.dir, 'the jwt-core tarball');
    const pluginPjson = checkPackage(pluginX.dir, 'the plugin tarball');
    const bundled = join(pluginX.dir, 'node_modules', '@sfjwt', 'jwt-core');
    if (
      !(pluginPjson.bundleDependencies ?? []).includes('@sfjwt/jwt-core') ||
      !existsSync(join(bundled, 'package.json'))
    ) {
      throw new Error(
        'the plugin tarball does not bundle @sfjwt/jwt-core: an install would fetch it by name from a registry.',
      );
    }
    const bundledPjson = readJson(join(bundled, 'package.json'));
    if (bundledPjson.version !== corePjson.version) {
      throw new Error(
        `the plugin bundles jwt-core ${bundledPjson.version}, but the jwt-core tarball is ${corePjson.version}.`,
      );
    }
    const shipped = filesUnder(join(coreX.dir, 'dist'));
    const inPlugin = filesUnder(join(bundled, 'dist'));
    const differs = shipped.filter(
      (f) =>
        !inPlugin.includes(f) ||
        !readFileSync(join(coreX.dir, 'dist', f)).equals(readFileSync(join(bundled, 'dist', f))),
    );
    if (differs.length > 0 || inPlugin.length !== shipped.length) {
      throw new Error(
        `the jwt-core bundled in the plugin differs from the jwt-core tarball: ${differs.slice(0, 5).join(', ') || 'extra files'}`,
      );
    }
  } finally {
    coreX.dispose();
    pluginX.dispose();
  }
  const written = [core, cache, jsforce, emulator, plugin].filter((tarball) => tarball !== undefined);
  log(`\n${written.map((tarball) => relative(process.cwd(), tarball)).join('\n')}`);
  log(`\nInstall the plugin: sf plugins install file:${plugin}`);
  return { core, cache, jsforce, emulator, plugin };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // Tests run this script as a process (no cross-package import): `--out-dir DIR --no-build --quiet`.
  const args = process.argv.slice(2);
  const outAt = args.indexOf('--out-dir');
  try {
    releasePack({
      ...(outAt === -1 ? {} : { outDir: resolve(args[outAt + 1] ?? '') }),
      build: !args.includes('--no-build'),
      quiet: args.includes('--quiet'),
    });
  } catch (error) {
    console.error(`release:pack failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
