#!/usr/bin/env node
// Runs the pnpm version pinned in the root package.json's `packageManager`, fetched through npx, so that every root
// script (`npm test`, `npm run demo`, `npm run build`, …) works on a machine that has only Node and npm (no global
// pnpm, and no working corepack).
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

// A quiet first run: no notices about newer versions of npm (npx) or pnpm, and turbo's telemetry off (its first-run
// notice would be the first thing a new user reads). pnpm reads its settings from pnpm_config_* variables, not
// from ~/.npmrc's update-notifier.
const env = Object.assign({}, process.env, {
  TURBO_TELEMETRY_DISABLED: '1',
  npm_config_update_notifier: 'false',
  pnpm_config_update_notifier: 'false',
});
// nodedir (node-gyp's headers, often in ~/.npmrc) reaches us as npm_config_nodedir when npm or pnpm runs this script;
// npm versions that no longer know the setting warn "Unknown env config "nodedir"" for every npx. No native build
// happens in npx (it only fetches pnpm), and pnpm passes ~/.npmrc's nodedir on to the scripts it runs itself.
delete env.npm_config_nodedir;

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const result = spawnSync(npx, ['--yes', pjson.packageManager, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  shell: process.platform === 'win32',
  env,
});
if (result.error) {
  process.stderr.write(
    `Could not run ${npx} (${result.error.message}): install npm (it comes with Node) and run this again.\n`,
  );
  process.exit(1);
}
process.exit(result.status === null ? 1 : result.status);
