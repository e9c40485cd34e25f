// Every TSDoc @example in src/ — on every exported symbol and its members — compiles against the package's public
// entry (src/index.ts) under strict + exactOptionalPropertyTypes. A failure names file:symbol and the module compiled.
import { strict as assert } from 'node:assert';
import { allExamples, exampleProblems } from './support/ts-examples.js';

// The inputs examples assume, declared once: the texts and objects an app would have at hand.
const FREE_VARIABLES = `
declare const pem: string;
declare const pemText: string;
declare const privateKeyPem: string;
declare const certPem: string;
declare const certificatePem: string;
declare const key: import('node:crypto').KeyObject;
declare const keyObject: import('node:crypto').KeyObject;
declare const claims: AssertionClaims;
declare const clientId: string;
declare const username: string;
declare const instanceUrl: string;
declare const assertion: string;
declare const now: () => number;
declare const options: TokenClientOptions;
declare const client: TokenClient;
declare const minted: MintedToken;
declare const app: AppMetadata;
declare const name: string;
declare const existingGitignore: string;
declare const existingForceignore: string;
declare const loaded: LoadedPrivateKey;
declare const password: string;
declare const body: string;
`;

describe('TSDoc examples of every export', function () {
  this.timeout(120_000);
  const all = allExamples();

  it('finds the examples of every folder, members included', () => {
    const folders = new Set(all.map((e) => e.file.split('/')[0]));
    for (const folder of [
      'audience',
      'certs',
      'claims',
      'client',
      'exchange',
      'keys',
      'keystore',
      'metadata',
      'sign',
      'validate',
      'errors.ts',
    ]) {
      assert.ok(folders.has(folder), `no example found in ${folder}`);
    }
    assert.ok(all.length >= 80, `${all.length} examples`);
  });

  it('every example type-checks against the public entry', () => {
    assert.deepEqual(exampleProblems(all, FREE_VARIABLES), []);
  });
});
