// Properties of the keystore writers (issue 27): for generated aliases and passwords (valid ones, Unicode, spaces,
// hostile characters, off-by-one lengths), a JKS or PKCS#12 is refused with a coded error that never echoes the
// password, or it opens in keytool and openssl under that alias and password with our certificate (a bounded
// sample: each check starts a JVM or openssl).
import { strict as assert } from 'node:assert';
import { X509Certificate } from 'node:crypto';
import { keytool, openssl, tempDir } from '@sfjwt/test-support';
import { assertCoded, assertNoSecret, describeProperties, fc, hostileText, outcomeOf } from '@sfjwt/test-support/fuzz';
import { JwtCoreError } from '../../src/errors.js';
import { createJavaKeyStore, javaKeyStoreAlias } from '../../src/keystore/java-keystore.js';
import { createPkcs12 } from '../../src/keystore/pkcs12.js';
import { loadPrivateKey } from '../../src/keys/load-private-key.js';
import { fixtureText } from '../support/fixtures.js';

const KEY = loadPrivateKey(fixtureText('keys/seed-genpkey.key')).keyObject;
const CERT = fixtureText('certs/seed-genpkey.crt');
const FINGERPRINT = new X509Certificate(CERT).fingerprint256;

const alias = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,10}(_[A-Za-z0-9]{1,8}){0,2}$/) },
  hostileText,
  fc.string({ maxLength: 40 }),
);
const password = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 6, maxLength: 24 }) },
  fc.string({ unit: 'grapheme-ascii', minLength: 5, maxLength: 6 }),
  hostileText,
);

/** Builds a keystore, or checks the coded refusal keeps the password out. */
function built(make: () => Uint8Array, pass: string): Uint8Array | undefined {
  let bytes: Uint8Array | undefined;
  const error = outcomeOf(() => (bytes = make()));
  if (error === undefined) return bytes;
  assertCoded(error, JwtCoreError);
  if (pass.length >= 8) assertNoSecret(error, [pass]);
  return undefined;
}

/** keytool's SHA-256 fingerprint of the one entry under `name`, as X509Certificate writes it. */
function keytoolFingerprint(file: string, storetype: string, name: string, pass: string): string {
  const listing = keytool([
    '-list',
    '-v',
    '-keystore',
    file,
    '-storepass',
    pass,
    '-storetype',
    storetype,
    '-alias',
    name,
  ]);
  assert.match(listing, /Entry type: PrivateKeyEntry/);
  return /SHA256: ([0-9A-F:]+)/.exec(listing)?.[1] ?? '';
}

describeProperties('jwt-core/keystores', {
  'a JKS for any alias and password is refused with a coded error or opens in keytool under them': {
    runs: 3,
    property: () =>
      fc.property(alias, password, (name, pass) => {
        const jks = built(
          () =>
            createJavaKeyStore({
              key: KEY,
              certificatePem: CERT,
              alias: name,
              password: pass,
              now: () => 1_700_000_000_000,
            }),
          pass,
        );
        if (jks === undefined) return;
        const dir = tempDir();
        try {
          const file = dir.write('x.jks', jks);
          assert.equal(keytoolFingerprint(file, 'JKS', javaKeyStoreAlias(name), pass), FINGERPRINT);
        } finally {
          dir.remove();
        }
      }),
  },
  'a PKCS#12 for any alias and password is refused with a coded error or opens in openssl and keytool under them': {
    runs: 3,
    property: () =>
      fc.property(alias, password, (name, pass) => {
        const p12 = built(() => createPkcs12({ key: KEY, certificatePem: CERT, alias: name, password: pass }), pass);
        if (p12 === undefined) return;
        const dir = tempDir();
        try {
          const file = dir.write('x.p12', p12);
          const passFile = dir.write('pass.txt', `${pass}\n`);
          const pem = openssl(['pkcs12', '-in', file, '-nodes', '-passin', `file:${passFile}`]);
          const certificate = pem.slice(pem.indexOf('-----BEGIN CERTIFICATE-----'));
          assert.equal(new X509Certificate(certificate).fingerprint256, FINGERPRINT);
          assert.equal(keytoolFingerprint(file, 'PKCS12', javaKeyStoreAlias(name), pass), FINGERPRINT);
        } finally {
          dir.remove();
        }
      }),
  },
});
