/**
 * `node bin/run.js` runs the compiled lib/ (and jwt-core's dist/). turbo's test task depends on build; when the tests
 * run alone, this builds whatever is missing or older than its sources, so a subprocess never runs stale code.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pluginDir } from './sf-cli.js';

const coreDir = join(pluginDir, '..', '..', 'packages', 'jwt-core');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

function buildIfStale(packageDir: string, output: string, sentinel: string, then?: () => void): void {
  const built = join(packageDir, output, sentinel);
  if (existsSync(built) && statSync(built).mtimeMs >= newestMtime(join(packageDir, 'src'))) return;
  const tsc = join(packageDir, 'node_modules', '.bin', 'tsc');
  try {
    execFileSync(tsc, ['-p', 'tsconfig.build.json'], { cwd: packageDir, stdio: 'pipe' });
  } catch (err) {
    // tsc still emits when another file has a type error; only a missing output is fatal here.
    if (!existsSync(built)) throw err;
  }
  then?.();
}

/** Builds jwt-core's dist and the plugin's lib when missing or stale. */
export function ensureBuilt(): void {
  buildIfStale(coreDir, 'dist', 'index.js');
  // As the build does: tsc, then one bundle per command (what ships; the start-up guard checks what it loads).
  buildIfStale(pluginDir, 'lib', join('commands', 'jwt', 'keygen.js'), () =>
    execFileSync(process.execPath, [join(pluginDir, 'bundle', 'bundle.mjs')], { cwd: pluginDir, stdio: 'pipe' }),
  );
}
