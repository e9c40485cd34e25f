// The mocha suite of a package's README-example table: one test per check of its matrix, all started together before
// the first (a few at a time) and each awaiting its own outcome; the app projects removed after.
import { basename, dirname } from 'node:path';
import { readmeExampleMatrix } from './readme-example-matrix.js';
import type { ReadmeExampleTable } from './readme-example-table.js';

/** The mocha globals the suite registers with (the test files run under mocha). */
interface MochaGlobals {
  describe: (title: string, body: (this: { timeout(ms: number): void }) => void) => void;
  it: (title: string, body: (this: { skip(): void }) => Promise<void>) => void;
  before: (body: () => void) => void;
  after: (body: () => Promise<void>) => void;
}

/** The longest the whole matrix of one README may take on a loaded machine: a backstop, not a measure. */
const SUITE_TIMEOUT_MS = 600_000;

/** Registers the suite of `table`. */
export function describeReadmeExamples(table: ReadmeExampleTable): void {
  const { describe, it, before, after } = globalThis as unknown as MochaGlobals;
  const matrix = readmeExampleMatrix(table);
  const label = `${basename(dirname(table.readme))}/${basename(table.readme)}`;
  describe(`${label} examples: Node 20 and 22, ES module and CommonJS, TypeScript 5, 6 and 7`, function () {
    this.timeout(SUITE_TIMEOUT_MS);
    before(() => matrix.start());
    after(() => matrix.stop());
    for (const check of matrix.checks)
      it(check.title, async function () {
        if (check.skip !== undefined) this.skip();
        await check.result();
      });
  });
}
