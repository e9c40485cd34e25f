import { strict as assert } from 'node:assert';
import { createPrivateKey, createPublicKey, createSecretKey } from 'node:crypto';
import { KeyGenerationError, KeyError } from '../../src/errors.js';
import { exportPrivateKeyPem } from '../../src/keys/export-private-key.js';
import { generateRsaKeyPair, type RsaKeySize } from '../../src/keys/generate-key-pair.js';
import { loadPrivateKey } from '../../src/keys/load-private-key.js';
import { privateKeyInfo } from '../../src/keys/private-key-info.js';
import { publicKeyFingerprint } from '../../src/keys/public-key-fingerprint.js';
import { fixtureText } from '../support/fixtures.js';
import { openssl } from '@sfjwt/test-support';

describe('generateRsaKeyPair', () => {
  it('makes a 2048-bit RSA pair by default, with exponent 65537', async () => {
    const { privateKey, publicKey, bits } = await generateRsaKeyPair();
    assert.equal(bits, 2048);
    assert.equal(privateKey.asymmetricKeyDetails?.modulusLength, 2048);
    assert.equal(privateKey.asymmetricKeyDetails?.publicExponent, 65537n);
    assert.equal(publicKey.type, 'public');
    assert.equal(createPublicKey(privateKey).export({ format: 'jwk' }).n, publicKey.export({ format: 'jwk' }).n);
  });

  it('makes 3072-bit keys', async () => {
    const { privateKey } = await generateRsaKeyPair({ bits: 3072 });
    assert.equal(privateKeyInfo(privateKey).bits, 3072);
  });

  it('refuses other sizes with ERR_KEYGEN_INVALID_OPTIONS', async () => {
    await assert.rejects(generateRsaKeyPair({ bits: 1024 as RsaKeySize }), (err: unknown) => {
      assert.ok(err instanceof KeyGenerationError);
      assert.equal(err.code, 'ERR_KEYGEN_INVALID_OPTIONS');
      assert.equal(err.message, 'An RSA key of 1024 bits is not supported.');
      assert.deepEqual(err.details, { bits: 1024 });
      return true;
    });
  });
});

describe('exportPrivateKeyPem', () => {
  const key = createPrivateKey(fixtureText('keys/pkcs1.key'));

  it('writes PKCS#8 that openssl and loadPrivateKey read back as the same key', () => {
    const pem = exportPrivateKeyPem(key);
    assert.match(pem, /^-----BEGIN PRIVATE KEY-----\n/);
    assert.ok(pem.endsWith('-----END PRIVATE KEY-----\n'));
    const loaded = loadPrivateKey(pem);
    assert.equal(loaded.format, 'pkcs8');
    assert.equal(openssl(['pkey', '-noout', '-text'], pem).split('\n')[0], 'Private-Key: (2048 bit, 2 primes)');
    assert.equal(
      openssl(['rsa', '-noout', '-modulus'], pem),
      openssl(['rsa', '-noout', '-modulus'], fixtureText('keys/pkcs1.key')),
    );
  });

  it('encrypts with PBES2 / PBKDF2-HMAC-SHA256 / AES-256-CBC when given a passphrase', () => {
    const pem = exportPrivateKeyPem(key, { passphrase: 'correct horse' });
    assert.match(pem, /^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/);
    const asn1 = openssl(['asn1parse'], pem);
    assert.match(asn1, /:PBES2\n/);
    assert.match(asn1, /:PBKDF2\n/);
    assert.match(asn1, /:hmacWithSHA256\n/);
    assert.match(asn1, /:aes-256-cbc\n/);
    assert.equal(loadPrivateKey(pem, { passphrase: 'correct horse' }).format, 'pkcs8-encrypted');
    assert.equal(
      openssl(['rsa', '-noout', '-modulus', '-passin', 'pass:correct horse'], pem),
      openssl(['rsa', '-noout', '-modulus'], fixtureText('keys/pkcs1.key')),
    );
  });

  it('refuses an empty passphrase and keys that are not usable RSA private keys', () => {
    assert.throws(() => exportPrivateKeyPem(key, { passphrase: '' }), {
      code: 'ERR_KEYGEN_INVALID_OPTIONS',
      message: 'The passphrase to encrypt the key with is empty.',
    });
    assert.throws(() => exportPrivateKeyPem(createPublicKey(key)), {
      code: 'ERR_KEY_IS_PUBLIC_KEY',
      message: 'This is a public key, not a private key: the assertion is signed with the private key.',
    });
    assert.throws(() => exportPrivateKeyPem(createPrivateKey(fixtureText('keys/rsa-1024.key'))), {
      code: 'ERR_KEY_TOO_SMALL',
    });
  });
});

describe('privateKeyInfo', () => {
  it('accepts a KeyObject and reports its size', () => {
    const keyObject = createPrivateKey(fixtureText('keys/seed-genpkey.key'));
    assert.deepEqual(privateKeyInfo(keyObject), { keyObject, bits: 2048 });
  });

  it('names secret keys and EC keys', () => {
    assert.throws(
      () => privateKeyInfo(createSecretKey(Buffer.alloc(32))),
      (err: unknown) =>
        err instanceof KeyError &&
        err.code === 'ERR_KEY_INVALID' &&
        err.message === 'The private key cannot be used: it is a secret (symmetric) key, not a private key.',
    );
    assert.throws(() => privateKeyInfo(createPrivateKey(fixtureText('keys/ec-p256-sec1.key'))), {
      code: 'ERR_KEY_NOT_RSA',
      message:
        "This is an EC (P-256) key; Salesforce's JWT bearer flow needs an RSA key of at least 2048 bits (RS256).",
    });
  });
});

describe('publicKeyFingerprint', () => {
  it('is SHA-256 over the SPKI DER, the same for the private key and its public key (openssl pkey -pubout | dgst -sha256 -c)', () => {
    const expected = '6F:9C:32:53:A0:15:4C:FE:01:51:89:19:E3:77:DE:AD:1B:38:C6:82:65:72:71:AC:E3:05:74:85:C7:81:17:04';
    const privateKey = createPrivateKey(fixtureText('keys/seed-genpkey.key'));
    assert.equal(publicKeyFingerprint(privateKey), expected);
    assert.equal(publicKeyFingerprint(createPublicKey(fixtureText('keys/public-spki.pem'))), expected);
  });
});
