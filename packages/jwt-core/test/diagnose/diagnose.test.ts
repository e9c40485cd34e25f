import { strict as assert } from 'node:assert';
import type { CauseId } from '../../src/diagnose/causes.js';
import { CATALOG } from '../../src/diagnose/catalog.js';
import { diagnoseFailure } from '../../src/diagnose/diagnose.js';
import type { DiagnoseInput } from '../../src/diagnose/diagnose-context.js';
import type { Likelihood } from '../../src/diagnose/diagnosis-types.js';
import { exchangeAssertion } from '../../src/exchange/exchange.js';
import { ASSERTION, SERVER_DATE_MS, scriptedFetch } from '../support/fake-fetch.js';

const NOW = SERVER_DATE_MS; // frozen clock, equal to the fake server's Date header
const NOW_S = NOW / 1000;
const LOGIN = 'https://login.salesforce.com';
const TEST = 'https://test.salesforce.com';
const MYD = 'https://acme.my.salesforce.com';
const SBX = 'https://acme--uat.sandbox.my.salesforce.com';
const GOV = 'https://agency.my.salesforce.mil';
const CLIENT_ID = '3MVG9rZjd7MXFdLhVxYFmYqGmQAaAc2pbZTxkWqWcXfPGEBHyGTTo.Z1OR3Tn3bh9ecNjsdF6eqV.5zRzn6kQ';
const USER = 'integration@acme.com';

const claims = (aud: string, over: Record<string, unknown> = {}): Record<string, unknown> => ({
  iss: CLIENT_ID,
  sub: USER,
  aud,
  exp: NOW_S + 180,
  iat: NOW_S,
  ...over,
});

interface Case {
  readonly name: string;
  readonly error: string;
  readonly description?: string;
  readonly input: Omit<DiagnoseInput, 'error' | 'errorDescription'>;
  /** The full ranking, as `id:likelihood`. */
  readonly ranked: readonly `${CauseId}:${Likelihood}`[];
}

const at = (
  tokenHost: string,
  aud: string,
  over: Partial<DiagnoseInput> = {},
): Omit<DiagnoseInput, 'error' | 'errorDescription'> => ({
  tokenHost,
  claims: claims(aud),
  serverDate: NOW,
  now: NOW,
  ...over,
});

const CASES: readonly Case[] = [
  {
    name: 'not approved, documented pair: approval problems, pair ruled out',
    error: 'invalid_grant',
    description: "user hasn't approved this consumer",
    input: at(MYD, LOGIN),
    ranked: [
      'not-pre-authorized:likely',
      'self-authorize-without-approval:likely',
      'username-unknown:possible',
      'refresh-token-scope-missing:possible',
      'integration-license-permission-set:possible',
      'not-propagated:possible',
      'host-audience-pair:ruled-out',
    ],
  },
  {
    name: 'not approved, GovCloud with a My Domain aud: the pair is likely',
    error: 'invalid_grant',
    description: "user hasn't approved this consumer",
    input: at(GOV, GOV),
    ranked: [
      'host-audience-pair:likely',
      'not-pre-authorized:likely',
      'self-authorize-without-approval:likely',
      'username-unknown:possible',
      'refresh-token-scope-missing:possible',
      'integration-license-permission-set:possible',
      'not-propagated:possible',
    ],
  },
  {
    name: 'not approved, login host with the test aud (cross pair)',
    error: 'invalid_grant',
    description: "user hasn't approved this consumer",
    input: at(LOGIN, TEST),
    ranked: [
      'host-audience-pair:likely',
      'not-pre-authorized:likely',
      'self-authorize-without-approval:likely',
      'username-unknown:possible',
      'refresh-token-scope-missing:possible',
      'integration-license-permission-set:possible',
      'not-propagated:possible',
    ],
  },
  {
    name: 'not admin approved (invalid_app_access)',
    error: 'invalid_app_access',
    description: 'user is not admin approved to access this app',
    input: at(LOGIN, LOGIN),
    ranked: [
      'profile-not-admin-approved:likely',
      'integration-license-permission-set:possible',
      'not-propagated:possible',
    ],
  },
  {
    name: 'invalid assertion, key ≠ certificate',
    error: 'invalid_grant',
    description: 'invalid assertion',
    input: at(LOGIN, LOGIN, { keyMatchesCertificate: false, keyFingerprint: 'AA:11', certificateFingerprint: 'BB:22' }),
    ranked: [
      'key-certificate-mismatch:likely',
      'digital-signatures-off:possible',
      'not-propagated:possible',
      'malformed-assertion:ruled-out',
    ],
  },
  {
    name: 'invalid assertion, malformed claims',
    error: 'invalid_grant',
    description: 'invalid assertion',
    input: at(LOGIN, LOGIN, { claims: { iss: CLIENT_ID, aud: LOGIN, exp: 'soon' } }),
    ranked: [
      'malformed-assertion:likely',
      'key-certificate-mismatch:likely',
      'digital-signatures-off:possible',
      'not-propagated:possible',
    ],
  },
  {
    name: 'audience is invalid: no scheme',
    error: 'invalid_grant',
    description: 'audience is invalid',
    input: at(LOGIN, 'login.salesforce.com'),
    ranked: [
      'audience-without-scheme:likely',
      'audience-needs-my-domain:possible',
      'audience-wrong-environment:possible',
      'my-domain-audience-rejected:possible',
      'audience-unrelated-host:possible',
      'audience-trailing-slash:ruled-out',
    ],
  },
  {
    name: 'Audience validation failed: sandbox host with the login aud',
    error: 'invalid_grant',
    description: 'Audience validation failed',
    input: at(SBX, LOGIN),
    ranked: [
      'audience-wrong-environment:likely',
      'audience-needs-my-domain:possible',
      'audience-without-scheme:ruled-out',
      'my-domain-audience-rejected:ruled-out',
      'audience-unrelated-host:ruled-out',
      'audience-trailing-slash:ruled-out',
    ],
  },
  {
    name: 'audience is invalid: a Connected App refusing the My Domain aud',
    error: 'invalid_grant',
    description: 'audience is invalid',
    input: at(MYD, MYD),
    ranked: [
      'my-domain-audience-rejected:likely',
      'audience-without-scheme:ruled-out',
      'audience-wrong-environment:ruled-out',
      'audience-unrelated-host:ruled-out',
      'audience-needs-my-domain:ruled-out',
      'audience-trailing-slash:ruled-out',
    ],
  },
  {
    name: 'audience is invalid: an unrelated aud with a trailing slash',
    error: 'invalid_grant',
    description: 'audience is invalid',
    input: at(MYD, 'https://example.com/'),
    ranked: [
      'audience-unrelated-host:likely',
      'audience-trailing-slash:possible',
      'audience-without-scheme:ruled-out',
      'audience-wrong-environment:ruled-out',
      'my-domain-audience-rejected:ruled-out',
      'audience-needs-my-domain:ruled-out',
    ],
  },
  {
    name: 'expired: the local clock is 5 minutes behind Salesforce',
    error: 'invalid_grant',
    description: 'expired authorization code',
    input: at(LOGIN, LOGIN, { serverDate: NOW + 300_000 }),
    ranked: ['clock-skew:likely', 'exp-not-utc-seconds:ruled-out', 'assertion-too-old:ruled-out'],
  },
  {
    name: 'expired: local time sent as UTC (UTC−5)',
    error: 'invalid_grant',
    description: 'expired authorization code',
    input: at(LOGIN, LOGIN, { claims: claims(LOGIN, { exp: NOW_S - 5 * 3600 + 180, iat: NOW_S - 5 * 3600 }) }),
    ranked: ['exp-not-utc-seconds:likely', 'assertion-too-old:possible', 'clock-skew:ruled-out'],
  },
  {
    name: 'expired: a reused assertion',
    error: 'invalid_grant',
    description: 'expired authorization code',
    input: at(LOGIN, LOGIN, { claims: claims(LOGIN, { exp: NOW_S - 600, iat: NOW_S - 780 }) }),
    ranked: ['assertion-too-old:likely', 'clock-skew:ruled-out', 'exp-not-utc-seconds:ruled-out'],
  },
  {
    name: 'expired: exp in minutes',
    error: 'invalid_grant',
    description: 'expired authorization code',
    input: at(LOGIN, LOGIN, { claims: claims(LOGIN, { exp: Math.round(NOW_S / 60), iat: undefined }) }),
    ranked: ['exp-not-utc-seconds:likely', 'assertion-too-old:likely', 'clock-skew:ruled-out'],
  },
  {
    name: 'client identifier invalid',
    error: 'invalid_client_id',
    description: 'client identifier invalid',
    input: at(LOGIN, LOGIN),
    ranked: ['client-id-wrong:likely', 'app-in-other-org:possible', 'not-propagated:possible'],
  },
  {
    name: 'app_not_found through the login host',
    error: 'app_not_found',
    description: 'External client app is not installed in this org',
    input: at(LOGIN, LOGIN),
    // login.salesforce.com cannot tell a sandbox from production (forcedotcom/cli#3482): the refresh stays possible.
    ranked: ['audience-needs-my-domain:likely', 'eca-not-installed:possible', 'sandbox-refreshed:possible'],
  },
  {
    name: 'app_not_found through My Domain',
    error: 'app_not_found',
    description: 'External client app is not installed in this org',
    input: at(SBX, SBX),
    ranked: ['eca-not-installed:likely', 'sandbox-refreshed:possible', 'audience-needs-my-domain:ruled-out'],
  },
  {
    name: 'scope parameter not supported',
    error: 'invalid_request',
    description: 'scope parameter not supported',
    input: at(LOGIN, LOGIN),
    ranked: ['scope-sent:likely'],
  },
  {
    name: 'grant type not supported',
    error: 'unsupported_grant_type',
    description: 'grant type not supported',
    input: at(LOGIN, LOGIN),
    ranked: ['grant-not-form-encoded:likely'],
  },
  {
    name: 'authentication failure',
    error: 'invalid_grant',
    description: 'authentication failure',
    input: at(LOGIN, LOGIN),
    ranked: ['user-inactive:likely', 'ip-restricted:possible', 'not-pre-authorized:possible'],
  },
  {
    name: 'inactive user',
    error: 'invalid_grant',
    description: 'inactive user',
    input: at(LOGIN, LOGIN),
    ranked: ['user-inactive:likely'],
  },
  {
    name: 'IP restricted',
    error: 'invalid_grant',
    description: 'ip restricted or invalid login hours',
    input: at(LOGIN, LOGIN),
    ranked: ['ip-restricted:likely'],
  },
  {
    name: 'API Access Control blocks the app',
    error: 'OAUTH_APP_BLOCKED',
    input: at(LOGIN, LOGIN),
    ranked: ['api-access-control:likely'],
  },
  {
    name: 'login rate exceeded',
    error: 'LOGIN_RATE_EXCEEDED',
    description: 'Login Rate Exceeded',
    input: at(LOGIN, LOGIN),
    ranked: ['login-rate-exceeded:likely'],
  },
  {
    name: 'an answer outside the catalog',
    error: 'invalid_grant',
    description: 'something new',
    input: at(LOGIN, LOGIN, { keyMatchesCertificate: false }),
    ranked: [
      'key-certificate-mismatch:likely',
      'uncatalogued-error:possible',
      'host-audience-pair:ruled-out',
      'clock-skew:ruled-out',
    ],
  },
];

// Within a rank, causes a local check decided come first (evidence beats the catalog's default), then catalog order.
describe('diagnoseFailure: every catalog row', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      // Through the exchange with a fake Salesforce, as in real use.
      const body =
        c.description === undefined ? { error: c.error } : { error: c.error, error_description: c.description };
      const fetch = scriptedFetch([
        { status: 400, body, headers: { date: new Date(c.input.serverDate ?? NOW).toUTCString() } },
      ]);
      const err: unknown = await exchangeAssertion({
        tokenHost: c.input.tokenHost,
        assertion: ASSERTION,
        fetch,
        diagnose: (facts) => diagnoseFailure({ ...c.input, ...facts }),
      }).catch((e: unknown) => e);
      const diagnosis = (err as { diagnosis?: ReturnType<typeof diagnoseFailure> }).diagnosis;
      assert.ok(diagnosis, 'expected a diagnosis');
      assert.deepEqual(
        diagnosis.causes.map((x) => `${x.id}:${x.likelihood}`),
        c.ranked,
      );
    });
  }

  it('covers every catalog row', () => {
    const covered = new Set(
      CASES.map(
        (c) =>
          CATALOG.find(
            (row) =>
              (c.description !== undefined && row.description?.test(c.description)) || row.errors?.includes(c.error),
          )?.id,
      ),
    );
    assert.deepEqual(
      CATALOG.map((r) => r.id).filter((id) => !covered.has(id)),
      [],
    );
  });
});

describe('diagnoseFailure: text', () => {
  it('names the cause, the evidence and the Setup fix for "user hasn\'t approved this consumer"', () => {
    const d = diagnoseFailure({
      error: 'invalid_grant',
      errorDescription: "user hasn't approved this consumer",
      ...at(MYD, LOGIN),
    });
    assert.equal(
      d.summary,
      `https://acme.my.salesforce.com answered invalid_grant "user hasn't approved this consumer" for aud https://login.salesforce.com (app 3MVG9rZjd7MX…, user integration@acme.com): the user has no approval for this app. 2 likely causes; first: the app is admin-approved but the user's profile or permission set is not assigned to it.`,
    );
    assert.equal(
      d.causes[0]!.fix,
      'Setup → App Manager → your app (consumer key 3MVG9rZjd7MX…) → Manage → Edit Policies → Permitted Users = "Admin approved users are pre-authorized" → Save; then Manage Profiles (or Manage Permission Sets) and add the profile or a permission set of integration@acme.com. External Client App: External Client App Manager → the app → Policies → Edit → Permitted Users "Admin approved users are pre-authorized" and select the profile or permission set (metadata permittedUsersPolicyType=AdminApprovedPreAuthorized, commaSeparatedProfile / commaSeparatedPermissionSet). Allow ~10 minutes.',
    );
    const pair = d.causes.find((x) => x.id === 'host-audience-pair')!;
    assert.deepEqual(pair.evidence, [
      'aud https://login.salesforce.com is the documented one for https://acme.my.salesforce.com.',
    ]);
  });

  it('gives the ~600-character pre-authorization steps once: the self-authorize fix does not repeat them (issue 11)', () => {
    const d = diagnoseFailure({
      error: 'invalid_grant',
      errorDescription: "user hasn't approved this consumer",
      ...at(MYD, LOGIN),
    });
    const steps = d.causes.find((x) => x.id === 'not-pre-authorized')!.fix;
    assert.ok(steps.length > 500);
    assert.equal(d.causes.filter((x) => x.fix.includes('Manage Profiles (or Manage Permission Sets)')).length, 1);
    assert.equal(
      d.causes.find((x) => x.id === 'self-authorize-without-approval')!.fix,
      'Approve once as integration@acme.com: open the URL that buildAuthorizeUrl (or preapprovalGuide) makes for consumer key 3MVG9rZjd7MX…, logged in as that user (response_type=token with scope "api refresh_token"). For automation, admin pre-authorization (Permitted Users = "Admin approved users are pre-authorized") is the better fix: it also covers users added later.',
    );
  });

  it('quotes the fingerprints for a key that does not match the certificate', () => {
    const d = diagnoseFailure({
      error: 'invalid_grant',
      errorDescription: 'invalid assertion',
      ...at(LOGIN, LOGIN, { keyMatchesCertificate: false, keyFingerprint: 'AA:11', certificateFingerprint: 'BB:22' }),
    });
    assert.equal(
      d.summary,
      `${LOGIN} answered invalid_grant "invalid assertion" for aud ${LOGIN} (app 3MVG9rZjd7MX…, user ${USER}): the assertion's signature or format was not accepted. Most likely the private key does not belong to the certificate uploaded to the app.`,
    );
    assert.deepEqual(d.causes[0]!.evidence, [
      'The private key does not match the given certificate (key AA:11, certificate BB:22).',
    ]);
  });

  it('measures the clock against the server Date header', () => {
    const d = diagnoseFailure({
      error: 'invalid_grant',
      errorDescription: 'expired authorization code',
      ...at(LOGIN, LOGIN, { serverDate: NOW + 300_000 }),
    });
    assert.deepEqual(d.causes[0]!.evidence, [
      "The local clock is 300 s behind the server's Date header (2026-08-04T10:05:00Z).",
    ]);
    assert.equal(
      d.causes[0]!.fix,
      'Synchronise the clock (NTP: `timedatectl set-ntp true`, `w32tm /resync`, or the CI image), then retry.',
    );
  });

  it('says when no cause stands out, and works without claims', () => {
    const d = diagnoseFailure({ error: 'invalid_grant', errorDescription: 'audience is invalid', tokenHost: LOGIN });
    assert.equal(
      d.summary,
      `${LOGIN} answered invalid_grant "audience is invalid": the aud claim is not one this org accepts. No cause stands out; the possible ones are listed.`,
    );
    assert.ok(d.causes.every((x) => x.likelihood !== 'likely'));
  });
});

describe('diagnoseFailure: one clock-skew policy', () => {
  const expired = (over: Partial<DiagnoseInput>) =>
    diagnoseFailure({
      error: 'invalid_grant',
      errorDescription: 'expired authorization code',
      ...at(LOGIN, LOGIN, over),
    }).causes.find((x) => x.id === 'clock-skew')!;

  it('allows for the round trip when it knows when the request was sent, like sf jwt doctor', () => {
    // 32 s measured, 2 s of it the round trip and 1 s the Date header's resolution: 29 s, within the tolerance.
    const within = expired({ serverDate: NOW + 32_000, requestStartedAt: NOW - 2_000 });
    assert.equal(within.likelihood, 'ruled-out');
    assert.deepEqual(within.evidence, [
      "The local clock is within 32 s of the server's Date header (2026-08-04T10:00:32Z).",
    ]);
    assert.equal(expired({ serverDate: NOW + 32_000 }).likelihood, 'likely', 'without the request time: 31 s');
  });
});
