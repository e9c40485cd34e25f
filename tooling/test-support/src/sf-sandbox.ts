// The real sf CLI in a sandbox: an environment that keeps it quiet, offline and out of the user's ~/.sf, and a copy
// of the plugin shaped like an npm install of its tarball (lib/, messages/, bin/, package.json without
// devDependencies, a fresh oclif manifest). Linking apps/plugin-jwt itself would make oclif run src/*.ts through tsx
// (it transpiles linked ESM plugins that list tsx as a devDependency): slower, and not what users run.
// Shared by the demo, the login benchmark and the plugin's end-to-end tests.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { projectNodeProblem } from './project-node.js';
import { repoRoot } from './repo.js';

/** Directory of the plugin's sources (apps/plugin-jwt). */
export const pluginDir = join(repoRoot, 'apps', 'plugin-jwt');
/** The sf binary of the plugin's @salesforce/cli devDependency. */
export const sfBin = join(pluginDir, 'node_modules', '.bin', 'sf');

/**
 * PATH with this process's Node first: sf and oclif start through `#!/usr/bin/env node` shims, and an older Node
 * earlier on PATH would run them.
 */
function pathWithThisNode(path: string | undefined): string {
  return [dirname(process.execPath), ...(path === undefined || path === '' ? [] : [path])].join(delimiter);
}

/** Environment for sf with HOME at `home`: quiet, offline, isolated (see sf-cli-behaviour.md §8 for each variable). */
export function sfEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: pathWithThisNode(process.env['PATH']),
    HOME: home,
    USERPROFILE: home,
    SF_DISABLE_AUTOUPDATE: 'true',
    SF_AUTOUPDATE_DISABLE: 'true',
    SF_DISABLE_LOG_FILE: 'true',
    SF_DISABLE_TELEMETRY: 'true',
    SF_USE_GENERIC_UNIX_KEYCHAIN: 'true',
    SF_DISABLE_DNS_CHECK: 'true',
    SF_SKIP_NEW_VERSION_CHECK: 'true',
    SF_HIDE_RELEASE_NOTES: 'true',
    NO_COLOR: '1',
    // The staged copy is compiled on purpose; oclif would otherwise warn on every command that it can't transpile it.
    OCLIF_DISABLE_LINKED_ESM_WARNING: 'true',
    ...extra,
  };
}

/** Copies the built plugin into `dir/plugin-jwt`, shaped like an npm install of its tarball; returns that path. */
export function stagePlugin(dir: string): string {
  const problem = projectNodeProblem();
  if (problem !== undefined) throw new Error(problem);
  if (!existsSync(join(pluginDir, 'lib', 'commands', 'jwt', 'login.js'))) {
    throw new Error('apps/plugin-jwt is not built: run the build first (npm test and npm run demo do).');
  }
  const staged = join(dir, 'plugin-jwt');
  for (const part of ['lib', 'messages', 'bin']) cpSync(join(pluginDir, part), join(staged, part), { recursive: true });
  const pjson = JSON.parse(readFileSync(join(pluginDir, 'package.json'), 'utf8')) as Record<string, unknown>;
  delete pjson['devDependencies'];
  delete pjson['scripts'];
  writeFileSync(join(staged, 'package.json'), JSON.stringify(pjson, null, 2));
  symlinkSync(join(pluginDir, 'node_modules'), join(staged, 'node_modules'), 'dir');
  const env = { ...process.env, PATH: pathWithThisNode(process.env['PATH']) };
  // cwd: oclif manifest first deletes ./oclif.manifest.json, which must not be the plugin's own.
  execFileSync(join(pluginDir, 'node_modules', '.bin', 'oclif'), ['manifest', staged], {
    cwd: staged,
    stdio: 'pipe',
    env,
  });
  return staged;
}
