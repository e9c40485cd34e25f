// Starting an example's processes together and collecting how each ended, without ever hanging a test: a process
// still running after the backstop is killed and reported as such.
import { execFile } from 'node:child_process';

/** How a process ended: its exit code (or signal) and everything it printed. */
export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The backstop for an example that never ends (the old `redis.connect()` hang), not a measure of speed. */
const BACKSTOP_MS = 120_000;

/** Runs `node file` `count` times at once in `cwd` with exactly `env`; resolves when all have ended. */
export function runTogether(
  node: string,
  file: string,
  options: { cwd: string; env: Record<string, string>; count: number },
): Promise<ProcessResult[]> {
  return Promise.all(
    Array.from(
      { length: options.count },
      () =>
        new Promise<ProcessResult>((resolve) => {
          const child = execFile(
            node,
            [file],
            { cwd: options.cwd, env: options.env, timeout: BACKSTOP_MS, maxBuffer: 1 << 24, encoding: 'utf8' },
            (_error, stdout, stderr) => resolve({ code: child.exitCode, signal: child.signalCode, stdout, stderr }),
          );
        }),
    ),
  );
}
