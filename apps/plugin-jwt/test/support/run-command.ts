/**
 * Runs a command class in-process (`await Keygen.run([...])`), capturing what it prints and restoring
 * process.exitCode, which SfCommand.catch sets on failure (it would otherwise fail the whole mocha run).
 */
export interface CommandOutcome<T> {
  readonly result?: T;
  readonly error?: Error & { exitCode?: number; actions?: string[]; data?: unknown; result?: unknown };
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/** The result type of a command class: what its instances' `run()` resolves to. */
type ResultOf<C> = C extends abstract new (...args: never[]) => { run(): Promise<infer T> } ? T : never;

export async function runCommand<C extends { run(argv: string[]): Promise<unknown> }>(
  command: C,
  argv: string[],
): Promise<CommandOutcome<ResultOf<C>>> {
  type T = ResultOf<C>;
  const out: string[] = [];
  const err: string[] = [];
  const writeOut = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  const previousExitCode = process.exitCode;
  process.stdout.write = (chunk: string | Uint8Array) => out.push(String(chunk)) > 0;
  process.stderr.write = (chunk: string | Uint8Array) => err.push(String(chunk)) > 0;
  try {
    const result = (await command.run(argv)) as T;
    return { result, stdout: out.join(''), stderr: err.join(''), exitCode: 0 };
  } catch (error) {
    const e = error as NonNullable<CommandOutcome<T>['error']>;
    return { error: e, stdout: out.join(''), stderr: err.join(''), exitCode: typeof e.exitCode === 'number' ? e.exitCode : 1 };
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
    process.exitCode = previousExitCode;
  }
}
