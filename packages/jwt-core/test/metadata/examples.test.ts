// Every @example in src/metadata's TSDoc compiles against the real exports, under the project's strict options.
import { strict as assert } from 'node:assert';
import { exampleProblems, examples, undocumentedExports } from '../support/ts-examples.js';

// The inputs examples assume: the certificate text, an app built earlier, a name, existing ignore files.
const FREE_VARIABLES = `
declare const certificatePem: string;
declare const app: AppMetadata;
declare const name: string;
declare const existingGitignore: string;
declare const existingForceignore: string;
`;

describe('TSDoc examples of src/metadata', function () {
  this.timeout(60_000);
  const all = examples('metadata');

  it('there is an @example on every export of src/metadata', () => {
    assert.deepEqual(undocumentedExports('metadata', '// --- app metadata'), []);
    assert.ok(all.length >= 30, `${all.length} examples`);
  });

  it('every example type-checks', () => {
    assert.deepEqual(exampleProblems(all, FREE_VARIABLES), []);
  });
});
