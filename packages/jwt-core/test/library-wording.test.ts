// jwt-core is a library: its messages, fixes, causes, findings and warnings speak of its options and functions,
// never of the CLI's flags, commands or env vars, and never cite a document that does not ship.
import { strict as assert } from 'node:assert';
import { CAUSES } from '../src/diagnose/causes.js';
import { sourceStrings } from './support/source-strings.js';

/** What a library text may not contain, each with a sample it must catch. */
const FORBIDDEN: ReadonlyArray<readonly [name: string, pattern: RegExp, sample: string]> = [
  ['a CLI flag', /(^|[\s(`'"])--[a-z]/, 'ask for it explicitly with --expires-in.'],
  ['an sf command', /\bsf [a-z]/, 'Sign the claims first (sf jwt assert)'],
  ['an env var of the CLI', /\b(SF_JWT|SFJWT|SFDX|SF)_[A-Z_]+/, 'set SF_JWT_KEY_PASSPHRASE or answer the prompt'],
  ['a proxy or TLS env var', /\b(HTTPS?_PROXY|NO_PROXY|NODE_EXTRA_CA_CERTS)\b/, 'behind a proxy set HTTPS_PROXY'],
  ['a citation of a document that does not ship', /reference §|sf-cli-behaviour/, '(reference §2.2)'],
];

describe('library wording', () => {
  const strings = sourceStrings();

  it('finds the texts of every module (string and template literals of src/)', () => {
    assert.ok(strings.length > 1500, `${strings.length} literals`);
    assert.ok(strings.some((s) => s.text.startsWith('Pass its passphrase as the `passphrase` option')));
  });

  for (const [name, pattern, sample] of FORBIDDEN) {
    it(`no text contains ${name}`, () => {
      assert.match(sample, pattern, 'the pattern catches what it is meant to');
      assert.deepEqual(
        strings.filter((s) => pattern.test(s.text)).map((s) => `${s.where}: ${s.text}`),
        [],
      );
    });
  }

  it("every cause's fix, as built, is library wording", () => {
    const ctx = {
      username: 'ci@acme.com',
      clientId: '3MVG9rZjd7MXFdLjRqK0ebwJd',
      tokenHost: 'https://acme.my.salesforce.com',
      audience: 'https://login.salesforce.com',
    };
    for (const [id, cause] of Object.entries(CAUSES)) {
      for (const text of [cause.title, cause.fix(ctx)]) {
        for (const [name, pattern] of FORBIDDEN) assert.doesNotMatch(text, pattern, `${id} contains ${name}`);
      }
    }
  });
});
