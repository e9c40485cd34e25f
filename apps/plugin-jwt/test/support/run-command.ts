/**
 * Runs a command class in-process, capturing what it prints and the exit code, with optional env overrides; restores
 * process.exitCode (SfCommand.catch sets it on failure, which would otherwise fail the whole mocha run) and the env.
 */
import { fileURLToPath } from 'node:url';

export interface Outcome<T> {
  readonly result?: T;
  readonly error?: Error & { exitCode?: number; actions?: string[]; data?: unknown; result?: unknown };
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

// oclif's static run() is typed loosely, so callers name the result type: runInProcess<JwtAssertResult>(JwtAssert, …).
type Runnable = { run(argv: string[], dir: string): Promise<unknown> };

export const pluginDir = fileURLToPath(new URL('../../', import.meta.url));

// Every SfCommand run adds process signal listeners; many in-process runs would print MaxListenersExceededWarning.
process.setMaxListeners(0);

/** Runs a command class in-process with `env` merged into process.env; captures output and process.exitCode. */
export async function runInProcess<T>(
  command: Runnable,
  argv: string[],
  env: Record<string, string | undefined> = {},
): Promise<Outcome<T>> {
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
    return {
      result,
      stdout: out.join(''),
      stderr: err.join(''),
      exitCode: typeof process.exitCode === 'number' ? process.exitCode : 0,
    };
  } catch (error) {
    const e = error as NonNullable<Outcome<T>['error']>;
    return {
      error: e,
      // A failure that keeps its result (doctor's checklist, validate's findings) has it on the error.
      ...(e.result === undefined ? {} : { result: e.result as T }),
      stdout: out.join(''),
      stderr: err.join(''),
      exitCode: typeof e.exitCode === 'number' ? e.exitCode : 1,
    };
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

/** The result type of a command class: what its instances' `run()` resolves to. */
type ResultOf<C> = C extends abstract new (...args: never[]) => { run(): Promise<infer T> } ? T : never;

/** {@link runInProcess} with the result type inferred from the command class. */
export function runCommand<C extends Runnable>(command: C, argv: string[]): Promise<Outcome<ResultOf<C>>> {
  return runInProcess<ResultOf<C>>(command, argv);
}

/** Older name of {@link Outcome}. */
export type CommandOutcome<T> = Outcome<T>;
