/** The release tarballs of the current build, packed as is (`release-pack.mjs --no-build`), for the install tests. */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@sfjwt/test-support';

/**
 * Packs into `outDir` and returns the tarballs' file names. A clean rebuild here would pull dist/ from under other
 * packages' tests, so the current build is packed as it is.
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
