/**
 * Snapshots of what a command prints with `--json`: the exit code, stdout and stderr, with the volatile parts
 * (temp paths, the emulator's port, durations, stack traces, random key material) replaced by placeholders and
 * everything else kept byte for byte. `UPDATE_SNAPSHOTS=1` rewrites the files; a missing file is a failure.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** What a run printed. */
export interface Printed {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Exact strings to replace (longest first), e.g. a temp dir → `<work>`. */
export type Replacements = ReadonlyArray<readonly [string, string]>;

// A JSON string literal: what follows `"stack": ` or `"cause": `.
const STRING = String.raw`"(?:[^"\\]|\\.)*"`;

/** Replaces what differs between runs; the rest stays as printed. */
export function normalize(text: string, replacements: Replacements): string {
  let out = text;
  for (const [from, to] of [...replacements]
    .filter(([from]) => from !== '')
    .sort((a, b) => b[0].length - a[0].length)) {
    out = out.split(from).join(to);
  }
  return (
    out
      // Stack traces name source files and lines: not part of the contract.
      .replace(new RegExp(`("stack": )${STRING}`, 'g'), '$1"<stack>"')
      .replace(new RegExp(`("cause": )${STRING}`, 'g'), (all: string, key: string) =>
        all.includes('\\n    at ') ? `${key}"<cause>"` : all,
      )
      .replace(/"durationMs": \d+/g, '"durationMs": 0')
      .replace(/\((\d+) ms\)/g, '(<n> ms)')
  );
}

/** The values at `paths` (dot-separated, into the parsed stdout) as replacements with `<path>` placeholders. */
export function volatileValues(stdout: string, paths: readonly string[]): Replacements {
  if (paths.length === 0) return [];
  const json = JSON.parse(stdout) as unknown;
  return paths.map((path) => {
    const value = path
      .split('.')
      .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], json);
    assert.equal(typeof value, 'string', `${path} is not a string in:\n${stdout}`);
    return [value as string, `<${path}>`] as const;
  });
}

/** Renders a run for its snapshot file. */
export function render(printed: Printed, replacements: Replacements): string {
  return [
    `exit ${printed.exitCode}`,
    '--- stdout',
    normalize(printed.stdout, replacements),
    '--- stderr',
    normalize(printed.stderr, replacements),
  ].join('\n');
}

/** Asserts `actual` equals the stored snapshot `name` (or stores it when UPDATE_SNAPSHOTS=1). */
export function assertSnapshot(name: string, actual: string): void {
  const file = fileURLToPath(new URL(`snapshots/${name}.txt`, import.meta.url));
  if (process.env.UPDATE_SNAPSHOTS === '1') {
    writeFileSync(file, actual);
    return;
  }
  assert.ok(existsSync(file), `no snapshot ${file}: run with UPDATE_SNAPSHOTS=1 once, then review and commit it`);
  assert.equal(actual, readFileSync(file, 'utf8'), `--json output of ${name} changed`);
}
