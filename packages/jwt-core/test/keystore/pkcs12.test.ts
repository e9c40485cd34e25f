import { strict as assert } from 'node:assert';
import { createPrivateKey } from 'node:crypto';
import { createPkcs12 } from '../../src/keystore/pkcs12.js';
import { pkcs12Kdf } from '../../src/keystore/pkcs12-mac.js';
import { fixturePath, fixtureText } from '../support/fixtures.js';
import { keytool, makeChain, modulusOf, openssl as opensslFiles, opensslAll, tempDir } from '@sfjwt/test-support';

const certPem = fixtureText('certs/seed-genpkey.crt');
const key = createPrivateKey(fixtureText('keys/seed-genpkey.key'));
const PASSWORD = 'changeit';
const options = { key, certificatePem: certPem, alias: 'Acme_CI', password: PASSWORD };
const sha256Of = (file: string) =>
  opensslFiles(['x509', '-noout', '-fingerprint', '-sha256', '-in', file]).trim().split('=')[1];

describe('createPkcs12', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.remove());

  it('openssl pkcs12 -info verifies the HMAC-SHA256 MAC and reads PBES2/AES-256-CBC bags', () => {
    const file = dir.write('x.p12', createPkcs12(options));
    const info = opensslAll(['pkcs12', '-info', '-in', file, '-passin', `pass:${PASSWORD}`, '-noout']);
    assert.equal(
      info,
      [
        'MAC: sha256, Iteration 10000',
        'MAC length: 32, salt length: 16',
        'PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC, Iteration 10000, PRF hmacWithSHA256',
        'Certificate bag',
        'PKCS7 Data',
        'Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 10000, PRF hmacWithSHA256',
        '',
      ].join('\n'),
    );
    assert.throws(
      () => opensslAll(['pkcs12', '-info', '-in', file, '-passin', 'pass:changeix', '-noout']),
      /Mac verify error: invalid password\?/,
    );
  });

  it('openssl pkcs12 -nodes gives back the key and certificate, paired by localKeyID, named by friendlyName', () => {
    const file = dir.write('x.p12', createPkcs12(options));
    const pem = opensslFiles(['pkcs12', '-in', file, '-nodes', '-passin', `pass:${PASSWORD}`]);
    const out = dir.write('x.pem', pem);
    assert.equal(modulusOf(out, 'rsa'), modulusOf(fixturePath('keys/seed-genpkey.key'), 'rsa'));
    assert.equal(sha256Of(out), sha256Of(fixturePath('certs/seed-genpkey.crt')));
    assert.deepEqual(pem.match(/friendlyName: .*/g), ['friendlyName: Acme_CI', 'friendlyName: Acme_CI']);
    const ids = pem.match(/localKeyID: .*/g);
    assert.equal(ids?.length, 2);
    assert.equal(ids[0], ids[1]);
    assert.equal((pem.match(/-----BEGIN PRIVATE KEY-----/g) ?? []).length, 1);
    assert.equal((pem.match(/-----BEGIN CERTIFICATE-----/g) ?? []).length, 1);
  });

  it('keytool reads it: one PrivateKeyEntry with the certificate fingerprint, convertible to JKS (the seed step)', () => {
    const file = dir.write('x.p12', createPkcs12(options));
    const listing = keytool(['-list', '-keystore', file, '-storepass', PASSWORD, '-storetype', 'PKCS12']);
    assert.match(listing, /^Your keystore contains 1 entry$/m);
    assert.match(listing, /^acme_ci, [A-Z][a-z]{2} \d{1,2}, \d{4}, PrivateKeyEntry, $/m);
    assert.match(
      listing,
      new RegExp(`^Certificate fingerprint \\(SHA-256\\): ${sha256Of(fixturePath('certs/seed-genpkey.crt'))}$`, 'm'),
    );
    const converted = keytool([
      '-importkeystore',
      '-noprompt',
      '-srckeystore',
      file,
      '-srcstoretype',
      'PKCS12',
      '-srcstorepass',
      PASSWORD,
      '-destkeystore',
      dir.path('x.jks'),
      '-deststoretype',
      'JKS',
      '-deststorepass',
      PASSWORD,
    ]);
    assert.match(converted, /1 entries successfully imported, 0 entries failed or cancelled/);
    assert.throws(
      () => keytool(['-list', '-keystore', file, '-storepass', 'changeix', '-storetype', 'PKCS12']),
      /keystore password was incorrect/,
    );
  });

  it('carries a CA chain: both certificates in openssl and keytool, the key on the leaf', () => {
    const chain = makeChain();
    const bytes = createPkcs12({
      key: createPrivateKey(chain.leafKeyPem),
      certificatePem: chain.leafPem + chain.caPem,
      alias: 'leaf',
      password: PASSWORD,
    });
    const file = dir.write('chain.p12', bytes);
    const certs = opensslFiles(['pkcs12', '-in', file, '-nokeys', '-passin', `pass:${PASSWORD}`]);
    assert.deepEqual(certs.match(/^subject=.*$/gm), ['subject=CN = chain-leaf', 'subject=CN = chain-ca']);
    const listing = keytool(['-list', '-v', '-keystore', file, '-storepass', PASSWORD, '-storetype', 'PKCS12']);
    assert.match(listing, /^Your keystore contains 1 entry$/m);
    assert.match(listing, /^Certificate chain length: 2$/m);
  });
});

describe('pkcs12Kdf (RFC 7292 Appendix B, SHA-256)', () => {
  const salt = Buffer.from('0102030405060708', 'hex');
  // The KDF takes the password as given: the BMPString with its two zero bytes (RFC 7292 B.1), as PKCS12_key_gen_utf8
  // passes it.
  const bmpPassword = Buffer.concat([Buffer.from(PASSWORD, 'utf16le').swap16(), Buffer.alloc(2)]).toString('hex');
  const openssl = (id: number, iter: number, keylen: number) =>
    opensslFiles([
      'kdf',
      '-keylen',
      String(keylen),
      '-kdfopt',
      'digest:SHA256',
      '-kdfopt',
      `hexpass:${bmpPassword}`,
      '-kdfopt',
      `hexsalt:${salt.toString('hex')}`,
      '-kdfopt',
      `iter:${iter}`,
      '-kdfopt',
      `id:${id}`,
      'PKCS12KDF',
    ])
      .trim()
      .replace(/:/g, '')
      .toLowerCase();

  it('derives the MAC key openssl kdf PKCS12KDF derives', () => {
    assert.equal(pkcs12Kdf(PASSWORD, salt, 3, 2048, 32).toString('hex'), openssl(3, 2048, 32));
    assert.equal(
      pkcs12Kdf(PASSWORD, salt, 3, 2048, 32).toString('hex'),
      '3c26affc9ec71b39e0e2754ffdb2d8653cabb0c8c012e5962cca38075d845b5e',
    );
  });

  it('matches openssl across several output blocks and IDs (exercises the I update)', () => {
    assert.equal(pkcs12Kdf(PASSWORD, salt, 1, 3, 80).toString('hex'), openssl(1, 3, 80));
    assert.equal(pkcs12Kdf(PASSWORD, salt, 2, 1, 16).toString('hex'), openssl(2, 1, 16));
  });
});
