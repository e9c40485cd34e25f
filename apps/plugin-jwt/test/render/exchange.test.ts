import { strict as assert } from 'node:assert';
import { TokenExchangeError, diagnoseFailure, type ExchangeAttempt } from '@sfjwt/jwt-core';
import { isTokenExchangeError } from '../../src/errors/core-errors.js';
import { grantRejectedError } from '../../src/errors/grant-rejected.js';
import { attemptLines, diagnosisLines, fixActions } from '../../src/render/exchange.js';

const HOST = 'https://acme.my.salesforce.com';
const attempts: ExchangeAttempt[] = [
  {
    host: HOST,
    audience: HOST,
    outcome: 'rejected',
    status: 400,
    error: 'invalid_grant',
    errorDescription: 'audience is invalid',
    durationMs: 120,
  },
  {
    host: HOST,
    audience: 'https://login.salesforce.com',
    outcome: 'server-error',
    status: 503,
    problem: 'HTTP 503 with an HTML page',
    durationMs: 80,
  },
  {
    host: HOST,
    audience: 'https://login.salesforce.com',
    outcome: 'rejected',
    status: 400,
    error: 'invalid_grant',
    errorDescription: 'inactive user',
    durationMs: 95,
  },
];

describe('render/exchange', () => {
  it('prints one line per attempt: host, aud, answer, duration', () => {
    assert.deepEqual(attemptLines(attempts), [
      `1. POST ${HOST} aud=${HOST} → 400 invalid_grant: audience is invalid (120 ms)`,
      `2. POST ${HOST} aud=https://login.salesforce.com → server-error: HTTP 503 with an HTML page (80 ms)`,
      `3. POST ${HOST} aud=https://login.salesforce.com → 400 invalid_grant: inactive user (95 ms)`,
    ]);
  });

  it('turns a rejection into an SfError with the attempts, the ranked causes, the fixes as actions and data', () => {
    const claims = {
      iss: '3MVG9abcdefghijk',
      sub: 'ci@acme.com',
      aud: 'https://login.salesforce.com',
      exp: 2_000_000_000,
      iat: 1_999_999_820,
    };
    const diagnosis = diagnoseFailure({
      error: 'invalid_grant',
      errorDescription: 'inactive user',
      tokenHost: HOST,
      claims,
    });
    const err = new TokenExchangeError({
      status: 400,
      error: 'invalid_grant',
      errorDescription: 'inactive user',
      tokenHost: HOST,
      audience: claims.aud,
      attempts,
      diagnosis,
    });
    assert.ok(isTokenExchangeError(err));
    const sf = grantRejectedError(err);
    assert.equal(sf.name, 'ERR_TOKEN_GRANT_REJECTED');
    assert.equal(sf.exitCode, 77);
    assert.equal(
      sf.message,
      [
        `Salesforce rejected the JWT bearer grant at ${HOST} (invalid_grant: inactive user). Most likely: the user is deactivated or frozen.`,
        '',
        'Attempts:',
        ...attemptLines(attempts).map((l) => `  ${l}`),
        '',
        'Likely causes:',
        '  • the user is deactivated or frozen.',
      ].join('\n'),
      'the fix is not repeated in the message: sf prints the actions under "Try this"',
    );
    assert.deepEqual(sf.actions, [
      'Setup → Users: reactivate or unfreeze ci@acme.com, or use another integration user; Login History shows the reason.',
    ]);
    const data = sf.data as { error: string; attempts: unknown[]; diagnosis: { causes: unknown[] } };
    assert.equal(data.error, 'invalid_grant');
    assert.equal(data.attempts.length, 3);
    assert.equal(data.diagnosis.causes.length, 1);
  });

  it('"user hasn\'t approved this consumer": the admin-approval steps are printed once, not again inside the self-approval fix (issue 11)', () => {
    const claims = {
      iss: '3MVG9abcdefghijk',
      sub: 'ci@acme.com',
      aud: 'https://login.salesforce.com',
      exp: 2_000_000_000,
    };
    const said = { error: 'invalid_grant', errorDescription: "user hasn't approved this consumer" };
    const diagnosis = diagnoseFailure({ ...said, tokenHost: HOST, claims });
    const sf = grantRejectedError(
      new TokenExchangeError({
        status: 400,
        ...said,
        tokenHost: HOST,
        audience: claims.aud,
        attempts: attempts.slice(0, 1),
        diagnosis,
      }),
    );
    assert.deepEqual(sf.actions, [
      'Setup → App Manager → your app (consumer key 3MVG9abcdefghijk) → Manage → Edit Policies → Permitted Users = "Admin approved users are pre-authorized" → Save; then Manage Profiles (or Manage Permission Sets) and add the profile or a permission set of ci@acme.com. External Client App: External Client App Manager → the app → Policies → Edit → Permitted Users "Admin approved users are pre-authorized" and select the profile or permission set (metadata permittedUsersPolicyType=AdminApprovedPreAuthorized, commaSeparatedProfile / commaSeparatedPermissionSet). Allow ~10 minutes.',
      'Approve once as ci@acme.com: run `sf jwt preapprove --client-id 3MVG9abcdefghijk` and open the URL it prints (response_type=token with scope "api refresh_token"). For automation, admin pre-authorization (Permitted Users = "Admin approved users are pre-authorized") is the better fix: it also covers users added later.',
    ]);
    const printed = [sf.message, ...(sf.actions ?? [])].join('\n');
    assert.equal(
      printed.split('Manage Profiles (or Manage Permission Sets)').length - 1,
      1,
      'the steps appear exactly once',
    );
  });

  it('lists ruled-out causes with their evidence but no fix, and falls back to possible fixes', () => {
    const d = diagnoseFailure({
      error: 'invalid_grant',
      errorDescription: 'audience is invalid',
      tokenHost: 'https://login.salesforce.com',
      claims: { aud: 'https://login.salesforce.com' },
    });
    const lines = diagnosisLines(d);
    assert.equal(lines[0], 'Possible causes:');
    assert.ok(lines.includes('Ruled out by local checks:'));
    assert.ok(lines.includes('      checked: aud https://login.salesforce.com has its scheme.'));
    assert.deepEqual(fixActions(d, 'fallback'), [
      ...new Set(d.causes.filter((c) => c.likelihood === 'possible').map((c) => c.fix)),
    ]);
    assert.deepEqual(fixActions(undefined, 'fallback'), ['fallback']);
  });
});
