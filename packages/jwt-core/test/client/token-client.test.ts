// The token client: TTL cache with early re-mint, single-flight, invalidation, the authorized fetch and aborts.
// Driven by a fake Salesforce (real Response objects) and an injected clock: no waiting, exact counts.
import { strict as assert } from 'node:assert';
import { TokenExchangeError, TransportError, UrlError } from '../../src/errors.js';
import type { ExchangeAttempt } from '../../src/exchange/types.js';
import { failure, HOST, ORG, setup, tick } from '../support/fake-salesforce.js';

describe('createTokenClient: cache', () => {
  it('mints once and serves the cached token while it is fresh', async () => {
    const { sf, client } = setup();
    const first = await client.getToken();
    const second = await client.getToken();
    assert.equal(first.accessToken, `${ORG}!token-1`);
    assert.equal(second, first);
    assert.equal(sf.state.tokenPosts, 1);
    assert.equal(first.instanceUrl, HOST);
  });

  it('re-mints in the background in the last 60 s of the 10-minute TTL, and blocks only after expiry', async () => {
    const { sf, clock, client } = setup();
    await client.getToken();
    clock.now += 9 * 60_000 - 1; // just before the re-mint window
    assert.equal((await client.getToken()).accessToken, `${ORG}!token-1`);
    assert.equal(sf.state.tokenPosts, 1);
    clock.now += 1; // the window opens: the old token is served, a new one is minted alongside
    assert.equal((await client.getToken()).accessToken, `${ORG}!token-1`);
    assert.equal(sf.state.tokenPosts, 2);
    await tick();
    assert.equal((await client.getToken()).accessToken, `${ORG}!token-2`);
    clock.now += 10 * 60_000; // past the second token's TTL: callers wait for a fresh one
    assert.equal((await client.getToken()).accessToken, `${ORG}!token-3`);
    assert.equal(sf.state.tokenPosts, 3);
  });

  it('honours ttlMs (early window = 10 % of a short TTL)', async () => {
    const { sf, clock, client } = setup({ ttlMs: 100_000 });
    await client.getToken();
    clock.now += 89_999;
    await client.getToken();
    assert.equal(sf.state.tokenPosts, 1);
    clock.now += 1;
    await client.getToken();
    assert.equal(sf.state.tokenPosts, 2);
  });

  it('signs a fresh assertion for each mint', async () => {
    const { sf, clock, client } = setup();
    await client.getToken();
    clock.now += 11 * 60_000;
    await client.getToken();
    assert.equal(sf.state.assertions.length, 2);
    assert.notEqual(sf.state.assertions[0], sf.state.assertions[1]);
  });
});

describe('createTokenClient: single flight', () => {
  it('50 concurrent getToken() share one POST and one token', async () => {
    const { sf, client } = setup();
    const tokens = await Promise.all(Array.from({ length: 50 }, () => client.getToken()));
    assert.equal(sf.state.tokenPosts, 1);
    assert.equal(new Set(tokens.map((t) => t.accessToken)).size, 1);
  });

  it('delivers a failure to every waiter and does not cache it', async () => {
    const { sf, client } = setup();
    sf.state.reject = 'invalid client credentials';
    const errors = await Promise.all(Array.from({ length: 5 }, () => failure(client.getToken())));
    assert.equal(sf.state.tokenPosts, 1);
    assert.ok(
      errors.every((e) => e instanceof TokenExchangeError && e.errorDescription === 'invalid client credentials'),
    );
    assert.equal(new Set(errors).size, 1, 'one failure, shared');
    sf.state.reject = undefined;
    assert.equal((await client.getToken()).accessToken, `${ORG}!token-2`);
    assert.equal(sf.state.tokenPosts, 2);
  });

  it('invalidate() drops the cached token; invalidate(old) after a re-mint keeps the new one', async () => {
    const { sf, client } = setup();
    const first = await client.getToken();
    await client.invalidate();
    const second = await client.getToken();
    assert.equal(second.accessToken, `${ORG}!token-2`);
    await client.invalidate(first.accessToken);
    assert.equal((await client.getToken()).accessToken, `${ORG}!token-2`);
    assert.equal(sf.state.tokenPosts, 2);
  });
});

describe('createTokenClient: fetch', () => {
  it('adds the bearer header and resolves a path against the instance URL', async () => {
    const { sf, client } = setup();
    const response = await client.fetch('/services/data/v62.0/limits', {
      headers: { accept: 'application/json', authorization: 'Basic x' },
    });
    assert.equal(response.status, 200);
    assert.deepEqual(sf.state.apiCalls, [
      { url: `${HOST}/services/data/v62.0/limits`, authorization: `Bearer ${ORG}!token-1`, body: null },
    ]);
  });

  it('on 401 INVALID_SESSION_ID re-mints exactly once and retries once, with the same body', async () => {
    const { sf, client } = setup();
    await client.getToken();
    sf.state.revoked.add(`${ORG}!token-1`);
    const response = await client.fetch(`${HOST}/services/data/v62.0/sobjects/Account`, {
      method: 'POST',
      body: '{"Name":"A"}',
    });
    assert.equal(response.status, 200);
    assert.equal(sf.state.tokenPosts, 2);
    assert.deepEqual(
      sf.state.apiCalls.map((c) => [c.authorization, c.body]),
      [
        [`Bearer ${ORG}!token-1`, '{"Name":"A"}'],
        [`Bearer ${ORG}!token-2`, '{"Name":"A"}'],
      ],
    );
  });

  it('returns a second 401 as is (no loop)', async () => {
    const { sf, client } = setup();
    sf.state.revoked.add(`${ORG}!token-1`).add(`${ORG}!token-2`);
    const response = await client.fetch('/services/data/v62.0/limits');
    assert.equal(response.status, 401);
    assert.deepEqual(await response.json(), [
      { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' },
    ]);
    assert.equal(sf.state.tokenPosts, 2);
    assert.equal(sf.state.apiCalls.length, 2);
  });

  it('many requests failing with the same expired token cause one re-mint', async () => {
    const { sf, client } = setup();
    await client.getToken();
    sf.state.revoked.add(`${ORG}!token-1`);
    const responses = await Promise.all(Array.from({ length: 10 }, () => client.fetch('/services/data/v62.0/limits')));
    assert.deepEqual(new Set(responses.map((r) => r.status)), new Set([200]));
    assert.equal(sf.state.tokenPosts, 2);
  });

  it('does not retry a request whose body is a stream', async () => {
    const { sf, client } = setup();
    await client.getToken();
    sf.state.revoked.add(`${ORG}!token-1`);
    const body = new ReadableStream({ start: (c) => (c.enqueue(new TextEncoder().encode('x')), c.close()) });
    const response = await client.fetch('/services/data/v62.0/limits', { method: 'POST', body, duplex: 'half' });
    assert.equal(response.status, 401);
    assert.equal(sf.state.tokenPosts, 1);
  });

  it('never sends the token over plain http, not even to loopback when the instance is elsewhere', async () => {
    const { sf, client } = setup();
    for (const url of ['http://acme.my.salesforce.com/services/data', 'http://127.0.0.1:9/services/data']) {
      const err = await failure(client.fetch(url));
      assert.ok(err instanceof UrlError && err.code === 'ERR_URL_OTHER_ORIGIN', url);
    }
    assert.equal(sf.state.apiCalls.length, 0);
  });
});

describe('createTokenClient: abort and attempts', () => {
  it("a waiter's own signal stops only that waiter; the shared exchange fills the cache for the others", async () => {
    const { sf, client } = setup();
    sf.state.hold = true;
    const controller = new AbortController();
    const reason = new Error('request cancelled');
    const patient = client.getToken();
    const impatient = client.getToken({ signal: controller.signal });
    await tick();
    controller.abort(reason);
    const err = await failure(impatient);
    assert.ok(err instanceof TransportError && err.code === 'ERR_ABORTED');
    assert.equal(err.cause, reason);
    sf.release();
    assert.equal((await patient).accessToken, `${ORG}!token-1`);
    assert.equal(sf.state.tokenPosts, 1);
    assert.equal((await client.getToken()).accessToken, `${ORG}!token-1`);
  });

  it('the client-level signal aborts the flight for everyone, then refuses further calls', async () => {
    const controller = new AbortController();
    const s = setup({ signal: controller.signal });
    s.sf.state.hold = true;
    const waiters = [s.client.getToken(), s.client.getToken()];
    await tick();
    controller.abort(new Error('shutdown'));
    const errors = await Promise.all(waiters.map(failure));
    assert.ok(errors.every((e) => e instanceof TransportError && e.code === 'ERR_ABORTED'));
    assert.equal(s.sf.state.tokenPosts, 1);
    const later = await failure(s.client.getToken());
    assert.ok(later instanceof TransportError && later.code === 'ERR_ABORTED');
    assert.equal(s.sf.state.tokenPosts, 1);
  });

  it('onAttempt sees host, aud, status and duration, never the assertion or the access token', async () => {
    const seen: ExchangeAttempt[] = [];
    const { sf, client } = setup({ onAttempt: (a) => seen.push(a) });
    const token = await client.getToken();
    assert.deepEqual(
      seen.map((a) => [a.host, a.audience, a.status, a.outcome, typeof a.durationMs]),
      [[HOST, HOST, 200, 'success', 'number']],
    );
    const logged = JSON.stringify(seen);
    assert.ok(!logged.includes(token.accessToken));
    assert.ok(!logged.includes(sf.state.assertions[0]!));
  });

  it('a bad key fails at creation, with a coded error', () => {
    assert.throws(
      () => setup({ privateKey: 'not a key' }),
      (e: unknown) => e instanceof Error && (e as { code?: string }).code === 'ERR_KEY_NOT_PEM',
    );
  });
});
