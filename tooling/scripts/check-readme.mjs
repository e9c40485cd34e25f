#!/usr/bin/env node
// Part of the plugin's test command: regenerates the command reference of README.md (`oclif readme`) into a temp
// copy and fails when it differs from the committed README, so help text and README never drift apart.
// Run from the plugin's directory (after a build): `node ../../tooling/scripts/check-readme.mjs`.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const UPDATE = 'node tooling/scripts/pnpm.mjs --filter @sfjwt/plugin-jwt run readme';
const readme = join(process.cwd(), 'README.md');
const scratch = mkdtempSync(join(tmpdir(), 'sfjwt-readme-'));
const copy = join(scratch, 'README.md');
try {
  copyFileSync(readme, copy);
  const oclif = join(process.cwd(), 'node_modules', '.bin', 'oclif');
  // The same flags as the package's `readme` script.
  execFileSync(oclif, ['readme', '--no-aliases', '--no-source-links', '--readme-path', copy], { stdio: 'pipe' });
  const committed = readFileSync(readme, 'utf8').split('\n');
  const generated = readFileSync(copy, 'utf8').split('\n');
  const line = committed.findIndex((text, i) => text !== generated[i]);
  if (line >= 0 || committed.length !== generated.length) {
    const at = line >= 0 ? line : Math.min(committed.length, generated.length);
    console.error(
      `README.md's command reference is out of date (first difference at line ${at + 1}):\n` +
        `  committed: ${JSON.stringify(committed[at] ?? '<end of file>')}\n` +
        `  generated: ${JSON.stringify(generated[at] ?? '<end of file>')}\n` +
        `Run \`${UPDATE}\` (after a build) and commit README.md.`,
    );
    process.exit(1);
  }
  console.log('README.md command reference is up to date.');
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
