// Every @example in src/client's TSDoc compiles against the real exports, under the project's strict options.
import { strict as assert } from 'node:assert';
import { exampleProblems, examples, undocumentedExports } from '../support/ts-examples.js';

// The inputs examples assume: a key's PEM text, options and a client made earlier, a minted token.
const FREE_VARIABLES = `
declare const privateKeyPem: string;
declare const pem: string;
declare const options: TokenClientOptions;
declare const client: TokenClient;
declare const minted: MintedToken;
`;

describe('TSDoc examples of src/client', function () {
  this.timeout(60_000);
  const all = examples('client');

  it('there is an @example on every export of src/client', () => {
    assert.deepEqual(undocumentedExports('client', '// --- the token client'), []);
    assert.ok(all.length >= 10, `${all.length} examples`);
  });

  it('every example type-checks', () => {
    assert.deepEqual(exampleProblems(all, FREE_VARIABLES), []);
  });
});
