// Properties of the private-key readers (issue 27): PEM/DER in PKCS#1, PKCS#8 and encrypted PKCS#8, and the CI
// repair of mangled PEM (`normalizePem`, what SFJWT_KEY goes through). See tooling/test-support/src/fuzz.ts.
import { strict as assert } from 'node:assert';
import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import {
  assertCoded,
  assertNoSecret,
  describeProperties,
  fc,
  mutatedBytes,
  mutatedText,
  outcomeOf,
} from '@sfjwt/test-support/fuzz';
import { openssl, withTempFiles } from '@sfjwt/test-support';
import { JwtCoreError } from '../../src/errors.js';
import { exportPrivateKeyPem } from '../../src/keys/export-private-key.js';
import { loadPrivateKey } from '../../src/keys/load-private-key.js';
import { normalizePem } from '../../src/keys/normalize-pem.js';
import { FIXTURE_PASSPHRASE, fixtureBytes, fixtureText } from '../support/fixtures.js';

const PEM_FIXTURES = [
  'keys/pkcs1.key',
  'keys/seed-genpkey.key',
  'keys/seed-genrsa-des3.key',
  'keys/legacy-des3.key',
  'keys/rsa-1024.key',
  'keys/ec-p256-sec1.key',
  'keys/ed25519.key',
  'keys/public-spki.pem',
  'certs/seed-genpkey.crt',
  'certs/csr-fixture.csr',
  'keys/openssh.key',
].map(fixtureText);

const modulusOf = (key: KeyObject): string => createPublicKey(key).export({ format: 'jwk' }).n ?? '';

/** The moduli of the RSA fixtures: a mutated input that still loads must be one of these keys, never another. */
const knownModuli = new Set(
  ['keys/pkcs1.key', 'keys/seed-genpkey.key', 'keys/seed-genrsa-des3.key', 'keys/legacy-des3.key'].map((name) =>
    modulusOf(loadPrivateKey(fixtureText(name), { passphrase: FIXTURE_PASSPHRASE }).keyObject),
  ),
);

/** Key material no error may carry: every base64 line of every fixture, and the passphrase. */
const SECRETS = [
  FIXTURE_PASSPHRASE,
  ...PEM_FIXTURES.flatMap((pem) => pem.split('\n').filter((line) => /^[A-Za-z0-9+/=]{40,}$/.test(line))),
];

const passphrase = fc.option(fc.constantFrom(FIXTURE_PASSPHRASE, 'wrong-passphrase', ''), { nil: undefined });

/** Loads `input`: accepted means one of the fixture keys; refused means a coded KeyError without key material. */
function loadsKnownKeyOrRefuses(input: string | Uint8Array, pass: string | undefined): void {
  const error = outcomeOf(() => {
    const loaded = loadPrivateKey(input, { passphrase: pass });
    assert.ok(knownModuli.has(modulusOf(loaded.keyObject)), 'a mutated input loaded as a key that is not the fixture');
  });
  if (error === undefined) return;
  if (error instanceof assert.AssertionError) throw error;
  assertCoded(error, JwtCoreError);
  assertNoSecret(error, SECRETS);
}

/** How CI secrets, .env files and JSON carry a PEM: its newlines or its whole text re-encoded, then wrapped. */
const encodings: readonly ((pem: string) => string)[] = [
  (pem) => pem,
  (pem) => pem.replace(/\n/g, '\\n'),
  (pem) => pem.replace(/\n/g, ' '),
  (pem) => pem.replace(/\n/g, '\r\n'),
  (pem) => pem.replace(/\n/g, ''),
  (pem) => Buffer.from(pem).toString('base64'),
];
const wrappers: readonly ((text: string) => string)[] = [
  (text) => text,
  (text) => `"${text.trim()}"`,
  (text) => `'${text.trim()}'`,
  (text) => `\ufeff${text}`,
  (text) => `  ${text}\n\n`,
];

let roundTripKey: KeyObject | undefined;
const generatedKey = (): KeyObject => (roundTripKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);

describeProperties('jwt-core/keys', {
  'a mutated PEM loads as the same key or ends in a coded KeyError without key material': {
    runs: 300,
    property: () =>
      fc.property(mutatedText(fc.constantFrom(...PEM_FIXTURES)), passphrase, (input, pass) => {
        loadsKnownKeyOrRefuses(input, pass);
      }),
  },
  'mutated DER and random bytes load as the same key or end in a coded KeyError': {
    runs: 200,
    property: () =>
      fc.property(
        fc.oneof(mutatedBytes(fc.constant(fixtureBytes('keys/seed-genpkey.der'))), fc.uint8Array({ maxLength: 300 })),
        (bytes) => loadsKnownKeyOrRefuses(bytes, undefined),
      ),
  },
  'normalizePem never throws and is idempotent on any text': {
    runs: 300,
    property: () =>
      fc.property(fc.oneof(mutatedText(fc.constantFrom(...PEM_FIXTURES)), fc.string({ unit: 'binary' })), (text) => {
        const once = normalizePem(text);
        assert.equal(normalizePem(once), once);
      }),
  },
  'a PEM mangled by CI, .env or JSON is repaired to the same key': {
    runs: 60,
    property: () =>
      fc.property(
        fc.constantFrom('keys/pkcs1.key', 'keys/seed-genpkey.key', 'keys/seed-genrsa-des3.key'),
        fc.constantFrom(...encodings),
        fc.constantFrom(...wrappers),
        (name, encode, wrap) => {
          const original = fixtureText(name);
          const mangled = wrap(encode(original));
          const expected = modulusOf(loadPrivateKey(original, { passphrase: FIXTURE_PASSPHRASE }).keyObject);
          assert.equal(modulusOf(loadPrivateKey(mangled, { passphrase: FIXTURE_PASSPHRASE }).keyObject), expected);
        },
      ),
  },
  'a key we export, with any passphrase, reads back identically in node:crypto and openssl': {
    runs: 8,
    property: () =>
      fc.property(fc.string({ minLength: 1, maxLength: 24, unit: 'grapheme-ascii' }), (pass) => {
        const key = generatedKey();
        const pem = exportPrivateKeyPem(key, { passphrase: pass });
        assert.equal(modulusOf(loadPrivateKey(pem, { passphrase: pass }).keyObject), modulusOf(key));
        const ours = Buffer.from(modulusOf(key), 'base64url').toString('hex').toUpperCase();
        const theirs = withTempFiles({ 'key.pem': pem, 'pass.txt': `${pass}\n` }, (paths) =>
          openssl(['rsa', '-noout', '-modulus', '-in', paths['key.pem']!, '-passin', `file:${paths['pass.txt']!}`]),
        ).trim();
        assert.equal(theirs, `Modulus=${ours}`);
      }),
  },
});
