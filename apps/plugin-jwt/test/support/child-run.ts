// One way to run a command as a child process in tests: `node <args>` with sf's quiet settings, a HOME of its own,
// stdin fed (or closed), and every byte of stdout and stderr kept.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What a child printed and how it ended; killed by a signal = exit code -1 (never mistaken for a clean exit 1). */
export interface ChildRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
  /** The child was still running at `killAfterMs` and was killed (a hang guard, not a measurement). */
  readonly killedAtDeadline?: boolean;
}

export interface ChildRunOptions {
  readonly cwd: string;
  /** Added to (and overriding) the quiet sf environment. */
  readonly env?: NodeJS.ProcessEnv | undefined;
  /** Written to stdin, which is then closed. */
  readonly input?: string | undefined;
  /** The HOME to use; without it a fresh one is made and removed afterwards. */
  readonly home?: string | undefined;
  /** Given the child once it runs (e.g. to send it a signal when something happens). */
  readonly started?: ((child: ChildProcess) => void) | undefined;
  /** A hang guard: kill the child if it is still running this long after it started. */
  readonly killAfterMs?: number | undefined;
}

/** Runs `node …args` (the test's own Node) with PATH, a HOME, sf's autoupdate/telemetry/log file off and no colour. */
export async function runNodeChild(args: readonly string[], options: ChildRunOptions): Promise<ChildRun> {
  const home = options.home ?? mkdtempSync(join(tmpdir(), 'plugin-jwt-home-'));
  try {
    return await new Promise<ChildRun>((resolve, reject) => {
      const child = spawn(process.execPath, args, {
        cwd: options.cwd,
        env: {
          PATH: process.env.PATH,
          HOME: home,
          SF_DISABLE_AUTOUPDATE: 'true',
          SF_DISABLE_TELEMETRY: 'true',
          SF_DISABLE_LOG_FILE: 'true',
          NO_COLOR: '1',
          ...options.env,
        },
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (d: Buffer) => out.push(d));
      child.stderr.on('data', (d: Buffer) => err.push(d));
      let killedAtDeadline = false;
      const guard =
        options.killAfterMs === undefined
          ? undefined
          : setTimeout(() => {
              killedAtDeadline = true;
              child.kill('SIGKILL');
            }, options.killAfterMs);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(guard);
        resolve({
          stdout: Buffer.concat(out).toString(),
          stderr: Buffer.concat(err).toString(),
          exitCode: code ?? -1,
          ...(guard === undefined ? {} : { killedAtDeadline }),
        });
      });
      child.stdin.end(options.input ?? '');
      options.started?.(child);
    });
  } finally {
    if (options.home === undefined) rmSync(home, { recursive: true, force: true });
  }
}
