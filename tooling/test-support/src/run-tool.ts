// Runs a command-line tool to completion and hands back what it printed.
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';

/** Runs `tool …args` and returns stdout; `input` goes to stdin. Throws (with stderr) on a non-zero exit. */
export function runTool(tool: string, args: readonly string[], input?: string): string {
  return execFileSync(tool, args, { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Runs `tool …args`; returns stdout and stderr together, for tools that report on both. Throws with both on failure. */
export function runToolAll(tool: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): string {
  const child = spawnSync(tool, args, { encoding: 'utf8', env });
  if (child.error !== undefined) throw child.error;
  const output = child.stdout + child.stderr;
  if (child.status !== 0) throw new Error(`${tool} ${args[0] ?? ''} exited with ${child.status}: ${output}`);
  return output;
}

/** The full path of the executable `tool` on PATH, or undefined. */
export function findOnPath(tool: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir === '') continue;
    try {
      accessSync(join(dir, tool), constants.X_OK);
      return join(dir, tool);
    } catch {
      // not here
    }
  }
  return undefined;
}
