import { strict as assert } from 'node:assert';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { createSelfSignedCertificate } from '../../src/certs/create-certificate.js';
import { createJavaKeyStore, javaKeyStoreAlias } from '../../src/keystore/java-keystore.js';
import { generateRsaKeyPair } from '../../src/keys/generate-key-pair.js';
import { fixturePath, fixtureText } from '../support/fixtures.js';
import { recoverJksKey, readJks, splitEncryptedPrivateKeyInfo } from './jks-reader.js';
import { keytool, makeChain, modulusOf, openssl as opensslFiles, tempDir } from '@sfjwt/test-support';

const certPem = fixtureText('certs/seed-genpkey.crt');
const key = createPrivateKey(fixtureText('keys/seed-genpkey.key'));
const cert = new X509Certificate(certPem);
const PASSWORD = 'changeit';
const NOW = Date.parse('2027-03-04T05:06:07.089Z');
const options = { key, certificatePem: certPem, alias: 'Acme_CI', password: PASSWORD, now: () => NOW };
// OID 1.3.6.1.4.1.42.2.17.1.1 followed by NULL parameters.
const KEY_PROTECTOR_ALGORITHM = '300e060a2b060104012a021101010500';

describe('createJavaKeyStore', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.remove());

  it('writes JKS v2 with one PrivateKeyEntry: lower-cased alias, date from the clock, the certificate, a valid digest', () => {
    const jks = readJks(createJavaKeyStore(options), PASSWORD);
    assert.equal(jks.magic, 0xfeedfeed);
    assert.equal(jks.version, 2);
    assert.equal(jks.entries.length, 1);
    const [entry] = jks.entries;
    assert.equal(entry?.alias, 'acme_ci');
    assert.equal(entry?.created, NOW);
    assert.deepEqual(entry?.certificateTypes, ['X.509']);
    assert.deepEqual(
      entry?.chain.map((c) => c.fingerprint256),
      [cert.fingerprint256],
    );
    assert.equal(jks.integrityOk, true);
    assert.equal(readJks(createJavaKeyStore(options), 'changeix').integrityOk, false);
  });

  it("protects the key with Sun's KeyProtector under the store password: PKCS#8 comes back, fresh salt each time", () => {
    const first = readJks(createJavaKeyStore(options), PASSWORD).entries[0]!;
    const second = readJks(createJavaKeyStore(options), PASSWORD).entries[0]!;
    const pkcs8 = key.export({ type: 'pkcs8', format: 'der' });
    assert.equal(splitEncryptedPrivateKeyInfo(first.protectedKey).algorithm.toString('hex'), KEY_PROTECTOR_ALGORITHM);
    assert.equal(splitEncryptedPrivateKeyInfo(first.protectedKey).data.length, 20 + pkcs8.length + 20);
    assert.deepEqual(recoverJksKey(first.protectedKey, PASSWORD), pkcs8);
    assert.deepEqual(recoverJksKey(second.protectedKey, PASSWORD), pkcs8);
    assert.notDeepEqual(first.protectedKey, second.protectedKey);
    assert.throws(() => recoverJksKey(first.protectedKey, 'changeix'), /Cannot recover key/);
  });

  it("dates the entry at the certificate's notBefore when no clock is given", () => {
    const { key: k, certificatePem, alias, password } = options;
    const jks = readJks(createJavaKeyStore({ key: k, certificatePem, alias, password }), PASSWORD);
    assert.equal(jks.entries[0]?.created, Date.parse(cert.validFrom));
  });

  it('keytool -list -v: exactly one PrivateKeyEntry under the alias, with the certificate fingerprint openssl computes', () => {
    const file = dir.write('x.jks', createJavaKeyStore(options));
    const listing = keytool(['-list', '-v', '-keystore', file, '-storepass', PASSWORD, '-storetype', 'JKS']);
    const sha256 = opensslFiles([
      'x509',
      '-noout',
      '-fingerprint',
      '-sha256',
      '-in',
      fixturePath('certs/seed-genpkey.crt'),
    ])
      .trim()
      .split('=')[1];
    assert.match(listing, /^Keystore type: JKS$/m);
    assert.match(listing, /^Your keystore contains 1 entry$/m);
    assert.deepEqual(listing.match(/^Alias name: .*$/gm), ['Alias name: acme_ci']);
    assert.deepEqual(listing.match(/^Entry type: .*$/gm), ['Entry type: PrivateKeyEntry']);
    assert.match(listing, /^Creation date: Mar 4, 2027$/m);
    assert.match(listing, /^Certificate chain length: 1$/m);
    assert.match(listing, new RegExp(`^\\s*SHA256: ${sha256}$`, 'm'));
    assert.match(listing, /^Subject Public Key Algorithm: 2048-bit RSA key$/m);
    assert.throws(
      () => keytool(['-list', '-keystore', file, '-storepass', 'changeix', '-storetype', 'JKS']),
      /Keystore was tampered with, or password was incorrect/,
    );
  });

  it('keytool -importkeystore to PKCS12 recovers the key with key password = store password; openssl gets the same modulus', () => {
    const file = dir.write('x.jks', createJavaKeyStore(options));
    const convert = (keypass: string, out: string) =>
      keytool([
        '-importkeystore',
        '-noprompt',
        '-srckeystore',
        file,
        '-srcstoretype',
        'JKS',
        '-srcstorepass',
        PASSWORD,
        '-srcalias',
        'acme_ci',
        '-srckeypass',
        keypass,
        '-destkeystore',
        dir.path(out),
        '-deststoretype',
        'PKCS12',
        '-deststorepass',
        'dest-pass',
      ]);
    assert.throws(() => convert('changeix', 'wrong.p12'), /UnrecoverableKeyException: Cannot recover key/);
    convert(PASSWORD, 'y.p12');
    const pem = opensslFiles(['pkcs12', '-in', dir.path('y.p12'), '-nodes', '-passin', 'pass:dest-pass']);
    const out = dir.write('y.pem', pem);
    assert.equal(modulusOf(out, 'rsa'), modulusOf(fixturePath('keys/seed-genpkey.key'), 'rsa'));
    assert.equal(modulusOf(out, 'x509'), modulusOf(fixturePath('certs/seed-genpkey.crt'), 'x509'));
  });

  it('takes 3072- and 4096-bit keys (keytool reports their size)', async function () {
    // A 4096-bit prime search and two JVM starts: seconds, and many more on a loaded 2-core machine (a guard only).
    this.timeout(120_000);
    for (const bits of [3072, 4096] as const) {
      const { privateKey } = await generateRsaKeyPair({ bits });
      const pem = createSelfSignedCertificate({ key: privateKey, subject: { commonName: `k${bits}` }, now: () => NOW });
      const file = dir.write(
        `k${bits}.jks`,
        createJavaKeyStore({ key: privateKey, certificatePem: pem, alias: `k${bits}`, password: PASSWORD }),
      );
      const listing = keytool(['-list', '-v', '-keystore', file, '-storepass', PASSWORD, '-storetype', 'JKS']);
      assert.match(listing, new RegExp(`^Subject Public Key Algorithm: ${bits}-bit RSA key$`, 'm'));
      assert.match(listing, new RegExp(`^Alias name: k${bits}$`, 'm'));
    }
  });

  it('carries a CA chain given after the certificate, in order', () => {
    const chain = makeChain();
    const bytes = createJavaKeyStore({
      key: createPrivateKey(chain.leafKeyPem),
      certificatePem: chain.leafPem + chain.caPem,
      alias: 'leaf',
      password: PASSWORD,
    });
    const entry = readJks(bytes, PASSWORD).entries[0]!;
    assert.deepEqual(
      entry.chain.map((c) => c.subject),
      ['CN=chain-leaf', 'CN=chain-ca'],
    );
    const listing = keytool([
      '-list',
      '-v',
      '-keystore',
      dir.write('chain.jks', bytes),
      '-storepass',
      PASSWORD,
      '-storetype',
      'JKS',
    ]);
    assert.match(listing, /^Certificate chain length: 2$/m);
    assert.deepEqual(listing.match(/^Owner: .*$/gm), ['Owner: CN=chain-leaf', 'Owner: CN=chain-ca']);
  });

  it('the test reader agrees with keytool: it reads a JKS keytool converted from openssl pkcs12 -export (the seed recipe)', () => {
    const p12 = dir.path('seed.p12');
    opensslFiles([
      'pkcs12',
      '-export',
      '-in',
      fixturePath('certs/seed-genpkey.crt'),
      '-inkey',
      fixturePath('keys/seed-genpkey.key'),
      '-name',
      'Seed',
      '-out',
      p12,
      '-passout',
      `pass:${PASSWORD}`,
    ]);
    keytool([
      '-importkeystore',
      '-noprompt',
      '-srckeystore',
      p12,
      '-srcstoretype',
      'PKCS12',
      '-srcstorepass',
      PASSWORD,
      '-destkeystore',
      dir.path('seed.jks'),
      '-deststoretype',
      'JKS',
      '-deststorepass',
      PASSWORD,
    ]);
    const jks = readJks(dir.read('seed.jks'), PASSWORD);
    assert.equal(jks.integrityOk, true);
    assert.equal(jks.entries[0]?.alias, 'seed');
    assert.equal(
      splitEncryptedPrivateKeyInfo(jks.entries[0].protectedKey).algorithm.toString('hex'),
      KEY_PROTECTOR_ALGORITHM,
    );
    assert.deepEqual(
      recoverJksKey(jks.entries[0].protectedKey, PASSWORD),
      key.export({ type: 'pkcs8', format: 'der' }),
    );
  });

  it('javaKeyStoreAlias lower-cases, as JKS stores aliases', () => {
    assert.equal(javaKeyStoreAlias('Acme_CI_2'), 'acme_ci_2');
  });
});
