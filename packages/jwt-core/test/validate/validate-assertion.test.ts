import { strict as assert } from 'node:assert';
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CertificateError } from '../../src/errors.js';
import { loadPrivateKey } from '../../src/keys/load-private-key.js';
import { createAssertion } from '../../src/sign/create-assertion.js';
import type { SignatureCandidate } from '../../src/validate/candidates.js';
import { FINDING_SEVERITY, type FindingCode } from '../../src/validate/findings.js';
import { validateAssertion, type ValidationExpectation } from '../../src/validate/validate-assertion.js';
import { fixtureText } from '../support/fixtures.js';
import { openssl, withTempFiles } from '@sfjwt/test-support';
import { craftToken } from './tokens.js';

const NOW_S = 1_700_000_000;
const NOW = NOW_S * 1000;
const KEY = loadPrivateKey(fixtureText('keys/seed-genpkey.key')).keyObject;
const OTHER_KEY = loadPrivateKey(fixtureText('keys/seed-req-x509.key')).keyObject;
const CERT = { label: 'server.crt', pem: fixtureText('certs/seed-genpkey.crt') };
const OTHER_CERT = { label: 'other.crt', pem: fixtureText('certs/seed-req-x509.crt') };
const fingerprintOf = (pem: string): string =>
  openssl(['x509', '-noout', '-fingerprint', '-sha256'], pem)
    .trim()
    .replace(/^sha256 Fingerprint=/, '');
const FP = fingerprintOf(CERT.pem);
const OTHER_FP = fingerprintOf(OTHER_CERT.pem);

const HEADER = { alg: 'RS256', typ: 'JWT' };
const CLAIMS = {
  iss: '3MVG9A2kN3Bn17hu.Zr0j_QxYz',
  sub: 'ci@acme.com',
  aud: 'https://login.salesforce.com',
  exp: NOW_S + 180,
  iat: NOW_S,
};

interface Row {
  readonly code: FindingCode;
  readonly header?: Record<string, unknown>;
  /** Claims to merge into CLAIMS; `undefined` values delete the claim. */
  readonly claims?: Record<string, unknown>;
  readonly signWith?: typeof KEY;
  /** Leave the signature part empty. */
  readonly unsigned?: boolean;
  readonly certificates?: readonly SignatureCandidate[];
  readonly expected?: ValidationExpectation;
  readonly now?: number;
  /** Every code reported, in order. */
  readonly codes: readonly FindingCode[];
  readonly message: string;
  readonly fix?: string;
}

function tokenFor(row: Pick<Row, 'header' | 'claims' | 'signWith' | 'unsigned'>): string {
  const claims: Record<string, unknown> = { ...CLAIMS };
  for (const [k, v] of Object.entries(row.claims ?? {})) {
    if (v === undefined) delete claims[k];
    else claims[k] = v;
  }
  return craftToken(row.header ?? HEADER, claims, row.unsigned === true ? undefined : (row.signWith ?? KEY));
}

const V = 'SIGNATURE_VERIFIED' as const;
const ROWS: readonly Row[] = [
  // --- header ---
  {
    code: 'ALG_MISSING',
    header: { typ: 'JWT' },
    codes: ['ALG_MISSING', 'SIGNATURE_MISSING'],
    message: 'The header has no "alg".',
  },
  {
    code: 'ALG_NONE',
    header: { alg: 'none', typ: 'JWT' },
    codes: ['ALG_NONE', 'SIGNATURE_MISSING'],
    message: 'The header\'s alg is "none": the assertion is unsigned.',
  },
  {
    code: 'ALG_HMAC',
    header: { alg: 'HS256', typ: 'JWT' },
    codes: ['ALG_HMAC', 'SIGNATURE_NOT_CHECKED'],
    message:
      "The header's alg is HS256, an HMAC with a shared secret; Salesforce verifies RS256 against the app's certificate.",
    fix: 'Sign with RS256 (RSA + SHA-256) using the private key whose certificate is on the app: createAssertion does.',
  },
  {
    code: 'ALG_NOT_RS256',
    header: { alg: 'ES256', typ: 'JWT' },
    codes: ['ALG_NOT_RS256', 'SIGNATURE_NOT_CHECKED'],
    message: "The header's alg is ES256; Salesforce's JWT bearer flow accepts RS256 only.",
  },
  {
    code: 'ALG_UNTESTED',
    header: { alg: 'RS512', typ: 'JWT' },
    codes: ['ALG_UNTESTED', V],
    message: "The header's alg is RS512; Salesforce documents only RS256, and RS512 is untested inbound.",
  },
  {
    code: 'TYP_MISSING',
    header: { alg: 'RS256' },
    codes: ['TYP_MISSING', V],
    message: 'The header has no "typ"; the sf CLI and most libraries send "JWT".',
    fix: 'Add "typ": "JWT" to the header.',
  },
  {
    code: 'TYP_NOT_JWT',
    header: { alg: 'RS256', typ: 'at+jwt' },
    codes: ['TYP_NOT_JWT', V],
    message: 'The header\'s typ is "at+jwt", not "JWT".',
  },
  {
    code: 'HEADER_KEY_HINT_IGNORED',
    header: { alg: 'RS256', typ: 'JWT', kid: 'k1', x5t: 'abc' },
    codes: ['HEADER_KEY_HINT_IGNORED', V],
    message: 'The header names a key (kid, x5t); Salesforce keeps one certificate per app and presumably ignores it.',
  },
  // --- iss ---
  {
    code: 'ISS_MISSING',
    claims: { iss: undefined },
    codes: ['ISS_MISSING', V],
    message: 'The claims have no "iss" (the consumer key).',
  },
  { code: 'ISS_TYPE', claims: { iss: 42 }, codes: ['ISS_TYPE', V], message: 'iss must be a non-empty string, not 42.' },
  {
    code: 'ISS_WHITESPACE',
    claims: { iss: '3MVG9A2kN3Bn17hu ' },
    codes: ['ISS_WHITESPACE', V],
    message: 'iss has leading or trailing whitespace; Salesforce compares it exactly ("client identifier invalid").',
  },
  {
    code: 'ISS_INVALID',
    claims: { iss: 'ci@acme.com' },
    codes: ['ISS_INVALID', V],
    message:
      'iss is not a consumer key: The client id (consumer key) "ci@acme.com" looks like a username, not a consumer key.',
    fix: "Copy the Consumer Key from the app's 'Manage Consumer Details' (External Client App: Settings → OAuth Settings → Consumer Key and Secret).",
  },
  {
    code: 'ISS_MISMATCH',
    expected: { clientId: ' 3MVG9Other ' },
    codes: ['ISS_MISMATCH', V],
    message: 'iss is 3MVG9A2kN3Bn17hu.Zr0j_QxYz, not the expected consumer key 3MVG9Other.',
  },
  // --- sub / prn ---
  {
    code: 'SUB_MISSING',
    claims: { sub: undefined },
    codes: ['SUB_MISSING', V],
    message: 'The claims have no "sub" (the username).',
  },
  { code: 'SUB_TYPE', claims: { sub: '' }, codes: ['SUB_TYPE', V], message: 'sub must be a non-empty string, not "".' },
  {
    code: 'SUB_WHITESPACE',
    claims: { sub: 'ci @acme.com' },
    codes: ['SUB_WHITESPACE', V],
    message: 'sub "ci @acme.com" contains whitespace; Salesforce usernames never do.',
  },
  {
    code: 'SUB_NOT_USERNAME',
    claims: { sub: 'integration' },
    codes: ['SUB_NOT_USERNAME', V],
    message: 'sub "integration" does not have the form of a Salesforce username (name@example.com).',
  },
  {
    code: 'SUB_MISMATCH',
    expected: { username: 'other@acme.com' },
    codes: ['SUB_MISMATCH', V],
    message: 'sub is ci@acme.com, not the expected username other@acme.com.',
  },
  {
    code: 'PRN_PRESENT',
    claims: { prn: 'other@acme.com' },
    expected: { username: 'ci@acme.com' },
    codes: ['SUB_MISMATCH', 'PRN_PRESENT', V],
    message:
      'The claims carry the legacy "prn" ("other@acme.com"), which Salesforce uses instead of sub (ci@acme.com).',
  },
  // --- aud ---
  { code: 'AUD_MISSING', claims: { aud: undefined }, codes: ['AUD_MISSING', V], message: 'The claims have no "aud".' },
  { code: 'AUD_TYPE', claims: { aud: 5 }, codes: ['AUD_TYPE', V], message: 'aud must be a URL string, not 5.' },
  {
    code: 'AUD_ARRAY',
    claims: { aud: ['https://login.salesforce.com'] },
    codes: ['AUD_ARRAY', V],
    message: 'aud is an array of 1; aud must be a single string, not an array.',
    fix: 'Send aud as one string: "https://login.salesforce.com".',
  },
  {
    code: 'AUD_NO_SCHEME',
    claims: { aud: 'login.salesforce.com' },
    codes: ['AUD_NO_SCHEME', V],
    message: 'aud login.salesforce.com has no scheme; Salesforce answers "audience is invalid".',
    fix: 'Use https://login.salesforce.com.',
  },
  {
    code: 'AUD_NOT_HTTPS',
    claims: { aud: 'http://login.salesforce.com' },
    codes: ['AUD_NOT_HTTPS', V],
    message: 'The audience must use https, not http: http://login.salesforce.com.',
  },
  {
    code: 'AUD_LIGHTNING',
    claims: { aud: 'https://acme.lightning.force.com' },
    codes: ['AUD_LIGHTNING', V],
    message: 'The audience https://acme.lightning.force.com is a Lightning domain, not a login host.',
    fix: 'Use the My Domain URL instead: https://acme.my.salesforce.com (Setup → My Domain shows it).',
  },
  {
    code: 'AUD_INVALID',
    claims: { aud: ' https://login.salesforce.com' },
    codes: ['AUD_INVALID', V],
    message:
      'aud " https://login.salesforce.com" has surrounding whitespace; Salesforce compares it as a plain string.',
  },
  {
    code: 'AUD_HAS_PATH',
    claims: { aud: 'https://login.salesforce.com/services/oauth2/token' },
    codes: ['AUD_HAS_PATH', V],
    message:
      'aud https://login.salesforce.com/services/oauth2/token has a path; the documented audiences are scheme + host.',
    fix: 'Use https://login.salesforce.com.',
  },
  {
    code: 'AUD_TRAILING_SLASH',
    claims: { aud: 'https://acme.my.salesforce.com/' },
    expected: { instanceUrl: 'https://acme.my.salesforce.com' },
    codes: ['AUD_TRAILING_SLASH', V],
    message: 'aud https://acme.my.salesforce.com/ ends with a slash; audiences are compared as plain strings.',
  },
  {
    code: 'AUD_MISMATCH',
    expected: { audience: 'https://test.salesforce.com/' },
    codes: ['AUD_MISMATCH', V],
    message: 'aud is https://login.salesforce.com, not the expected https://test.salesforce.com.',
  },
  {
    code: 'AUD_MISMATCH_INSTANCE',
    expected: { instanceUrl: 'https://test.salesforce.com' },
    codes: ['AUD_MISMATCH_INSTANCE', V],
    message:
      'aud https://login.salesforce.com does not fit https://test.salesforce.com (test, sandbox): for that host use https://test.salesforce.com.',
    fix: "Sign with aud https://test.salesforce.com (resolveEndpoints({ instanceUrl: 'https://test.salesforce.com' }) picks it).",
  },
  // --- times ---
  { code: 'EXP_MISSING', claims: { exp: undefined }, codes: ['EXP_MISSING', V], message: 'The claims have no "exp".' },
  {
    code: 'EXP_TYPE',
    claims: { exp: 'soon' },
    codes: ['EXP_TYPE', V],
    message: 'exp must be a NumericDate (seconds since the epoch), not "soon".',
  },
  {
    code: 'EXP_STRING',
    claims: { exp: String(NOW_S + 180) },
    codes: ['EXP_STRING', V],
    message: 'exp is the string "1700000180"; Salesforce accepts it, but a NumericDate is a number.',
  },
  {
    code: 'EXP_MILLISECONDS',
    claims: { exp: NOW + 300 }, // what the sf CLI signs: Date.now() + 300
    codes: ['EXP_MILLISECONDS', V],
    message:
      'exp 1700000000300 looks like milliseconds (as seconds it is the year 55840): tolerated, but the assertion practically never expires.',
  },
  {
    code: 'EXP_PAST',
    claims: { exp: NOW_S - 600, iat: NOW_S - 780 },
    codes: ['EXP_PAST', V],
    message:
      'exp 1699999400 (2023-11-14T22:03:20.000Z) is 10 min in the past; Salesforce answers "expired authorization code".',
    fix: 'Sign a fresh assertion right before the request: createAssertion sets exp = now + 180 s in integer seconds. If it was fresh, check the clock (NTP).',
  },
  {
    code: 'EXP_WITHIN_SKEW',
    claims: { exp: NOW_S - 10 },
    codes: ['EXP_WITHIN_SKEW', V],
    message: 'exp is 10 s in the past by this clock, within the allowed skew of 30 s.',
  },
  {
    code: 'EXP_TOO_FAR',
    claims: { exp: NOW_S + 3600 },
    codes: ['EXP_TOO_FAR', V],
    message:
      'exp is 60 min ahead, over the documented 3 minutes: tolerated, but anyone holding the assertion can log in until then.',
  },
  {
    code: 'IAT_TYPE',
    claims: { iat: '1700000000' },
    codes: ['IAT_TYPE', V],
    message: 'iat must be a NumericDate in seconds, not "1700000000".',
  },
  {
    code: 'IAT_FUTURE',
    claims: { iat: NOW_S + 120, exp: NOW_S + 180 },
    codes: ['IAT_FUTURE', V],
    message: "iat is 2 min in the future: the signer's clock runs ahead of this one (clock skew).",
  },
  {
    code: 'NBF_TYPE',
    claims: { nbf: true },
    codes: ['NBF_TYPE', V],
    message: 'nbf must be a NumericDate in seconds, not true.',
  },
  {
    code: 'NBF_FUTURE',
    claims: { nbf: NOW_S + 90 },
    codes: ['NBF_FUTURE', V],
    message: 'nbf is 90 s in the future: the assertion is not valid yet (clock skew?).',
  },
  {
    code: 'JTI_ON_LONG_LIVED',
    claims: { exp: NOW_S + 86_400, jti: 'once' },
    codes: ['EXP_TOO_FAR', 'JTI_ON_LONG_LIVED', V],
    message: 'A long-lived assertion carries a jti: Salesforce accepts a given jti only once, so it cannot be reused.',
  },
  // --- signature and certificates ---
  {
    code: 'SIGNATURE_MISSING',
    unsigned: true,
    codes: ['SIGNATURE_MISSING'],
    message: 'The assertion has no signature (its third part is empty).',
  },
  {
    code: 'SIGNATURE_INVALID',
    signWith: OTHER_KEY,
    codes: ['SIGNATURE_INVALID'],
    message: `The signature verifies with none of: server.crt (certificate SHA-256 ${FP}). Salesforce would answer "invalid assertion".`,
  },
  {
    code: 'SIGNATURE_MATCHES_OTHER',
    certificates: [OTHER_CERT, CERT],
    codes: ['SIGNATURE_MATCHES_OTHER'],
    message: `The signature does not verify with other.crt (certificate SHA-256 ${OTHER_FP}); it was made with the key of server.crt (certificate SHA-256 ${FP}). Salesforce would answer "invalid assertion".`,
    fix: 'Sign with the private key of other.crt, or upload the certificate of server.crt to the app.',
  },
  {
    code: 'SIGNATURE_VERIFIED',
    codes: [V],
    message: `The signature verifies with server.crt (certificate SHA-256 ${FP}).`,
  },
  {
    code: 'SIGNATURE_NOT_CHECKED',
    certificates: [],
    codes: ['SIGNATURE_NOT_CHECKED'],
    message: 'The signature was not checked: no certificate or public key was given.',
    fix: "Pass the app's certificate (the `certificates` option) to check it.",
  },
  {
    code: 'CERT_EXPIRED',
    now: Date.parse('2028-01-01T00:00:00Z'),
    claims: { iat: Date.parse('2028-01-01T00:00:00Z') / 1000, exp: Date.parse('2028-01-01T00:00:00Z') / 1000 + 180 },
    codes: ['CERT_EXPIRED', V],
    message:
      'The certificate server.crt expired on 2027-11-22T06:05:05.000Z; Salesforce does not enforce certificate expiry for the JWT bearer flow.',
  },
];

describe('validate/validateAssertion findings', () => {
  for (const row of ROWS) {
    it(`${row.code} (${FINDING_SEVERITY[row.code]})`, () => {
      const token = tokenFor(row);
      const result = validateAssertion(token, {
        now: () => row.now ?? NOW,
        certificates: row.certificates ?? [CERT],
        ...(row.expected === undefined ? {} : { expected: row.expected }),
      });
      assert.deepEqual(
        result.findings.map((f) => f.code),
        row.codes,
      );
      const f = result.findings.find((x) => x.code === row.code)!;
      assert.equal(f.severity, FINDING_SEVERITY[row.code]);
      assert.equal(f.message, row.message);
      if (row.fix !== undefined) assert.equal(f.fix, row.fix);
      assert.ok(f.fix.length > 0);
      assert.equal(result.ok, !result.findings.some((x) => x.severity === 'error'));
    });
  }

  it('has a row for every finding code', () => {
    assert.deepEqual([...new Set(ROWS.map((r) => r.code))].sort(), Object.keys(FINDING_SEVERITY).sort());
  });

  it('grades per the reference: past exp is an error; ms/string exp, long lifetime, missing typ and an expired certificate are warnings', () => {
    assert.equal(FINDING_SEVERITY.EXP_PAST, 'error');
    for (const code of ['EXP_MILLISECONDS', 'EXP_STRING', 'EXP_TOO_FAR', 'TYP_MISSING', 'CERT_EXPIRED'] as const)
      assert.equal(FINDING_SEVERITY[code], 'warning');
  });
});

describe('validate/validateAssertion', () => {
  it('passes a fresh assertion from createAssertion with expectations and the certificate', () => {
    const { assertion } = createAssertion({
      clientId: CLAIMS.iss,
      username: 'ci@acme.com',
      audience: 'https://acme--uat.sandbox.my.salesforce.com',
      now: () => NOW,
      key: KEY,
    });
    const result = validateAssertion(assertion, {
      now: () => NOW + 5_000,
      expected: {
        clientId: CLAIMS.iss,
        username: 'ci@acme.com',
        instanceUrl: 'https://acme--uat.sandbox.my.salesforce.com/',
      },
      certificates: [CERT],
    });
    assert.equal(result.ok, true);
    assert.deepEqual(result.header, { alg: 'RS256', typ: 'JWT' });
    assert.deepEqual(
      result.findings.map((f) => f.code),
      ['SIGNATURE_VERIFIED'],
    );
    assert.deepEqual(result.signature, {
      checked: true,
      verified: true,
      matchedCandidate: { label: 'server.crt', fingerprint: FP },
      candidates: [{ label: 'server.crt', kind: 'certificate', fingerprint: FP, verified: true }],
    });
  });

  it('accepts the instance fallbacks (My Domain host with login aud) but not a sandbox/production mix', () => {
    const token = tokenFor({});
    const check = (instanceUrl: string) =>
      validateAssertion(token, { now: () => NOW, expected: { instanceUrl } }).findings.map((f) => f.code);
    assert.deepEqual(check('https://acme.my.salesforce.com'), ['SIGNATURE_NOT_CHECKED']);
    assert.deepEqual(check('https://acme--uat.sandbox.my.salesforce.com'), [
      'AUD_MISMATCH_INSTANCE',
      'SIGNATURE_NOT_CHECKED',
    ]);
    assert.deepEqual(
      validateAssertion(token, {
        now: () => NOW,
        expected: { instanceUrl: 'https://acme.my.salesforce.com', appType: 'external-client-app' },
      }).findings[0]!.message,
      'aud https://login.salesforce.com does not fit https://acme.my.salesforce.com (my-domain): for that host use https://acme.my.salesforce.com.',
    );
  });

  it('explains a past exp that is a duration, or off by whole hours (local time as UTC)', () => {
    const fixOf = (exp: number): string =>
      validateAssertion(tokenFor({ claims: { exp } }), { now: () => NOW }).findings.find((f) => f.code === 'EXP_PAST')!
        .fix;
    assert.equal(
      fixOf(180),
      'exp 180 is a duration or a unit slip, not a timestamp: use now + 180 in seconds since the epoch.',
    );
    assert.equal(
      fixOf(NOW_S - 7200 + 180),
      'exp is about 2 hours behind: local time used as UTC? Use UTC epoch seconds. Sign a fresh assertion right before the request: createAssertion sets exp = now + 180 s in integer seconds.',
    );
  });

  it('names a public key candidate by the SHA-256 of its SPKI, as openssl computes it', () => {
    const pub = createPublicKey(KEY);
    const expected = withTempFiles({ 'pub.pem': pub.export({ type: 'spki', format: 'pem' }).toString() }, (p) => {
      const der = `${p['pub.pem']!}.der`;
      openssl(['pkey', '-pubin', '-in', p['pub.pem']!, '-outform', 'DER', '-out', der]);
      return openssl(['dgst', '-sha256', '-r', der]).split(' ')[0]!;
    });
    const result = validateAssertion(tokenFor({}), { now: () => NOW, certificates: [pub] });
    assert.equal(result.signature.matchedCandidate!.label, 'key 1');
    assert.equal(result.signature.matchedCandidate!.fingerprint.replaceAll(':', '').toLowerCase(), expected);
    assert.equal(result.signature.candidates[0]!.kind, 'public key');
  });

  it('reads a DER certificate candidate like the PEM one', () => {
    const derBytes = withTempFiles({ 'c.pem': CERT.pem }, (p) => {
      openssl(['x509', '-in', p['c.pem']!, '-outform', 'DER', '-out', `${p['c.pem']!}.der`]);
      return readFileSync(`${p['c.pem']!}.der`);
    });
    const result = validateAssertion(tokenFor({}), {
      now: () => NOW,
      certificates: [{ label: 'server.der', pem: derBytes }],
    });
    assert.deepEqual(result.signature.matchedCandidate, { label: 'server.der', fingerprint: FP });
  });

  it('throws named certificate errors for candidates that cannot be read', () => {
    assert.throws(
      () => validateAssertion(tokenFor({}), { now: () => NOW, certificates: [{ label: 'notes.txt', pem: 'hello' }] }),
      (err: unknown) => err instanceof CertificateError && err.code === 'ERR_CERT_NOT_PEM' && err.cause === undefined,
    );
    assert.throws(
      () =>
        validateAssertion(tokenFor({}), {
          now: () => NOW,
          certificates: [{ label: 'locked.key', pem: fixtureText('keys/seed-genrsa-des3.key') }],
        }),
      (err: unknown) =>
        err instanceof CertificateError &&
        err.code === 'ERR_CERT_INVALID' &&
        err.message === '"locked.key" holds a PEM key that cannot be read (encrypted or damaged?).' &&
        err.cause === undefined,
    );
  });

  it('sorts errors before warnings before info', () => {
    const result = validateAssertion(tokenFor({ header: { alg: 'RS256' }, claims: { exp: NOW_S - 3600 } }), {
      now: () => NOW,
      certificates: [CERT],
    });
    assert.deepEqual(
      result.findings.map((f) => f.severity),
      ['error', 'warning', 'info'],
    );
    assert.equal(result.ok, false);
  });
});
