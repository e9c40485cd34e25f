import { strict as assert } from 'node:assert';
import { buildClaims, type BuildClaimsOptions } from '../../src/claims/build-claims.js';
import { MAX_LONG_LIVED_SECONDS } from '../../src/claims/lifetime.js';
import { ClaimError, UrlError } from '../../src/errors.js';

const NOW = 1_700_000_000_123; // ms; not a whole second, to prove flooring
const BASE: BuildClaimsOptions = {
  clientId: '3MVG9A2kN3Bn17hu.Zr0j_QxYz',
  username: 'ci@acme.com',
  audience: 'https://login.salesforce.com',
  now: () => NOW,
};

function throwsClaim(options: Partial<BuildClaimsOptions>, code: string, message: string, fix?: string): void {
  assert.throws(
    () => buildClaims({ ...BASE, ...options }),
    (err: unknown) => {
      assert.ok(err instanceof ClaimError, String(err));
      assert.equal(err.code, code);
      assert.equal(err.message, message);
      if (fix !== undefined) assert.equal(err.fix, fix);
      return true;
    },
  );
}

describe('claims/buildClaims', () => {
  it('builds exact claims in integer seconds with a frozen clock', () => {
    const { claims, warnings } = buildClaims(BASE);
    assert.deepEqual(claims, {
      iss: '3MVG9A2kN3Bn17hu.Zr0j_QxYz',
      sub: 'ci@acme.com',
      aud: 'https://login.salesforce.com',
      exp: 1_700_000_180,
      iat: 1_700_000_000,
    });
    assert.deepEqual(Object.keys(claims), ['iss', 'sub', 'aud', 'exp', 'iat']);
    assert.deepEqual(warnings, []);
  });

  it('trims iss and sub and normalizes aud', () => {
    const { claims } = buildClaims({
      ...BASE,
      clientId: ' 3MVG9A2kN3Bn17hu\n',
      username: '\tci@acme.com ',
      audience: 'https://ACME.my.salesforce.com/',
    });
    assert.equal(claims.iss, '3MVG9A2kN3Bn17hu');
    assert.equal(claims.sub, 'ci@acme.com');
    assert.equal(claims.aud, 'https://acme.my.salesforce.com');
  });

  it('adds a random jti, a given jti, and nbf', () => {
    const random = buildClaims({ ...BASE, jti: true, randomId: () => 'fixed-uuid' }).claims;
    assert.equal(random.jti, 'fixed-uuid');
    assert.match(
      buildClaims({ ...BASE, jti: true }).claims.jti!,
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    assert.equal(buildClaims({ ...BASE, jti: ' run-42 ' }).claims.jti, 'run-42');
    assert.equal(buildClaims({ ...BASE, notBefore: true }).claims.nbf, 1_700_000_000);
    assert.equal(buildClaims({ ...BASE, notBefore: 30 }).claims.nbf, 1_699_999_970);
    assert.equal(buildClaims({ ...BASE, notBefore: false }).claims.nbf, undefined);
  });

  it('allows a custom lifetime up to 180 s, warning under 60 s', () => {
    assert.equal(buildClaims({ ...BASE, lifetimeSeconds: 120 }).claims.exp, 1_700_000_120);
    const short = buildClaims({ ...BASE, lifetimeSeconds: 20 });
    assert.equal(short.claims.exp, 1_700_000_020);
    assert.deepEqual(
      short.warnings.map((w) => w.code),
      ['SHORT_LIFETIME'],
    );
    assert.equal(
      short.warnings[0]!.message,
      'A lifetime of 20 s leaves little room for clock skew; Salesforce rejects a past exp ("expired authorization code").',
    );
  });

  it('makes a long-lived assertion only when asked, with a bearer warning and no jti', () => {
    throwsClaim(
      { lifetimeSeconds: 181 },
      'ERR_CLAIM_LIFETIME',
      'A lifetime of 181 s is over the documented 3 minutes (180 s).',
      'Sign a fresh assertion for each login instead. If a third party really needs a long-lived assertion, pass `longLived: true` with the lifetime.',
    );
    const long = buildClaims({ ...BASE, lifetimeSeconds: 30 * 86400, longLived: true });
    assert.deepEqual(long.claims, {
      iss: '3MVG9A2kN3Bn17hu.Zr0j_QxYz',
      sub: 'ci@acme.com',
      aud: 'https://login.salesforce.com',
      exp: 1_702_592_000,
      iat: 1_700_000_000,
    });
    assert.deepEqual(long.warnings, [
      {
        code: 'LONG_LIVED_BEARER',
        message:
          "This assertion is valid for 30 days: anyone who holds it can log in as the user until it expires. Treat it like a password and revoke access by replacing the app's certificate.",
      },
    ]);
    throwsClaim(
      { lifetimeSeconds: 3600, longLived: true, jti: true },
      'ERR_CLAIM_INVALID',
      'A long-lived assertion cannot carry a jti: Salesforce accepts a jti only once, so it could not be reused.',
    );
    throwsClaim(
      { lifetimeSeconds: MAX_LONG_LIVED_SECONDS + 1, longLived: true },
      'ERR_CLAIM_LIFETIME',
      'A lifetime of 63244801 s is over the two-year limit (63244800 s).',
    );
    assert.equal(buildClaims({ ...BASE, lifetimeSeconds: 180, longLived: true, jti: 'x' }).claims.jti, 'x');
  });

  it('rejects a lifetime that is not a positive whole number', () => {
    for (const bad of [0, -5, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      throwsClaim(
        { lifetimeSeconds: bad },
        'ERR_CLAIM_LIFETIME',
        `The lifetime must be a whole number of seconds above 0, not ${String(bad)}.`,
      );
    }
  });

  it('rejects bad client ids with the Manage Consumer Details fix', () => {
    const fix =
      "Copy the Consumer Key from the app's 'Manage Consumer Details' (External Client App: Settings → OAuth Settings → Consumer Key and Secret).";
    const cases: ReadonlyArray<readonly [string, string]> = [
      ['   ', 'The client id (consumer key) is empty.'],
      ['3MVG9A2kN3 Bn17hu', 'The client id (consumer key) contains whitespace; a consumer key is one unbroken string.'],
      ['ci@acme.com', 'The client id (consumer key) "ci@acme.com" looks like a username, not a consumer key.'],
      [
        'https://login.salesforce.com',
        'The client id (consumer key) "https://login.salesforce.com" is a URL, not a consumer key.',
      ],
      ['"3MVG9A2kN3Bn17hu"', 'The client id (consumer key) is wrapped in quotes; give the key without them.'],
      ['3MVG9A2kN3Bn17hu;', 'The client id (consumer key) contains ";", which never appears in a consumer key.'],
      // A control character is shown escaped, never lost or obeyed.
      [
        '3MVG9A2kN3\u001b[2Jhu',
        'The client id (consumer key) contains "\\x1b", which never appears in a consumer key.',
      ],
      ['3MVG9A2kN3\u202ehu', 'The client id (consumer key) contains "\\u202e", which never appears in a consumer key.'],
      ['3MVG9', 'The client id (consumer key) is 5 characters long; consumer keys have 8 to 256.'],
    ];
    for (const [clientId, message] of cases) throwsClaim({ clientId }, 'ERR_CLAIM_CLIENT_ID', message, fix);
  });

  it('warns about a client id that looks like a secret or is unusual', () => {
    const secret = buildClaims({
      ...BASE,
      clientId: 'A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F60718293A4B5C6D7E8F90',
    });
    assert.deepEqual(
      secret.warnings.map((w) => w.code),
      ['CLIENT_ID_LOOKS_LIKE_SECRET'],
    );
    const custom = buildClaims({ ...BASE, clientId: 'MyCustomKey_2024' });
    assert.deepEqual(
      custom.warnings.map((w) => w.code),
      ['CLIENT_ID_UNUSUAL'],
    );
  });

  it('rejects bad usernames and warns on a non-email shape', () => {
    const fix = "Give the user's Salesforce username (Setup → Users → Username), not the email address.";
    throwsClaim({ username: '' }, 'ERR_CLAIM_USERNAME', 'The username is empty.', fix);
    throwsClaim(
      { username: 'ci @acme.com' },
      'ERR_CLAIM_USERNAME',
      'The username "ci @acme.com" contains whitespace.',
      fix,
    );
    throwsClaim(
      { username: 'ci\u0000@acme.com' },
      'ERR_CLAIM_USERNAME',
      'The username contains control characters.',
      fix,
    );
    throwsClaim(
      { username: `${'a'.repeat(75)}@acme.com` },
      'ERR_CLAIM_USERNAME',
      'The username is 84 characters long; Salesforce usernames have at most 80.',
      fix,
    );
    const odd = buildClaims({ ...BASE, username: 'integration-user' });
    assert.deepEqual(odd.warnings, [
      {
        code: 'USERNAME_NOT_EMAIL',
        message:
          '"integration-user" does not look like a Salesforce username, which has the form of an email address (name@example.com).',
      },
    ]);
  });

  it('rejects a bad jti, nbf and clock', () => {
    throwsClaim({ jti: '  ' }, 'ERR_CLAIM_INVALID', 'The jti must be 1 to 256 characters without whitespace.');
    throwsClaim(
      { notBefore: -1 },
      'ERR_CLAIM_INVALID',
      'notBefore must be true or 0 to 180 seconds of backdating, not -1.',
    );
    throwsClaim(
      { now: () => Number.NaN },
      'ERR_CLAIM_INVALID',
      'The clock returned NaN, not a time in epoch milliseconds.',
    );
  });

  it('rejects an audience without a scheme through the URL rules', () => {
    assert.throws(
      () => buildClaims({ ...BASE, audience: 'login.salesforce.com' }),
      (err: unknown) => err instanceof UrlError && err.code === 'ERR_URL_INVALID',
    );
  });
});
