import { strict as assert } from 'node:assert';
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import {
  CertificateError,
  KeyError,
  KeystoreError,
  type JwtCoreError,
  type JwtCoreErrorCode,
} from '../../src/errors.js';
import {
  DEFAULT_KEYSTORE_ALIAS,
  keystoreAliasFromCommonName,
  validateKeystoreAlias,
  validateKeystorePassword,
} from '../../src/keystore/alias.js';
import { createJavaKeyStore } from '../../src/keystore/java-keystore.js';
import { validateKeystoreKey, type KeystoreOptions } from '../../src/keystore/options.js';
import { createPkcs12 } from '../../src/keystore/pkcs12.js';
import { fixtureText } from '../support/fixtures.js';
import { makeChain, type OpensslChain } from '@sfjwt/test-support';

const certPem = fixtureText('certs/seed-genpkey.crt');
const key = createPrivateKey(fixtureText('keys/seed-genpkey.key'));
const valid: KeystoreOptions = { key, certificatePem: certPem, alias: 'acme_ci', password: 'changeit' };
const WHY =
  "Salesforce's Import from Keystore turns the alias into the certificate's Unique Name, which takes only letters, digits and underscores, begins with a letter, and has no trailing or doubled underscore.";

/** Both writers must refuse the same input with the same error. */
function assertBothRefuse(
  options: Partial<KeystoreOptions>,
  type: new (...args: never[]) => JwtCoreError,
  code: JwtCoreErrorCode,
  message: string,
): JwtCoreError {
  let caught: JwtCoreError | undefined;
  for (const write of [createJavaKeyStore, createPkcs12]) {
    assert.throws(
      () => write({ ...valid, ...options }),
      (err: unknown) => {
        assert.ok(err instanceof type, `${write.name}: ${String(err)}`);
        assert.equal(err.code, code);
        assert.equal(err.message, message);
        assert.ok(err.fix.length > 0);
        const text = JSON.stringify([err.message, err.fix, err.details]);
        assert.ok(
          !text.includes('MII') && !text.includes(options.password ?? valid.password),
          'leaks key material or the password',
        );
        caught = err;
        return true;
      },
    );
  }
  return caught!;
}

describe('keystore inputs', () => {
  let chain: OpensslChain;
  before(() => (chain = makeChain()));

  describe('alias', () => {
    const cases: [string, string, string][] = [
      ['', 'it is empty', DEFAULT_KEYSTORE_ALIAS],
      ['acme-ci', 'it may contain only letters, digits and underscores', 'acme_ci'],
      ['Acme CI', 'it may contain only letters, digits and underscores', 'Acme_CI'],
      ['1st_key', 'it must begin with a letter', 'st_key'],
      ['_acme', 'it must begin with a letter', 'acme'],
      ['acme_', 'it must not end with an underscore or contain two underscores in a row', 'acme'],
      ['acme__ci', 'it must not end with an underscore or contain two underscores in a row', 'acme_ci'],
      ['a'.repeat(81), 'it is longer than 80 characters', 'a'.repeat(80)],
    ];
    for (const [alias, problem, suggestion] of cases) {
      it(`refuses "${alias.length > 20 ? `${alias.slice(0, 10)}… (${alias.length})` : alias}": ${problem}`, () => {
        const err = assertBothRefuse(
          { alias },
          KeystoreError,
          'ERR_KEYSTORE_INVALID_OPTIONS',
          `The keystore alias "${alias}" cannot be used: ${problem}. ${WHY}`,
        );
        assert.equal(err.fix, `Choose an alias such as ${suggestion}.`);
        assert.deepEqual(err.details, { option: 'alias', suggestion });
        assert.equal(validateKeystoreAlias(suggestion), suggestion);
      });
    }

    it('accepts letters, digits and single underscores', () => {
      for (const alias of ['a', 'Acme_CI_2', 'x'.repeat(80)]) assert.equal(validateKeystoreAlias(alias), alias);
    });

    it('derives an alias from a common name', () => {
      assert.equal(keystoreAliasFromCommonName('Acme CI (prod)'), 'Acme_CI_prod');
      assert.equal(keystoreAliasFromCommonName('*.example.com'), 'example_com');
      assert.equal(keystoreAliasFromCommonName('my-integration'), 'my_integration');
      assert.equal(keystoreAliasFromCommonName('Café Zürich'), 'Cafe_Zurich');
      assert.equal(keystoreAliasFromCommonName('2024 build'), 'build');
      assert.equal(keystoreAliasFromCommonName('___'), DEFAULT_KEYSTORE_ALIAS);
      assert.equal(keystoreAliasFromCommonName('東京'), DEFAULT_KEYSTORE_ALIAS);
      assert.equal(keystoreAliasFromCommonName(undefined), DEFAULT_KEYSTORE_ALIAS);
      assert.equal(keystoreAliasFromCommonName(`${'a'.repeat(79)}-b`), 'a'.repeat(79));
    });
  });

  describe('password', () => {
    it("refuses fewer than 6 characters (keytool's minimum)", () => {
      const err = assertBothRefuse(
        { password: 'abc12' },
        KeystoreError,
        'ERR_KEYSTORE_INVALID_OPTIONS',
        'The keystore password is too short: keytool needs at least 6 characters.',
      );
      assert.equal(
        err.fix,
        'Choose a password of at least 6 characters; Salesforce asks for it when importing the keystore.',
      );
      assert.deepEqual(err.details, { option: 'password', minimumLength: 6 });
    });

    it('refuses characters other than printable ASCII (Java refuses them in PKCS#12 passwords)', () => {
      const message =
        'The keystore password may contain only printable ASCII characters (letters, digits, punctuation, spaces): Java refuses other characters in PKCS#12 passwords.';
      assertBothRefuse({ password: 'pässwört' }, KeystoreError, 'ERR_KEYSTORE_INVALID_OPTIONS', message);
      assertBothRefuse({ password: 'tab\there' }, KeystoreError, 'ERR_KEYSTORE_INVALID_OPTIONS', message);
    });

    it('accepts six printable ASCII characters, spaces included', () => {
      assert.doesNotThrow(() => validateKeystorePassword('a b c!'));
    });
  });

  describe('key', () => {
    it("refuses RSA sizes other than 2048, 3072 and 4096 (Salesforce's rule)", () => {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2560 });
      const err = assertBothRefuse(
        { key: privateKey },
        KeystoreError,
        'ERR_KEYSTORE_KEY_SIZE',
        'The RSA key has 2560 bits; Salesforce imports only keys of 2048, 3072 or 4096 bits ("Imported keys must have a bit size of 2048, 3072, or 4096.").',
      );
      assert.deepEqual(err.details, { bits: 2560, supportedBits: [2048, 3072, 4096] });
      assert.throws(() => validateKeystoreKey(privateKey), { code: 'ERR_KEYSTORE_KEY_SIZE' });
      assert.equal(validateKeystoreKey(key), key);
    });

    it('refuses EC keys, keys under 2048 bits and public keys with the key errors', () => {
      assertBothRefuse(
        { key: createPrivateKey(fixtureText('keys/ec-p256-sec1.key')) },
        KeyError,
        'ERR_KEY_NOT_RSA',
        "This is an EC (P-256) key; Salesforce's JWT bearer flow needs an RSA key of at least 2048 bits (RS256).",
      );
      assertBothRefuse(
        { key: createPrivateKey(fixtureText('keys/rsa-1024.key')) },
        KeyError,
        'ERR_KEY_TOO_SMALL',
        'The RSA key has 1024 bits; Salesforce needs at least 2048 bits (RS256).',
      );
      assertBothRefuse(
        { key: createPublicKey(key) },
        KeyError,
        'ERR_KEY_IS_PUBLIC_KEY',
        'This is a public key, not a private key: the assertion is signed with the private key.',
      );
    });
  });

  describe('certificate', () => {
    it('refuses a key that does not match the certificate (Salesforce: "does not match the certificate chain")', () => {
      assertBothRefuse(
        { key: createPrivateKey(fixtureText('keys/pkcs1.key')) },
        CertificateError,
        'ERR_CERT_KEY_MISMATCH',
        'The private key does not match the certificate (with this pair, Salesforce answers "invalid assertion").',
      );
    });

    it('names wrong certificate inputs as readCertificate does', () => {
      assertBothRefuse({ certificatePem: '  \n' }, CertificateError, 'ERR_CERT_EMPTY', 'The certificate is empty.');
      assertBothRefuse(
        { certificatePem: fixtureText('keys/seed-genpkey.key') },
        CertificateError,
        'ERR_CERT_IS_PRIVATE_KEY',
        'This is a private key, not a certificate: the app gets the certificate; the client keeps the private key.',
      );
    });

    it('refuses a chain whose next certificate did not issue the one before it', () => {
      assertBothRefuse(
        { key: createPrivateKey(chain.leafKeyPem), certificatePem: chain.leafPem + certPem },
        CertificateError,
        'ERR_CERT_INVALID',
        'The certificate chain cannot be used: certificate 2 of the file (CN=csr-fixture, O=Acme) did not issue certificate 1 (CN=chain-leaf).',
      );
    });

    it('refuses a damaged certificate later in the chain', () => {
      const damaged = chain.caPem.replace(/\n[A-Za-z0-9+/]{64}\n/, '\n');
      assertBothRefuse(
        { key: createPrivateKey(chain.leafKeyPem), certificatePem: chain.leafPem + damaged },
        CertificateError,
        'ERR_CERT_INVALID',
        'The certificate chain cannot be used: certificate 2 of the file is damaged (not valid base64, or shorter than it says: lines lost when copying?).',
      );
    });

    it('accepts the certificate as DER bytes', () => {
      const der = Buffer.from(certPem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
      assert.ok(createJavaKeyStore({ ...valid, certificatePem: der }).length > 1000);
      assert.ok(createPkcs12({ ...valid, certificatePem: der }).length > 1000);
    });
  });
});
