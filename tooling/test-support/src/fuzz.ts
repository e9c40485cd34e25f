// Property-based fuzzing of the parsers (issue 27): one registration helper shared by every `*.property.test.ts`.
//
// Two modes, chosen by the environment:
// - under `npm test` (no SFJWT_FUZZ_SECONDS): each property runs its own modest `runs` with the fixed FUZZ_SEED, so
//   a red run is the same red run on every machine, and a counterexample is printed by fast-check with its seed;
// - under `npm run fuzz` (tooling/scripts/fuzz.mjs sets SFJWT_FUZZ_SECONDS, SFJWT_FUZZ_SEED, SFJWT_FUZZ_REPORT): each
//   property runs until its share of the time is spent, from a random seed, and appends one JSON line per property
//   (inputs tried, the shrunk counterexample and its seed) to the report file that the script sums up.
import { appendFileSync } from 'node:fs';
import fc from 'fast-check';

export { fc };

/** The seed of every property under `npm test`: fixed, so CI is deterministic. */
export const FUZZ_SEED = 27_2026;

/** One property of a parser: `runs` is its budget under `npm test`; the property is built when it runs. */
export interface PropertySpec {
  readonly runs: number;
  readonly property: () => fc.IRawProperty<never> | fc.IRawProperty<unknown[]>;
}

/** What one property reports to the long-run summary (a line of SFJWT_FUZZ_REPORT). */
export interface PropertyReport {
  readonly parser: string;
  readonly property: string;
  readonly inputs: number;
  readonly failed: boolean;
  readonly seed: number;
  readonly path: string | null;
  readonly counterexample: string | null;
  readonly error: string | null;
}

interface MochaGlobals {
  describe: (title: string, body: () => void) => void;
  it: (title: string, body: () => Promise<void>) => void;
}

interface LongRun {
  readonly secondsEach: number;
  readonly seed: number;
  readonly reportFile: string | undefined;
}

function longRun(count: number): LongRun | undefined {
  const seconds = Number(process.env['SFJWT_FUZZ_SECONDS']);
  if (!Number.isFinite(seconds) || seconds <= 0) return undefined;
  const seed = Number(process.env['SFJWT_FUZZ_SEED']);
  return {
    secondsEach: seconds / count,
    seed: Number.isSafeInteger(seed) ? seed : Math.floor(Math.random() * 2 ** 31),
    reportFile: process.env['SFJWT_FUZZ_REPORT'],
  };
}

/**
 * Registers one mocha `describe` for `parser` ("package/parser", as the fuzz script names the file) with one `it`
 * per property. Under `npm test` a failure is fast-check's report (counterexample, seed, path); in a long run the
 * failure is also written to the report file.
 */
export function describeProperties(parser: string, properties: Readonly<Record<string, PropertySpec>>): void {
  const { describe, it } = globalThis as unknown as MochaGlobals;
  const names = Object.keys(properties);
  const long = longRun(names.length);
  describe(`properties: ${parser}`, () => {
    for (const name of names) {
      const spec = properties[name]!;
      it(name, async () => {
        if (long === undefined) {
          await fc.assert(spec.property() as fc.IRawProperty<unknown[]>, { seed: FUZZ_SEED, numRuns: spec.runs });
          return;
        }
        await runLong(parser, name, spec, long);
      });
    }
  });
}

async function runLong(parser: string, name: string, spec: PropertySpec, long: LongRun): Promise<void> {
  const details = await fc.check(spec.property() as fc.IRawProperty<unknown[]>, {
    seed: long.seed,
    numRuns: Number.MAX_SAFE_INTEGER,
    plugins: [fc.interruptAfterTimeLimit(long.secondsEach * 1000)],
  });
  const report: PropertyReport = {
    parser,
    property: name,
    inputs: details.numRuns,
    failed: details.failed,
    seed: details.seed,
    path: details.counterexamplePath,
    counterexample: details.counterexample === null ? null : fc.stringify(details.counterexample),
    error: details.errorInstance === null ? null : describeError(details.errorInstance),
  };
  if (long.reportFile !== undefined) appendFileSync(long.reportFile, `${JSON.stringify(report)}\n`);
  if (details.failed) throw new Error(fc.defaultReportMessage(details) ?? `${parser}: ${name} failed`);
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 2000);
  return String(error).slice(0, 2000);
}

// --- assertions shared by the property files ---

/** The error an input caused, or undefined when it was accepted; what a property inspects. */
export function outcomeOf(action: () => unknown): unknown {
  try {
    action();
    return undefined;
  } catch (error) {
    return error;
  }
}

/** The error a promise rejected with, or undefined when it resolved. */
export async function asyncOutcomeOf(action: () => Promise<unknown>): Promise<unknown> {
  try {
    await action();
    return undefined;
  } catch (error) {
    return error;
  }
}

/**
 * Fails unless `error` is one of ours: an instance of `base` (the package's coded error class) with a string `code`
 * matching `codePattern` and a non-empty message. A TypeError, RangeError or uncoded Error fails with its stack.
 */
export function assertCoded(
  error: unknown,
  base: abstract new (...args: never[]) => Error,
  codePattern = /^ERR_[A-Z0-9_]+$/,
): void {
  const code = (error as { code?: unknown } | null)?.code;
  if (!(error instanceof base) || typeof code !== 'string' || !codePattern.test(code) || error.message.length === 0) {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    throw new Error(`not a coded ${base.name} (code ${String(code)}): ${detail}`);
  }
}

/** Every text an error carries to a user: message, fix, cause chain, and its JSON form. */
export function errorTexts(error: unknown, depth = 0): string[] {
  if (!(error instanceof Error) || depth > 4) return [String(error)];
  const fields = error as unknown as Record<string, unknown>;
  const texts = [error.message, ...Object.values(fields).filter((value): value is string => typeof value === 'string')];
  try {
    texts.push(JSON.stringify(error));
  } catch {
    // a cyclic detail cannot be serialized; the strings above are still checked
  }
  return error.cause === undefined ? texts : [...texts, ...errorTexts(error.cause, depth + 1)];
}

/** Fails when any text of `error` contains one of `secrets` (each at least 8 characters, so chance matches stay out). */
export function assertNoSecret(error: unknown, secrets: readonly string[]): void {
  const texts = errorTexts(error);
  for (const secret of secrets.filter((candidate) => candidate.length >= 8)) {
    const leak = texts.find((text) => text.includes(secret));
    if (leak !== undefined) throw new Error(`a secret reached an error text: ${leak.slice(0, 200)}`);
  }
}
