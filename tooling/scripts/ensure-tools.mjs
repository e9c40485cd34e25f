#!/usr/bin/env node
// The first step of `npm test` (and so of CI, which runs only `npm test`): the tests check our output with
// independent tools and run the shared token cache against a real Redis, so they need `openssl`, `keytool` (a Java
// runtime), `redis-server` and `redis-cli`. This finds each on PATH; for the missing ones it installs them where it can (root
// with apt-get, or Homebrew), with one line saying so, and otherwise stops before anything runs, with one line
// naming each missing tool and the commands that install them on Debian/Ubuntu and on macOS.
// `npm run demo` does not call this: the demo needs nothing but Node and npm.
// Written for old Nodes too (it runs on the machine's Node, before the project's own is installed).
import { spawnSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Each tool the tests need: what it is for, and the package that brings it. */
export const TOOLS = [
  { command: 'openssl', purpose: 'checks keys, certificates and signatures', apt: 'openssl', brew: 'openssl' },
  { command: 'keytool', purpose: 'checks the JKS keystores', apt: 'default-jre-headless', brew: 'openjdk' },
  { command: 'redis-server', purpose: 'runs the shared token cache tests', apt: 'redis-server', brew: 'redis' },
  { command: 'redis-cli', purpose: 'sets up the Redis cluster tests', apt: 'redis-tools', brew: 'redis' },
];

/** Each package once, in order (Homebrew's redis brings both redis-server and redis-cli). */
const unique = (names) => names.filter((name, i) => names.indexOf(name) === i);

/** The full path of `command` on `path` (an executable regular file), or undefined. */
export function findOnPath(command, path) {
  const dirs = (path || '').split(delimiter).filter((dir) => dir !== '');
  for (let i = 0; i < dirs.length; i++) {
    const file = join(dirs[i], command);
    try {
      if (!statSync(file).isFile()) continue;
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** How to install packages on this machine: apt-get as root, or Homebrew; undefined if neither. */
function installer(env) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const aptGet = findOnPath('apt-get', env.PATH);
  if (isRoot && aptGet !== undefined) {
    return {
      name: 'apt-get',
      packages: (tools) => unique(tools.map((tool) => tool.apt)),
      steps: (packages) => [
        [aptGet, ['update', '-qq']],
        [aptGet, ['install', '-y', '-qq', ...packages]],
      ],
    };
  }
  const brew = findOnPath('brew', env.PATH);
  if (brew !== undefined) {
    return {
      name: 'brew',
      packages: (tools) => unique(tools.map((tool) => tool.brew)),
      steps: (packages) => [[brew, ['install', '--quiet', ...packages]]],
    };
  }
  return undefined;
}

/**
 * Makes sure the tools are on PATH. Returns the exit code: 0 when all are there (installed now or before), 1 with the
 * reason on stderr otherwise.
 */
export function ensureTools(env = process.env, out = process.stdout, err = process.stderr) {
  const missing = TOOLS.filter((tool) => findOnPath(tool.command, env.PATH) === undefined);
  if (missing.length === 0) return 0;
  const names = missing.map((tool) => tool.command).join(', ');
  const how = installer(env);
  if (how !== undefined) {
    const packages = how.packages(missing);
    out.write(`npm test: installing ${names} for the tests (${how.name} install ${packages.join(' ')})\n`);
    const steps = how.steps(packages);
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i];
      const result = spawnSync(step[0], step[1], {
        env: Object.assign({}, env, { DEBIAN_FRONTEND: 'noninteractive' }),
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      if (result.status !== 0) {
        const reason = result.error
          ? result.error.message
          : String(result.stderr || '')
              .trim()
              .split('\n')
              .pop();
        err.write(`npm test: ${how.name} ${step[1].join(' ')} failed (${reason || `exit ${result.status}`}).\n`);
        break;
      }
    }
    return reportMissing(
      missing.filter((tool) => findOnPath(tool.command, env.PATH) === undefined),
      err,
    );
  }
  return reportMissing(missing, err);
}

/** Stops with one line naming each missing tool and the commands that install them; 0 when none is missing. */
function reportMissing(missing, err) {
  if (missing.length === 0) return 0;
  const apt = unique(missing.map((tool) => tool.apt)).join(' ');
  const brew = unique(missing.map((tool) => tool.brew)).join(' ');
  err.write(
    `npm test needs ${missing.map((tool) => tool.command).join(', ')} (not on PATH; installing needs root with apt-get, or brew): ` +
      `on Debian/Ubuntu run \`sudo apt-get install -y ${apt}\`, on macOS \`brew install ${brew}\`, then npm test again.\n`,
  );
  return 1;
}

if (process.argv[1] && /ensure-tools\.mjs$/.test(process.argv[1])) {
  process.exitCode = ensureTools();
}
