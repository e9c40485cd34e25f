import { strict as assert } from 'node:assert';
import { createPublicKey } from 'node:crypto';
import { KeyError, type JwtCoreErrorCode } from '../../src/errors.js';
import { loadPrivateKey } from '../../src/keys/load-private-key.js';
import { FIXTURE_PASSPHRASE, fixtureBytes, fixtureText } from '../support/fixtures.js';
import { openssl } from '@sfjwt/test-support';

/** Asserts that `fn` throws a KeyError with exactly this code and message, and that it leaks no key material. */
function assertKeyError(fn: () => unknown, code: JwtCoreErrorCode, message: string): KeyError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof KeyError, `expected KeyError, got ${String(err)}`);
    assert.equal(err.code, code);
    assert.equal(err.message, message);
    assert.ok(err.fix.length > 0);
    const serialised = JSON.stringify({ m: err.message, f: err.fix, d: err.details, c: String(err.cause) });
    assert.ok(!/MII[A-Za-z0-9+/]{20}/.test(serialised), 'error leaks key material');
    assert.ok(!serialised.includes(FIXTURE_PASSPHRASE), 'error leaks the passphrase');
    return err;
  }
  assert.fail(`expected ${code}`);
}

const modulusOf = (pem: string, passphrase?: string): string =>
  openssl(['rsa', '-noout', '-modulus', ...(passphrase ? ['-passin', `pass:${passphrase}`] : [])], pem).trim();

const ourModulus = (pem: string, passphrase?: string): string => {
  const { keyObject } = loadPrivateKey(pem, passphrase === undefined ? {} : { passphrase });
  const n = createPublicKey(keyObject).export({ format: 'jwk' }).n ?? '';
  return `Modulus=${Buffer.from(n, 'base64url').toString('hex').toUpperCase()}`;
};

describe('loadPrivateKey: every seed recipe loads', () => {
  const cases: [string, string, 'pkcs1' | 'pkcs8' | 'pkcs1-encrypted' | 'pkcs8-encrypted', boolean][] = [
    ['genrsa -des3 (OpenSSL 3: encrypted PKCS#8)', 'keys/seed-genrsa-des3.key', 'pkcs8-encrypted', true],
    ['then openssl rsa (passphrase stripped: PKCS#8)', 'keys/seed-rsa-stripped.key', 'pkcs8', false],
    ['genpkey', 'keys/seed-genpkey.key', 'pkcs8', false],
    ['req -x509 -nodes -newkey rsa:2048', 'keys/seed-req-x509.key', 'pkcs8', false],
    ['genrsa -traditional -des3 (Proc-Type: 4,ENCRYPTED)', 'keys/legacy-des3.key', 'pkcs1-encrypted', true],
    ['genrsa -traditional (PKCS#1)', 'keys/pkcs1.key', 'pkcs1', false],
  ];
  for (const [recipe, file, format, encrypted] of cases) {
    it(recipe, () => {
      const pem = fixtureText(file);
      const passphrase = encrypted ? FIXTURE_PASSPHRASE : undefined;
      const loaded = loadPrivateKey(pem, passphrase === undefined ? {} : { passphrase });
      assert.equal(loaded.format, format);
      assert.equal(loaded.encrypted, encrypted);
      assert.equal(loaded.bits, 2048);
      assert.equal(loaded.keyObject.type, 'private');
      // Same key as openssl sees it.
      assert.equal(ourModulus(pem, passphrase), modulusOf(pem, passphrase));
    });
  }

  it('the stripped key is the same key as the encrypted one it came from', () => {
    assert.equal(
      ourModulus(fixtureText('keys/seed-rsa-stripped.key')),
      ourModulus(fixtureText('keys/seed-genrsa-des3.key'), FIXTURE_PASSPHRASE),
    );
  });

  it('takes bytes as well as text, and ignores a passphrase given for an unencrypted key', () => {
    const loaded = loadPrivateKey(fixtureBytes('keys/pkcs1.key'), { passphrase: 'unused' });
    assert.equal(loaded.format, 'pkcs1');
  });

  it('uses the private key of a bundle that also holds a certificate', () => {
    const bundle = fixtureText('certs/seed-req-x509.crt') + fixtureText('keys/seed-req-x509.key');
    assert.equal(loadPrivateKey(bundle).format, 'pkcs8');
  });

  it('tolerates a BOM, CRLF and surrounding whitespace', () => {
    const mangled = `\uFEFF\r\n  ${fixtureText('keys/pkcs1.key').replace(/\n/g, '\r\n')}  \r\n`;
    assert.equal(loadPrivateKey(mangled).format, 'pkcs1');
  });

  it('repairs literal \\n escapes, stripped newlines and base64-wrapped PEM', () => {
    const pem = fixtureText('keys/legacy-des3.key');
    const options = { passphrase: FIXTURE_PASSPHRASE };
    assert.equal(loadPrivateKey(pem.replace(/\n/g, '\\n'), options).format, 'pkcs1-encrypted');
    assert.equal(loadPrivateKey(pem.replace(/\n/g, ' '), options).format, 'pkcs1-encrypted');
    assert.equal(loadPrivateKey(Buffer.from(pem).toString('base64'), options).format, 'pkcs1-encrypted');
  });
});

describe('loadPrivateKey: wrong inputs are named', () => {
  const pkcs8 = fixtureText('keys/seed-genpkey.key');

  it('ERR_KEY_EMPTY for empty or blank input', () => {
    for (const input of ['', '  \n\t', '\uFEFF', new Uint8Array()]) {
      assertKeyError(() => loadPrivateKey(input), 'ERR_KEY_EMPTY', 'The private key is empty.');
    }
  });

  it('ERR_KEY_BINARY for DER and other binary data', () => {
    const message = 'The private key is binary data (for example DER or a PKCS#12 .p12/.pfx file), not PEM text.';
    assertKeyError(() => loadPrivateKey(fixtureBytes('keys/seed-genpkey.der')), 'ERR_KEY_BINARY', message);
    assertKeyError(() => loadPrivateKey(new Uint8Array([0x30, 0x82, 0x00, 0x01, 0xff])), 'ERR_KEY_BINARY', message);
    assertKeyError(() => loadPrivateKey('PK\u0003\u0004 zip'), 'ERR_KEY_BINARY', message);
  });

  it('ERR_KEY_NOT_PEM for text without a BEGIN line', () => {
    const message = 'The private key is not PEM: no "-----BEGIN … PRIVATE KEY-----" line was found.';
    assertKeyError(() => loadPrivateKey('/home/me/server.key'), 'ERR_KEY_NOT_PEM', message);
    assertKeyError(() => loadPrivateKey('{"key": 1}'), 'ERR_KEY_NOT_PEM', message);
  });

  it('ERR_KEY_TRUNCATED for a BEGIN line without its END line', () => {
    const cut = pkcs8.slice(0, 900);
    assertKeyError(
      () => loadPrivateKey(cut),
      'ERR_KEY_TRUNCATED',
      'The private key is truncated: "-----BEGIN PRIVATE KEY-----" has no matching "-----END PRIVATE KEY-----" line.',
    );
  });

  it('ERR_KEY_TRUNCATED for a body that lost lines or holds garbage', () => {
    const lines = pkcs8.split('\n');
    const lostLines = [...lines.slice(0, 5), ...lines.slice(9)].join('\n');
    const message =
      'The private key is damaged: the body of the "PRIVATE KEY" block is not valid base64 or is shorter than it says (lines lost when copying?).';
    const err = assertKeyError(() => loadPrivateKey(lostLines), 'ERR_KEY_TRUNCATED', message);
    assert.deepEqual(err.details, { label: 'PRIVATE KEY' });
    assertKeyError(() => loadPrivateKey(pkcs8.replace(/\n(.)/, '\n*$1')), 'ERR_KEY_TRUNCATED', message);
  });

  it('ERR_KEY_IS_CERTIFICATE for a certificate', () => {
    assertKeyError(
      () => loadPrivateKey(fixtureText('certs/seed-genpkey.crt')),
      'ERR_KEY_IS_CERTIFICATE',
      'This is a certificate, not a private key: the app gets the certificate; the client needs the private key.',
    );
  });

  it('ERR_KEY_IS_CSR for a certificate signing request', () => {
    assertKeyError(
      () => loadPrivateKey(fixtureText('certs/csr-fixture.csr')),
      'ERR_KEY_IS_CSR',
      'This is a certificate signing request (CSR), not a private key.',
    );
  });

  it('ERR_KEY_IS_PUBLIC_KEY for SPKI, PKCS#1 and OpenSSH public keys', () => {
    const message = 'This is a public key, not a private key: the assertion is signed with the private key.';
    for (const file of ['keys/public-spki.pem', 'keys/public-pkcs1.pem', 'keys/openssh.pub']) {
      assertKeyError(() => loadPrivateKey(fixtureText(file)), 'ERR_KEY_IS_PUBLIC_KEY', message);
    }
  });

  const notRsa = (what: string) =>
    `This is ${what} key; Salesforce's JWT bearer flow needs an RSA key of at least 2048 bits (RS256).`;

  it('ERR_KEY_NOT_RSA names EC keys and their curve', () => {
    let err = assertKeyError(
      () => loadPrivateKey(fixtureText('keys/ec-p256-sec1.key')),
      'ERR_KEY_NOT_RSA',
      notRsa('an EC (P-256)'),
    );
    assert.deepEqual(err.details, { keyType: 'ec', curve: 'prime256v1' });
    err = assertKeyError(
      () => loadPrivateKey(fixtureText('keys/ec-p384-pkcs8.key')),
      'ERR_KEY_NOT_RSA',
      notRsa('an EC (P-384)'),
    );
    assert.deepEqual(err.details, { keyType: 'ec', curve: 'secp384r1' });
  });

  it('ERR_KEY_NOT_RSA for an encrypted EC key without asking for its passphrase', () => {
    assertKeyError(() => loadPrivateKey(fixtureText('keys/ec-p256-sec1-des3.key')), 'ERR_KEY_NOT_RSA', notRsa('an EC'));
  });

  it('ERR_KEY_NOT_RSA names Ed25519, DSA and RSA-PSS keys', () => {
    assertKeyError(() => loadPrivateKey(fixtureText('keys/ed25519.key')), 'ERR_KEY_NOT_RSA', notRsa('an Ed25519'));
    assertKeyError(() => loadPrivateKey(fixtureText('keys/dsa.key')), 'ERR_KEY_NOT_RSA', notRsa('a DSA'));
    assertKeyError(
      () => loadPrivateKey(fixtureText('keys/rsa-pss.key')),
      'ERR_KEY_NOT_RSA',
      notRsa('an RSA-PSS (restricted to PSS signatures)'),
    );
  });

  it('ERR_KEY_TOO_SMALL with the size in details', () => {
    const err = assertKeyError(
      () => loadPrivateKey(fixtureText('keys/rsa-1024.key')),
      'ERR_KEY_TOO_SMALL',
      'The RSA key has 1024 bits; Salesforce needs at least 2048 bits (RS256).',
    );
    assert.deepEqual(err.details, { bits: 1024, minimumBits: 2048 });
  });

  it('ERR_KEY_PASSPHRASE_REQUIRED for both encrypted formats, saying how to give one', () => {
    let err = assertKeyError(
      () => loadPrivateKey(fixtureText('keys/seed-genrsa-des3.key')),
      'ERR_KEY_PASSPHRASE_REQUIRED',
      'The private key is encrypted (pkcs8-encrypted) and no passphrase was given.',
    );
    assert.equal(err.fix, 'Pass its passphrase as the `passphrase` option.');
    assert.deepEqual(err.hint, { kind: 'passphrase-required' });
    err = assertKeyError(
      () => loadPrivateKey(fixtureText('keys/legacy-des3.key')),
      'ERR_KEY_PASSPHRASE_REQUIRED',
      'The private key is encrypted (pkcs1-encrypted) and no passphrase was given.',
    );
    assert.deepEqual(err.details, { format: 'pkcs1-encrypted' });
  });

  it('ERR_KEY_PASSPHRASE_WRONG for both encrypted formats, with no TypeError in the cause', () => {
    for (const [file, format] of [
      ['keys/seed-genrsa-des3.key', 'pkcs8-encrypted'],
      ['keys/legacy-des3.key', 'pkcs1-encrypted'],
    ]) {
      const err = assertKeyError(
        () => loadPrivateKey(fixtureText(file!), { passphrase: 'not-it' }),
        'ERR_KEY_PASSPHRASE_WRONG',
        `The passphrase does not decrypt the private key (${format}): it is wrong, or the key is damaged.`,
      );
      assert.ok(err.cause instanceof Error && !(err.cause instanceof TypeError));
    }
  });

  it('ERR_KEY_INVALID for an OpenSSH private key, with the conversion command', () => {
    const err = assertKeyError(
      () => loadPrivateKey(fixtureText('keys/openssh.key')),
      'ERR_KEY_INVALID',
      'The private key cannot be used: it is in OpenSSH format ("BEGIN OPENSSH PRIVATE KEY").',
    );
    assert.match(err.fix, /ssh-keygen -p -m PEM/);
  });

  it('ERR_KEY_INVALID for a well-formed body that is not a key', () => {
    // A valid DER SEQUENCE { INTEGER 1 } under a private-key label.
    const pem = '-----BEGIN PRIVATE KEY-----\nMAMCAQE=\n-----END PRIVATE KEY-----\n';
    assertKeyError(
      () => loadPrivateKey(pem),
      'ERR_KEY_INVALID',
      'The private key cannot be used: OpenSSL could not parse it (the content is damaged or not a key).',
    );
  });

  it('ERR_KEY_INVALID for PEM blocks of another kind', () => {
    assertKeyError(
      () => loadPrivateKey('-----BEGIN PKCS7-----\nMAMCAQE=\n-----END PKCS7-----'),
      'ERR_KEY_INVALID',
      'The private key cannot be used: the PEM holds "PKCS7", not a private key.',
    );
  });
});
