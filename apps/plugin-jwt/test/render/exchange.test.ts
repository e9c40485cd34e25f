import { strict as assert } from 'node:assert';
import { TokenExchangeError, diagnoseFailure, type ExchangeAttempt } from '@sfjwt/jwt-core';
import { isTokenExchangeError } from '../../src/errors/core-errors.js';
import { grantRejectedError } from '../../src/errors/grant-rejected.js';
import { attemptLines, diagnosisLines, fixActions } from '../../src/render/exchange.js';

const HOST = 'https://acme.my.salesforce.com';
const attempts: ExchangeAttempt[] = [
  { host: HOST, audience: HOST, outcome: 'rejected', status: 400, error: 'invalid_grant', errorDescription: 'audience is invalid', durationMs: 120 },
  { host: HOST, audience: 'https://login.salesforce.com', outcome: 'server-error', status: 503, problem: 'HTTP 503 with an HTML page', durationMs: 80 },
  { host: HOST, audience: 'https://login.salesforce.com', outcome: 'rejected', status: 400, error: 'invalid_grant', errorDescription: 'inactive user', durationMs: 95 },
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
    const claims = { iss: '3MVG9abcdefghijk', sub: 'ci@acme.com', aud: 'https://login.salesforce.com', exp: 2_000_000_000, iat: 1_999_999_820 };
    const diagnosis = diagnoseFailure({ error: 'invalid_grant', errorDescription: 'inactive user', tokenHost: HOST, claims });
    const err = new TokenExchangeError({ status: 400, error: 'invalid_grant', errorDescription: 'inactive user', tokenHost: HOST, audience: claims.aud, attempts, diagnosis });
    assert.ok(isTokenExchangeError(err));
    const sf = grantRejectedError(err);
    assert.equal(sf.name, 'ERR_TOKEN_GRANT_REJECTED');
    assert.equal(sf.exitCode, 1);
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
    assert.deepEqual(sf.actions, ['Setup → Users: reactivate or unfreeze ci@acme.com, or use another integration user; Login History shows the reason.']);
    const data = sf.data as { error: string; attempts: unknown[]; diagnosis: { causes: unknown[] } };
    assert.equal(data.error, 'invalid_grant');
    assert.equal(data.attempts.length, 3);
    assert.equal(data.diagnosis.causes.length, 1);
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
