// The project runs on the Node of the root `node` devDependency. An older Node from PATH fails far from the cause
// (oclif's manifest step dies with "TypeError: Cannot read properties of undefined (reading 'bind')"), so say it first.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './repo.js';

/** The major version of the root package.json's `node` devDependency (the Node the project installs for itself). */
export function projectNodeMajor(): number {
  const pjson = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    devDependencies?: Record<string, string>;
  };
  const major = /\d+/.exec(pjson.devDependencies?.['node'] ?? '')?.[0];
  if (major === undefined)
    throw new Error(`${join(repoRoot, 'package.json')} has no "node" devDependency to take the Node version from.`);
  return Number(major);
}

/** Why this process's Node cannot run the project, in one sentence; undefined when it can. */
export function projectNodeProblem(
  version: string = process.versions.node,
  execPath: string = process.execPath,
): string | undefined {
  const required = projectNodeMajor();
  if (Number(version.split('.')[0]) >= required) return undefined;
  return (
    `sfjwt needs Node ${required} or newer but this is Node ${version} (${execPath}): ` +
    `run \`node tooling/scripts/pnpm.mjs install\` and \`export PATH="${join(repoRoot, 'node_modules', '.bin')}:$PATH"\` ` +
    'in the repository (npm test and npm run demo do this for you).'
  );
}

/** Exits with status 1 and the one-sentence reason when this Node cannot run the project. For entry points. */
export function requireProjectNode(): void {
  const problem = projectNodeProblem();
  if (problem === undefined) return;
  process.stderr.write(`${problem}\n`);
  process.exit(1);
}
