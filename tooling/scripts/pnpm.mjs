#!/usr/bin/env node
// Runs the pnpm version pinned in the root package.json's `packageManager`, fetched through npx,
// so that `npm test` and `npm run demo` work on a machine that has only Node and npm
// (no global pnpm, and no working corepack).
// Written for old Nodes too (no `??` or `?.`): on a Node too old to bootstrap, it says so in one sentence.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pjson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

// The root `engines.node` is the Node that can bootstrap: run pnpm, which installs the project's own Node.
const bootstrapMajor = Number((/\d+/.exec(pjson.engines.node) || ['0'])[0]);
const projectNode = pjson.devDependencies.node;
if (Number(process.versions.node.split('.')[0]) < bootstrapMajor) {
  process.stderr.write(
    `sfjwt needs Node ${bootstrapMajor} or newer (with npm) to start, but this is Node ${process.versions.node} (${process.execPath}): ` +
      `install Node ${bootstrapMajor} or newer from https://nodejs.org or your package manager, then run this again; ` +
      `the project then installs its own Node ${projectNode} for everything else.\n`,
  );
  process.exit(1);
}

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const result = spawnSync(npx, ['--yes', pjson.packageManager, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  shell: process.platform === 'win32',
  // Turbo's telemetry is off for our scripts (its first-run notice would be the first thing a new user reads).
  env: Object.assign({}, process.env, { TURBO_TELEMETRY_DISABLED: '1' }),
});
if (result.error) {
  process.stderr.write(
    `Could not run ${npx} (${result.error.message}): install npm (it comes with Node) and run this again.\n`,
  );
  process.exit(1);
}
process.exit(result.status === null ? 1 : result.status);
