// A fresh npm project in a temp dir, made the way an app developer makes one: a package.json of the caller's `type`,
// then `npm install` of our release tarballs (packCurrentBuild: release-pack.mjs --no-build) and public packages from
// the registry. It lives under the OS temp dir, outside the repository, so Node's lookup never walks up into the
// workspace's node_modules; `projectLeaks` proves it for the packages a test uses.
//
// Cached per process: the tarballs are packed once, and one project per (type, packages, registry, node) is installed
// once and reused by every test and bench row of the run (npm's own cache makes the registry part quick). Removed at
// exit.
import { execFile } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { findOnPath } from './run-tool.js';
import { packCurrentBuild, registryEnv } from './sf-install.js';

const run = promisify(execFile);
/** An upper bound on one `npm install` on a loaded machine, not a wait. */
const INSTALL_DEADLINE_MS = 300_000;

/** Options of {@link freshProject}. */
export interface FreshProjectOptions {
  /** package.json's `type`: `npm init -y` makes `commonjs`; an ESM app sets `module`. */
  readonly type: 'module' | 'commonjs';
  /** Our packages, installed from the release tarballs: `@sfjwt/jwt-core`, `@sfjwt/jsforce`, … */
  readonly tarballs: readonly string[];
  /** Public packages from the registry, as `npm install` takes them: `jsforce@3`, `redis@^6.4.0`. */
  readonly registry: readonly string[];
  /** The Node that runs npm (and so checks `engines`): the project's by default; `/usr/bin/node` for a Node 20 app. */
  readonly node?: string;
}

/** An installed project. Shared by the run's tests: write your own files into it, never change its node_modules. */
export interface FreshProject {
  readonly dir: string;
  /** The tarballs installed, by package name. */
  readonly tarballs: Readonly<Record<string, string>>;
  /** The Node its npm ran on. */
  readonly node: string;
  /** Writes `text` to `name` in the project; returns the path. */
  write(name: string, text: string): string;
  /** Environment for running the project's files: PATH, HOME and registry settings only (no NODE_PATH, no npm_*). */
  env(extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
}

const projects = new Map<string, Promise<FreshProject>>();
let packed: { dir: string; byName: Map<string, string> } | undefined;
const made: string[] = [];

/** The project for `options`, installed on first use in this process and reused after. */
export function freshProject(options: FreshProjectOptions): Promise<FreshProject> {
  const node = options.node ?? process.execPath;
  const key = JSON.stringify([options.type, [...options.tarballs].sort(), [...options.registry].sort(), node]);
  let project = projects.get(key);
  if (project === undefined) {
    project = install({ ...options, node });
    projects.set(key, project);
    // A failed install is not cached: the next caller tries again and sees its own error.
    project.catch(() => projects.delete(key));
  }
  return project;
}

/** The release tarballs of the current build, packed once per process; by package name. */
export function releaseTarballs(): ReadonlyMap<string, string> {
  if (packed === undefined) {
    const dir = madeDir('sfjwt-release-');
    const byName = new Map<string, string>();
    for (const file of packCurrentBuild(dir)) {
      // sfjwt-jwt-core-0.1.0.tgz → @sfjwt/jwt-core
      const name = /^sfjwt-(.+)-\d+\.\d+\.\d+.*\.tgz$/.exec(file)?.[1];
      if (name !== undefined) byName.set(`@sfjwt/${name}`, join(dir, file));
    }
    packed = { dir, byName };
  }
  return packed.byName;
}

async function install(options: FreshProjectOptions & { node: string }): Promise<FreshProject> {
  const all = releaseTarballs();
  const tarballs: Record<string, string> = {};
  for (const name of options.tarballs) {
    const tarball = all.get(name);
    if (tarball === undefined) {
      throw new Error(`release-pack wrote no tarball for ${name} (is it built?): ${[...all.keys()].join(', ')}`);
    }
    tarballs[name] = tarball;
  }
  const dir = madeDir('sfjwt-app-');
  const env = projectEnv(options.node);
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: 'sfjwt-fresh-app', version: '1.0.0', private: true, type: options.type }, null, 2)}\n`,
  );
  // The @sfjwt scope points at a closed port: a dependency on our packages by name fails instead of being fetched.
  writeFileSync(
    join(dir, '.npmrc'),
    ['@sfjwt:registry=http://127.0.0.1:9/', 'fund=false', 'audit=false', ''].join('\n'),
  );
  const args = [npmCli(), 'install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'];
  try {
    await run(options.node, [...args, ...Object.values(tarballs), ...options.registry], {
      cwd: dir,
      env,
      timeout: INSTALL_DEADLINE_MS,
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`npm install in ${dir} failed: ${(error as Error).message}\n${stdout ?? ''}${stderr ?? ''}`);
  }
  return {
    dir,
    tarballs,
    node: options.node,
    write: (name, text) => (writeFileSync(join(dir, name), text), join(dir, name)),
    env: (extra = {}) => ({ ...projectEnv(options.node), ...extra }),
  };
}

/**
 * What of `specifiers` resolves, for an ES module of `dir`, outside `dir/node_modules` (one line each; none: []).
 * Asks Node itself (`import.meta.resolve` in a child run in `dir` with {@link FreshProject.env}'s environment) and
 * follows symlinks, so a package linked to the workspace counts as a leak.
 */
export async function projectLeaks(
  dir: string,
  specifiers: readonly string[],
  node: string = process.execPath,
): Promise<string[]> {
  const script = `for (const s of ${JSON.stringify(specifiers)}) { try { console.log(import.meta.resolve(s)) } catch (e) { console.log('unresolved: ' + e.code) } }`;
  const { stdout } = await run(node, ['--input-type=module', '-e', script], { cwd: dir, env: projectEnv(node) });
  const inside = `${realpathSync(dir)}${sep}node_modules${sep}`;
  return stdout
    .trimEnd()
    .split('\n')
    .map((line, i) => {
      if (!line.startsWith('file:')) return `${specifiers[i]}: ${line}`;
      const path = realpathSync(fileURLToPath(line));
      return path.startsWith(inside) ? '' : `${specifiers[i]}: ${path}`;
    })
    .filter((problem) => problem !== '');
}

/** PATH (with `node`'s folder first, so npm's scripts run on it), HOME and the registry settings; nothing else. */
function projectEnv(node: string): NodeJS.ProcessEnv {
  const nodeDir = node.slice(0, node.lastIndexOf(sep));
  return {
    PATH: [nodeDir, ...(process.env.PATH ?? '').split(delimiter)].join(delimiter),
    HOME: process.env.HOME,
    ...registryEnv(),
  };
}

/** npm's own entry script (the npm on PATH), run with the chosen Node rather than the one on its shebang line. */
function npmCli(): string {
  const npm = findOnPath('npm');
  if (npm === undefined) throw new Error('npm is not on PATH: a fresh project is installed with it.');
  return realpathSync(npm);
}

function madeDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (made.length === 0) process.once('exit', () => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
  made.push(dir);
  return dir;
}

/** An upper bound on one run of a project's file (SIGKILL after), not a wait: a loop must fail, not hang the test. */
const RUN_DEADLINE_MS = 60_000;

/**
 * Runs `file` of the project on its Node and resolves to its stdout; rejects with stderr on a non-zero exit or when
 * it runs past `deadlineMs`. Asynchronous: a server the test runs in this process (the emulator) must go on answering.
 */
export async function runInProject(
  project: FreshProject,
  file: string,
  env: NodeJS.ProcessEnv = {},
  deadlineMs = RUN_DEADLINE_MS,
): Promise<string> {
  try {
    const { stdout } = await run(project.node, [join(project.dir, file)], {
      cwd: project.dir,
      env: project.env(env),
      timeout: deadlineMs,
      killSignal: 'SIGKILL',
    });
    return stdout;
  } catch (error) {
    const { killed, stderr } = error as { killed?: boolean; stderr?: string };
    const what = killed === true ? `did not finish within ${deadlineMs} ms` : `failed: ${(error as Error).message}`;
    throw new Error(`${file} ${what}\n${stderr ?? ''}`);
  }
}
