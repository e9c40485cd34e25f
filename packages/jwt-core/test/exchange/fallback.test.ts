import { strict as assert } from 'node:assert';
import { resolveEndpoints, type EndpointCandidate } from '../../src/audience/resolve.js';
import { TokenExchangeError, TransportError, isJwtCoreError } from '../../src/errors.js';
import { exchangeWithFallback, nextCandidateIndex } from '../../src/exchange/fallback.js';
import {
  ASSERTION,
  SERVER_DATE_MS,
  TOKEN_BODY,
  fetchFailed,
  scriptedFetch,
  sequence,
  type Step,
} from '../support/fake-fetch.js';

const MYD = 'https://acme.my.salesforce.com';
const LOGIN = 'https://login.salesforce.com';
const reject = (description: string, error = 'invalid_grant'): Step => ({
  status: 400,
  body: { error, error_description: description },
});

async function run(steps: readonly Step[], candidates: readonly EndpointCandidate[]) {
  const fetch = scriptedFetch(steps);
  const signedFor: string[] = [];
  const result = await exchangeWithFallback({
    candidates,
    fetch,
    retries: 0,
    now: () => SERVER_DATE_MS,
    makeAssertion: (c) => {
      signedFor.push(`${c.tokenHost} ${c.audience}`);
      return {
        assertion: ASSERTION,
        claims: {
          iss: '3MVG9abcdefgh',
          sub: 'u@acme.com',
          aud: c.audience,
          exp: SERVER_DATE_MS / 1000 + 180,
          iat: SERVER_DATE_MS / 1000,
        },
      };
    },
  }).catch((e: unknown) => e);
  return { fetch, signedFor, result };
}

const myDomain = resolveEndpoints({ instanceUrl: MYD }).candidates;

describe('exchangeWithFallback', () => {
  it('moves to the next pair after "audience is invalid", signing for its aud, and reports both attempts', async () => {
    const { fetch, signedFor, result } = await run(
      [reject('audience is invalid'), { status: 200, body: TOKEN_BODY }],
      myDomain,
    );
    assert.deepEqual(signedFor, [`${MYD} ${MYD}`, `${MYD} ${LOGIN}`]);
    assert.deepEqual(
      fetch.requests.map((r) => r.url),
      [`${MYD}/services/oauth2/token`, `${MYD}/services/oauth2/token`],
    );
    const token = result as {
      audience: string;
      attempts: { audience?: string; outcome: string; reason?: string; errorDescription?: string }[];
    };
    assert.equal(token.audience, LOGIN);
    assert.deepEqual(
      token.attempts.map((a) => [a.audience, a.outcome, a.errorDescription, a.reason]),
      [
        [MYD, 'rejected', 'audience is invalid', myDomain[0]!.reason],
        [
          LOGIN,
          'success',
          undefined,
          `after "audience is invalid" from ${MYD} with aud ${MYD}; ${myDomain[1]!.reason}`,
        ],
      ],
    );
  });

  it('tries every candidate on app_not_found, then explains it from every answer: My Domain was tried, so the app is not installed', async () => {
    const { fetch, result } = await run(
      [reject('External client app is not installed in this org', 'app_not_found')],
      myDomain,
    );
    assert.equal(fetch.requests.length, 3);
    assert.ok(result instanceof TokenExchangeError);
    assert.equal(result.attempts.length, 3);
    // Every answer is a pair symptom: the preferred (My Domain) pair's answer leads; the others merge into it.
    assert.equal(result.tokenHost, MYD);
    assert.equal(result.audience, MYD);
    assert.equal(result.diagnosis?.leadingAttempt, 1);
    assert.deepEqual(
      result.diagnosis?.causes.map((c) => `${c.id}:${c.likelihood}`),
      ['eca-not-installed:likely', 'audience-needs-my-domain:ruled-out', 'sandbox-refreshed:ruled-out'],
    );
    assert.deepEqual(result.diagnosis?.causes[1]?.evidence, [
      `Host and aud are both the org's domain (${MYD}).`,
      `Attempt 2: The request used aud ${LOGIN}, not My Domain.`,
      `Attempt 3: The request used aud ${LOGIN} via ${LOGIN}, not My Domain.`,
    ]);
    assert.equal(
      result.message,
      'Salesforce rejected the JWT bearer grant at https://acme.my.salesforce.com (app_not_found: External client app is not installed in this org). Most likely: the External Client App is not installed (or not enabled) in this org.',
    );
  });

  it('after "user hasn\'t approved this consumer" with a My Domain aud, jumps once to a documented aud, then stops', async () => {
    const { fetch, signedFor, result } = await run([reject("user hasn't approved this consumer")], myDomain);
    assert.deepEqual(signedFor, [`${MYD} ${MYD}`, `${MYD} ${LOGIN}`]);
    assert.equal(fetch.requests.length, 2);
    assert.ok(result instanceof TokenExchangeError);
    assert.deepEqual(
      result.diagnosis?.causes.slice(0, 2).map((c) => c.id),
      ['not-pre-authorized', 'self-authorize-without-approval'],
    );
    assert.equal(result.diagnosis?.causes.find((c) => c.id === 'host-audience-pair')?.likelihood, 'ruled-out');
  });

  it('issue 11: a misspelt username (not approved at My Domain, then app_not_found) is not blamed on the login URL', async () => {
    // The ECA answers "user hasn't approved this consumer" for an unknown user through My Domain; the fallback pairs
    // with a login aud only say the app is not reachable there. The first, more specific answer must lead.
    const appNotFound = reject('External client app is not installed in this org', 'app_not_found');
    const { fetch, result } = await run(
      [reject("user hasn't approved this consumer"), appNotFound, appNotFound],
      myDomain,
    );
    assert.equal(fetch.requests.length, 3);
    assert.ok(result instanceof TokenExchangeError);
    assert.deepEqual(
      result.attempts.map((a) => [a.host, a.audience, a.error]),
      [
        [MYD, MYD, 'invalid_grant'],
        [MYD, LOGIN, 'app_not_found'],
        [LOGIN, LOGIN, 'app_not_found'],
      ],
    );
    assert.equal(result.tokenHost, MYD);
    assert.equal(result.audience, MYD);
    assert.equal(result.errorDescription, "user hasn't approved this consumer");
    assert.equal(result.diagnosis?.leadingAttempt, 1);
    const ranked = result.diagnosis?.causes.map((c) => `${c.id}:${c.likelihood}`);
    assert.deepEqual(ranked, [
      'not-pre-authorized:likely',
      'self-authorize-without-approval:likely',
      'username-unknown:possible',
      'refresh-token-scope-missing:possible',
      'integration-license-permission-set:possible',
      'not-propagated:possible',
      'host-audience-pair:ruled-out',
    ]);
    assert.ok(
      !ranked?.some((c) => c.startsWith('audience-needs-my-domain')),
      'never tells the user to use the My Domain URL they used',
    );
    assert.deepEqual(result.diagnosis?.causes.find((c) => c.id === 'host-audience-pair')?.evidence, [
      `aud is the org's own domain ${MYD}; some orgs want login/test.`,
      `Attempt 2 (aud ${LOGIN} to ${MYD}) answered app_not_found: the app is an External Client App, reachable only with the My Domain URL as host and aud, which attempt 1 used.`,
    ]);
    assert.equal(
      result.message,
      `Salesforce rejected the JWT bearer grant at ${MYD} (invalid_grant: user hasn't approved this consumer). Most likely: the app is admin-approved but the user's profile or permission set is not assigned to it.`,
    );
  });

  it('does not fall back on "user hasn\'t approved this consumer" when the aud was already documented', async () => {
    const { fetch } = await run([reject("user hasn't approved this consumer")], resolveEndpoints({}).candidates);
    assert.equal(fetch.requests.length, 1);
  });

  it('never falls back on "invalid assertion": another pair would give the same answer', async () => {
    const { fetch, result } = await run([reject('invalid assertion')], myDomain);
    assert.equal(fetch.requests.length, 1);
    assert.ok(isJwtCoreError(result, 'ERR_TOKEN_GRANT_REJECTED'));
  });

  it('does not fall back on a network error, and keeps earlier attempts', async () => {
    const { fetch, result } = await run(
      [reject('audience is invalid'), { throws: fetchFailed('ECONNREFUSED') }],
      myDomain,
    );
    assert.equal(fetch.requests.length, 2);
    assert.ok(isJwtCoreError(result, 'ERR_NETWORK'));
    const attempts = result.details['attempts'] as { outcome: string }[];
    assert.deepEqual(
      attempts.map((a) => a.outcome),
      ['rejected', 'network-error'],
    );
  });

  it('nextCandidateIndex skips a pair already tried', () => {
    const c = (tokenHost: string, audience: string): EndpointCandidate => ({ tokenHost, audience, reason: 'r' });
    const list = [c(MYD, MYD), c(MYD, MYD), c(MYD, LOGIN)];
    assert.equal(nextCandidateIndex({ error: 'invalid_grant', errorDescription: 'audience is invalid' }, list, 0), 2);
    assert.equal(
      nextCandidateIndex({ error: 'invalid_grant', errorDescription: 'audience is invalid' }, list, 2),
      undefined,
    );
    assert.equal(nextCandidateIndex({ error: 'invalid_grant', errorDescription: 'inactive user' }, list, 0), undefined);
  });
});

describe('exchangeWithFallback keeps the error it was given', () => {
  it('adds earlier attempts to a TransportError without losing its cause', async () => {
    const cause = new Error('undici: Proxy response (407) !== 200 when HTTP Tunneling');
    const proxyError = new TransportError('ERR_PROXY_INVALID', 'The proxy requires authentication.', {
      fix: 'f',
      cause,
    });
    const { result } = await run([reject('audience is invalid'), { throws: proxyError }], myDomain);
    assert.ok(result instanceof TransportError);
    assert.equal(result.code, 'ERR_PROXY_INVALID');
    assert.equal(result.cause, cause);
    assert.deepEqual(
      result.attempts?.map((a) => a.outcome),
      ['rejected'],
    );
  });
});

describe('exchangeWithFallback: clock check', () => {
  it('hands the diagnosis the request time, so a slow answer is not taken for clock skew', async () => {
    const expired = reject('expired authorization code');
    const diagnoseWith = async (monotonic: readonly number[]) => {
      const result = await exchangeWithFallback({
        candidates: myDomain.slice(0, 1),
        fetch: scriptedFetch([expired]),
        retries: 0,
        monotonic: sequence(monotonic),
        now: () => SERVER_DATE_MS - 32_500, // the local clock reads 32.5 s behind the fake server's Date header
        makeAssertion: () => ASSERTION,
      }).catch((e: unknown) => e);
      assert.ok(result instanceof TokenExchangeError);
      return result.diagnosis?.causes.find((c) => c.id === 'clock-skew')?.likelihood;
    };
    assert.equal(await diagnoseWith([0, 2_000]), 'ruled-out', '2 s round trip: 29.5 s of real skew');
    assert.equal(await diagnoseWith([0, 0]), 'likely', 'instant answer: 31.5 s of real skew');
  });
});
