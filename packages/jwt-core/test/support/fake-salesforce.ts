// A fake Salesforce for the token client's tests: real Response objects, exact counts, no network.
import { strict as assert } from 'node:assert';
import { createTokenClient, type TokenClientOptions } from '../../src/client/token-client.js';
import { fixtureText } from './fixtures.js';

export const HOST = 'https://acme.my.salesforce.com';
export const KEY = fixtureText('keys/pkcs1.key');
export const ORG = '00D5g000004ABCDEAA';
export const USER = '0055g00000AbCdEAAQ';

/** A fake org: each token POST mints `token-<n>`; API calls answer 401 INVALID_SESSION_ID for revoked tokens. */
export function fakeSalesforce() {
  const state = {
    tokenPosts: 0,
    assertions: [] as string[],
    apiCalls: [] as { url: string; authorization: string | null; body: string | null }[],
    revoked: new Set<string>(),
    /** Makes the token endpoint answer with this OAuth error instead. */
    reject: undefined as string | undefined,
    /** Resolves the pending token answers (held until `release()` when `hold` is set). */
    hold: false,
    held: [] as (() => void)[],
    /** Fields that replace those of the token answer (a hostile token endpoint). */
    answer: {} as Record<string, unknown>,
    /** Every API call answers 401 INVALID_SESSION_ID, whatever the token (a storm of refusals). */
    refuseAll: false,
  };
  const release = (): void => {
    for (const go of state.held.splice(0)) go();
  };
  const fetch = async (url: string, init: RequestInit): Promise<Response> => {
    if (url.endsWith('/services/oauth2/token')) {
      state.tokenPosts++;
      state.assertions.push(new URLSearchParams(init.body as string).get('assertion') ?? '');
      if (state.hold) await new Promise<void>((resolve) => state.held.push(resolve));
      if (state.reject !== undefined)
        return Response.json({ error: 'invalid_grant', error_description: state.reject }, { status: 400 });
      return Response.json({
        access_token: `${ORG}!token-${state.tokenPosts}`,
        instance_url: HOST,
        id: `https://login.salesforce.com/id/${ORG}/${USER}`,
        token_type: 'Bearer',
        ...state.answer,
      });
    }
    const authorization = new Headers(init.headers).get('authorization');
    state.apiCalls.push({ url, authorization, body: typeof init.body === 'string' ? init.body : null });
    if (authorization === null || state.refuseAll || state.revoked.has(authorization.replace(/^Bearer /, ''))) {
      return Response.json([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }], {
        status: 401,
      });
    }
    return Response.json({ ok: true });
  };
  return { state, fetch, release };
}

/** The options of a client of the fake org `sf`, on the manual `clock`. */
export function fakeClientOptions(sf: ReturnType<typeof fakeSalesforce>, clock: { now: number }): TokenClientOptions {
  return {
    clientId: '3MVG9abcdefghijklmnop',
    username: 'integration@acme.com',
    privateKey: KEY,
    instanceUrl: HOST,
    fetch: sf.fetch,
    now: () => clock.now,
    retries: 0,
  };
}

export function setup(extra: Partial<TokenClientOptions> = {}) {
  const sf = fakeSalesforce();
  const clock = { now: 1_785_837_600_000 };
  const client = createTokenClient({ ...fakeClientOptions(sf, clock), ...extra });
  return { sf, clock, client };
}

export async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => assert.fail('expected a rejection'),
    (e: unknown) => e,
  );
}

export const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
