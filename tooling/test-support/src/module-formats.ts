// Whether a built package loads by import and by require() (Node's require() of ES modules) on the Nodes its README
// promises: the project's (22) and the machine's Node 20 (/usr/bin/node), when present.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The project's Node and, where the machine has one, its Node 20. */
export function nodesToTest(): string[] {
  return [process.execPath, ...(existsSync('/usr/bin/node') ? ['/usr/bin/node'] : [])];
}

/**
 * For each Node of {@link nodesToTest}: `import(name)` and `require(name)`, run in `packageDir` (the package refers
 * to itself by name), must both give a function `exportName`. Returns what went wrong, one line each (none: []).
 */
export async function moduleFormatProblems(packageDir: string, name: string, exportName: string): Promise<string[]> {
  const problems: string[] = [];
  for (const node of nodesToTest()) {
    const version = (await run(node, ['--version'])).stdout.trim();
    const scripts: [string, string[]][] = [
      ['import', ['--input-type=module', '-e', `import('${name}').then((m) => console.log(typeof m.${exportName}))`]],
      ['require', ['-e', `console.log(typeof require('${name}').${exportName})`]],
    ];
    for (const [how, args] of scripts) {
      try {
        const { stdout } = await run(node, args, { cwd: packageDir });
        if (stdout !== 'function\n') problems.push(`${version} ${how}: ${exportName} is ${stdout.trim()}`);
      } catch (error) {
        problems.push(`${version} ${how}: ${String((error as Error).message).split('\n')[0]}`);
      }
    }
  }
  return problems;
}
