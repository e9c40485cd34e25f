// Two ways to run a command in tests: in-process (fast; result, output and exit code) and as a child process
// (real stdin pipes and the exact bytes on stdout).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Outcome<T> {
  readonly result?: T;
  readonly error?: Error & { exitCode?: number; actions?: string[] };
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

// oclif's static run() is typed loosely, so callers name the result type: runInProcess<JwtAssertResult>(JwtAssert, …).
type Runnable = { run(argv: string[], dir: string): Promise<unknown> };

export const pluginDir = fileURLToPath(new URL('../../../', import.meta.url));

// Every SfCommand run adds process signal listeners; many in-process runs would print MaxListenersExceededWarning.
process.setMaxListeners(0);

/** Runs a command class in-process with `env` merged into process.env; captures output and process.exitCode. */
export async function runInProcess<T>(command: Runnable, argv: string[], env: Record<string, string | undefined> = {}): Promise<Outcome<T>> {
  const out: string[] = [];
  const err: string[] = [];
  const writeOut = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  const savedExit = process.exitCode;
  process.exitCode = undefined;
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  process.stdout.write = (chunk: string | Uint8Array): boolean => out.push(String(chunk)) > 0;
  process.stderr.write = (chunk: string | Uint8Array): boolean => err.push(String(chunk)) > 0;
  try {
    const result = (await command.run(argv, pluginDir)) as T;
    return { result, stdout: out.join(''), stderr: err.join(''), exitCode: typeof process.exitCode === 'number' ? process.exitCode : 0 };
  } catch (error) {
    const e = error as NonNullable<Outcome<T>['error']>;
    return { error: e, stdout: out.join(''), stderr: err.join(''), exitCode: typeof e.exitCode === 'number' ? e.exitCode : 1 };
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
    process.exitCode = savedExit;
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** Runs `sf jwt <name> …argv` as a child process through cli-entry.ts (isolated HOME), feeding `input` on stdin. */
export function runProcess(name: string, argv: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Outcome<never>> {
  const home = mkdtempSync(join(tmpdir(), 'plugin-jwt-home-'));
  return new Promise<Outcome<never>>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('cli-entry.ts', import.meta.url)), name, ...argv], {
      cwd: pluginDir,
      env: { PATH: process.env.PATH, HOME: home, SF_DISABLE_AUTOUPDATE: 'true', SF_DISABLE_TELEMETRY: 'true', SF_DISABLE_LOG_FILE: 'true', NO_COLOR: '1', ...options.env },
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(), exitCode: code ?? 1 }));
    child.stdin.end(options.input ?? '');
  }).finally(() => rmSync(home, { recursive: true, force: true }));
}
