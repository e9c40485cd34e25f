import { strict as assert } from 'node:assert';
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { importSPKI, jwtVerify } from 'jose';
import { KeyError } from '../../src/errors.js';
import { loadPrivateKey } from '../../src/keys/load-private-key.js';
import { createAssertion } from '../../src/sign/create-assertion.js';
import { ASSERTION_HEADER, signAssertion } from '../../src/sign/sign-assertion.js';
import type { AssertionClaims } from '../../src/claims/types.js';
import { FIXTURE_PASSPHRASE, fixturePath, fixtureText } from '../support/fixtures.js';
import { openssl, opensslSign, opensslVerifyJws } from '@sfjwt/test-support';

const CLAIMS: AssertionClaims = {
  iss: '3MVG9A2kN3Bn17hu.Zr0j_QxYz',
  sub: 'ci@acme.com',
  aud: 'https://login.salesforce.com',
  exp: 1_700_000_180,
  iat: 1_700_000_000,
};

describe('sign/signAssertion', () => {
  const key = loadPrivateKey(fixtureText('keys/seed-genpkey.key')).keyObject;

  it('writes the fixed header, the claims as given, and an unpadded base64url signature', () => {
    const token = signAssertion(CLAIMS, key);
    const [header, payload, signature] = token.split('.');
    assert.equal(header, 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9');
    assert.equal(Buffer.from(header, 'base64url').toString(), '{"alg":"RS256","typ":"JWT"}');
    assert.equal(
      Buffer.from(payload!, 'base64url').toString(),
      '{"iss":"3MVG9A2kN3Bn17hu.Zr0j_QxYz","sub":"ci@acme.com","aud":"https://login.salesforce.com","exp":1700000180,"iat":1700000000}',
    );
    assert.match(token, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    assert.equal(Buffer.from(signature!, 'base64url').length, 256);
  });

  it('produces exactly the signature openssl makes with the same key (RS256 is deterministic)', () => {
    const token = signAssertion(CLAIMS, key);
    const dot = token.lastIndexOf('.');
    const expected = opensslSign(token.slice(0, dot), fixturePath('keys/seed-genpkey.key'));
    assert.equal(expected.length, 256);
    assert.equal(token.slice(dot + 1), expected.toString('base64url'));
  });

  it('verifies with `openssl dgst -sha256 -verify` against the certificate of each seed recipe', () => {
    const recipes: ReadonlyArray<readonly [keyFile: string, publicSource: string, passphrase?: string]> = [
      ['keys/seed-genpkey.key', 'certs/seed-genpkey.crt'],
      ['keys/seed-req-x509.key', 'certs/seed-req-x509.crt'],
      ['keys/seed-genrsa-des3.key', 'keys/seed-rsa-stripped.key', FIXTURE_PASSPHRASE],
      ['keys/seed-rsa-stripped.key', 'keys/seed-rsa-stripped.key'],
      ['keys/legacy-des3.key', 'keys/legacy-des3.key', FIXTURE_PASSPHRASE],
      ['keys/pkcs1.key', 'keys/pkcs1.key'],
    ];
    for (const [keyFile, publicSource, passphrase] of recipes) {
      const loaded = loadPrivateKey(fixtureText(keyFile), passphrase === undefined ? {} : { passphrase });
      const token = signAssertion(CLAIMS, loaded.keyObject);
      const source = fixtureText(publicSource);
      const publicPem = source.includes('CERTIFICATE')
        ? openssl(['x509', '-pubkey', '-noout'], source)
        : createPublicKey(createPrivateKey({ key: source, ...(passphrase === undefined ? {} : { passphrase }) }))
            .export({ type: 'spki', format: 'pem' })
            .toString();
      assert.deepEqual(opensslVerifyJws(token, publicPem), { ok: true, output: 'Verified OK' }, keyFile);
    }
  });

  it('fails openssl verification against another key', () => {
    const token = signAssertion(CLAIMS, key);
    const other = openssl(['x509', '-pubkey', '-noout'], fixtureText('certs/seed-req-x509.crt'));
    assert.deepEqual(opensslVerifyJws(token, other), { ok: false, output: 'Verification failure' });
  });

  it('refuses keys Salesforce cannot use, with the key error codes', () => {
    const cases: ReadonlyArray<readonly [string, Parameters<typeof signAssertion>[1], string]> = [
      ['public key', createPublicKey(key), 'ERR_KEY_IS_PUBLIC_KEY'],
      ['EC key', generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, 'ERR_KEY_NOT_RSA'],
      ['1024-bit RSA', loadPrivateKeyUnchecked('keys/rsa-1024.key'), 'ERR_KEY_TOO_SMALL'],
    ];
    for (const [name, badKey, code] of cases) {
      assert.throws(
        () => signAssertion(CLAIMS, badKey),
        (err: unknown) => err instanceof KeyError && err.code === code,
        name,
      );
    }
    assert.throws(() => signAssertion(CLAIMS, loadPrivateKeyUnchecked('keys/rsa-1024.key')), {
      message: 'The RSA key has 1024 bits; Salesforce needs at least 2048 bits (RS256).',
    });
  });
});

function loadPrivateKeyUnchecked(name: string) {
  return createPrivateKey(fixtureText(name));
}

describe('sign/createAssertion', () => {
  it('builds, signs and returns the decoded parts; jose verifies it', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const made = createAssertion({
      clientId: ' 3MVG9A2kN3Bn17hu ',
      username: 'ci@acme.com',
      audience: 'https://acme.my.salesforce.com/',
      now: () => 1_700_000_000_999,
      jti: true,
      randomId: () => 'id-1',
      key: privateKey,
    });
    assert.deepEqual(made.header, ASSERTION_HEADER);
    assert.deepEqual(made.claims, {
      iss: '3MVG9A2kN3Bn17hu',
      sub: 'ci@acme.com',
      aud: 'https://acme.my.salesforce.com',
      exp: 1_700_000_180,
      iat: 1_700_000_000,
      jti: 'id-1',
    });
    assert.deepEqual(made.warnings, []);
    const spki = await importSPKI(publicKey.export({ type: 'spki', format: 'pem' }).toString(), 'RS256');
    const verified = await jwtVerify(made.assertion, spki, {
      currentDate: new Date(1_700_000_010_000),
      audience: 'https://acme.my.salesforce.com',
    });
    assert.deepEqual(verified.payload, made.claims);
    assert.deepEqual(verified.protectedHeader, { alg: 'RS256', typ: 'JWT' });
  });
});
