// The token client with a shared TokenCache: several clients (as several processes would) on one cache, the lock's
// single flight, invalidation through compare-and-delete, and caches that fail in every way. Fake org, fake clock.
import { strict as assert } from 'node:assert';
import { createTokenClient, type TokenClientOptions } from '../../src/client/token-client.js';
import { createMemoryTokenCache, tokenCacheKey, type TokenCache } from '../../src/client/token-cache.js';
import type { TokenCacheErrorEvent } from '../../src/client/shared-cache.js';
import { publicKeyFingerprint } from '../../src/keys/public-key-fingerprint.js';
import { loadPrivateKey } from '../../src/keys/load-private-key.js';
import { fakeClientOptions, fakeSalesforce, HOST, KEY, ORG, tick } from '../support/fake-salesforce.js';

/** One fake org and one clock shared by `n` clients, each on `cache`. */
function fleet(
  n: number,
  cache: TokenCache | ((clock: { now: number }) => TokenCache),
  extra: Partial<TokenClientOptions> = {},
) {
  const sf = fakeSalesforce();
  const clock = { now: 1_785_837_600_000 };
  const shared = typeof cache === 'function' ? cache(clock) : cache;
  const errors: TokenCacheErrorEvent[] = [];
  const clients = Array.from({ length: n }, () =>
    createTokenClient({
      ...fakeClientOptions(sf, clock),
      cache: shared,
      cacheTimeoutMs: 20,
      onCacheError: (e) => errors.push(e),
      // Waiting moves the clock instead of the time: no test waits for real.
      sleep: async (ms) => {
        clock.now += ms;
        await tick();
      },
      random: () => 0.5,
      ...extra,
    }),
  );
  return { sf, clock, cache: shared, clients, errors };
}

const memory = (clock: { now: number }): TokenCache => createMemoryTokenCache({ now: () => clock.now });

describe('tokenCacheKey', () => {
  it('is stable, versioned, and made of the origin, the client id and the lower-cased username only', () => {
    const key = tokenCacheKey({
      host: 'https://ACME.my.salesforce.com/',
      clientId: '3MVG9x',
      username: 'Int@Acme.com',
    });
    assert.match(key, /^sfjwt:token:v1:[0-9a-f]{64}$/);
    assert.equal(
      key,
      tokenCacheKey({ host: 'https://acme.my.salesforce.com', clientId: '3MVG9x', username: 'int@acme.com' }),
    );
    // The recipe, pinned: a change here changes every deployed fleet's key.
    assert.equal(key, 'sfjwt:token:v1:' + require_sha256('https://acme.my.salesforce.com\n3MVG9x\nint@acme.com'));
    assert.notEqual(
      key,
      tokenCacheKey({ host: 'https://acme.my.salesforce.com', clientId: '3MVG9X', username: 'int@acme.com' }),
    );
    assert.notEqual(
      key,
      tokenCacheKey({ host: 'https://other.my.salesforce.com', clientId: '3MVG9x', username: 'int@acme.com' }),
    );
    assert.doesNotMatch(key, /acme|int@/);
  });
});

import { createHash } from 'node:crypto';
function require_sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

describe('token client with a shared cache', () => {
  it('5 clients × 20 concurrent getToken() make exactly 1 token request, with a lock', async () => {
    const { sf, clients } = fleet(5, memory);
    const tokens = await Promise.all(clients.flatMap((c) => Array.from({ length: 20 }, () => c.getToken())));
    assert.equal(sf.state.tokenPosts, 1);
    assert.deepEqual([...new Set(tokens.map((t) => t.accessToken))], [`${ORG}!token-1`]);
    assert.ok(tokens.every((t) => t.orgId === ORG && t.instanceUrl === HOST));
  });

  it('without a lock, clients started one after the other share one token', async () => {
    const { sf, cache, clients } = fleet(3, (clock) => {
      const base = createMemoryTokenCache({ now: () => clock.now });
      const lockless: TokenCache = {
        get: (k) => base.get(k),
        set: (k, v, t) => base.set(k, v, t),
        deleteIf: (k, a) => base.deleteIf(k, a),
      };
      return lockless;
    });
    assert.ok(!('acquire' in cache));
    for (const client of clients) assert.equal((await client.getToken()).accessToken, `${ORG}!token-1`);
    assert.equal(sf.state.tokenPosts, 1);
  });

  it('writes plain JSON with the TTL left and no key material', async () => {
    const stored: unknown[] = [];
    const base = createMemoryTokenCache();
    const spy: TokenCache = { ...base, set: async (k, v, ttl) => (stored.push([k, v, ttl]), base.set(k, v, ttl)) };
    const { clients, clock } = fleet(1, spy);
    await clients[0]!.getToken();
    const fingerprint = publicKeyFingerprint(loadPrivateKey(KEY).keyObject);
    assert.deepEqual(stored, [
      [
        tokenCacheKey({ host: HOST, clientId: '3MVG9abcdefghijklmnop', username: 'integration@acme.com' }),
        {
          accessToken: `${ORG}!token-1`,
          instanceUrl: HOST,
          tokenHost: HOST,
          audience: HOST,
          id: `https://login.salesforce.com/id/${ORG}/0055g00000AbCdEAAQ`,
          tokenType: 'Bearer',
          issuedAt: clock.now,
          expiresAt: clock.now + 600_000,
          keyFingerprint: fingerprint,
        },
        600_000,
      ],
    ]);
    assert.doesNotMatch(JSON.stringify(stored), /PRIVATE KEY|MII/);
  });

  it('invalidate(old) in one client deletes the shared entry; the next getToken anywhere mints exactly once', async () => {
    const { sf, clients } = fleet(3, memory);
    const first = await clients[0]!.getToken();
    await Promise.all(clients.map((c) => c.getToken()));
    await clients[1]!.invalidate(first.accessToken);
    const after = await Promise.all(clients.flatMap((c) => [c.getToken(), c.getToken()]));
    assert.equal(sf.state.tokenPosts, 2);
    assert.deepEqual([...new Set(after.map((t) => t.accessToken))], [`${ORG}!token-2`]);
    // A late invalidate of the old token leaves the new entry alone (compare-and-delete).
    await clients[2]!.invalidate(first.accessToken);
    await Promise.all(clients.map((c) => c.getToken()));
    assert.equal(sf.state.tokenPosts, 2);
  });

  it('a waiter takes over when the lock holder died (lock TTL), and only one of them mints', async () => {
    const { sf, clock, cache, clients } = fleet(3, memory);
    const key = tokenCacheKey({ host: HOST, clientId: '3MVG9abcdefghijklmnop', username: 'integration@acme.com' });
    assert.ok((await cache.acquire!(key, 10_000)) !== undefined); // a holder that never comes back
    const start = clock.now;
    const tokens = await Promise.all(clients.map((c) => c.getToken()));
    assert.equal(sf.state.tokenPosts, 1);
    assert.equal(new Set(tokens.map((t) => t.accessToken)).size, 1);
    assert.ok(clock.now - start >= 10_000, 'nobody minted before the dead lock expired');
  });

  it('a waiter mints itself when the deadline nears and the holder still holds', async () => {
    const { sf, clock, cache, clients } = fleet(1, memory, { deadlineMs: 4_000 });
    const key = tokenCacheKey({ host: HOST, clientId: '3MVG9abcdefghijklmnop', username: 'integration@acme.com' });
    await cache.acquire!(key, 60_000);
    const start = clock.now;
    assert.equal((await clients[0]!.getToken()).accessToken, `${ORG}!token-1`);
    assert.equal(sf.state.tokenPosts, 1);
    assert.ok(clock.now - start <= 2_000, String(clock.now - start)); // half the deadline at most
  });

  it('serves the in-memory behaviour unchanged without a cache (one process)', async () => {
    const { sf, clients } = fleet(1, undefined as unknown as TokenCache, { cache: undefined });
    await Promise.all(Array.from({ length: 10 }, () => clients[0]!.getToken()));
    assert.equal(sf.state.tokenPosts, 1);
  });
});

describe('token client with a failing shared cache', () => {
  const hang = (): Promise<never> => new Promise(() => {});
  const broken: readonly (readonly [string, (base: TokenCache) => TokenCache, string])[] = [
    ['throws', (b) => ({ ...b, get: () => Promise.reject(new Error('ECONNREFUSED')) }), 'get:threw'],
    [
      'throws synchronously',
      (b) => ({
        ...b,
        get: () => {
          throw new Error('boom');
        },
      }),
      'get:threw',
    ],
    ['hangs', (b) => ({ ...b, get: hang }), 'get:timeout'],
    ['returns a string', (b) => ({ ...b, get: () => Promise.resolve('garbage' as never) }), 'get:invalid-entry'],
    [
      'returns an entry for another origin over http',
      (b) => ({
        ...b,
        get: () =>
          Promise.resolve({
            accessToken: 'x',
            instanceUrl: 'http://evil.example',
            tokenHost: HOST,
            id: `${HOST}/id/${ORG}/0055g00000AbCdEAAQ`,
            issuedAt: 1,
            expiresAt: 9e15,
          }),
      }),
      'get:invalid-entry',
    ],
    [
      'returns a token with a line break',
      (b) => ({
        ...b,
        get: () =>
          Promise.resolve({
            accessToken: 'a\r\nb',
            instanceUrl: HOST,
            tokenHost: HOST,
            id: `${HOST}/id/${ORG}/0055g00000AbCdEAAQ`,
            issuedAt: 1,
            expiresAt: 9e15,
          }),
      }),
      'get:invalid-entry',
    ],
    [
      'returns an expiry that is not a number',
      (b) => ({
        ...b,
        get: () =>
          Promise.resolve({
            accessToken: 'a',
            instanceUrl: HOST,
            tokenHost: HOST,
            id: `${HOST}/id/${ORG}/0055g00000AbCdEAAQ`,
            issuedAt: 1,
            expiresAt: 'never',
          }) as never,
      }),
      'get:invalid-entry',
    ],
    ['fails to lock', (b) => ({ ...b, acquire: () => Promise.reject(new Error('NOSCRIPT')) }), 'acquire:threw'],
    ['hangs on set', (b) => ({ ...b, set: hang }), 'set:timeout'],
    [
      'answers the lock with a number',
      (b) => ({ ...b, acquire: () => Promise.resolve(42 as never) }),
      'acquire:invalid-entry',
    ],
  ];
  for (const [name, make, reported] of broken) {
    it(`a cache that ${name}: getToken still succeeds (local mint), reported as ${reported}`, async () => {
      const { sf, clients, errors } = fleet(1, (clock) => make(memory(clock)));
      const token = await clients[0]!.getToken();
      assert.equal(token.accessToken, `${ORG}!token-1`);
      assert.equal(sf.state.tokenPosts, 1);
      assert.ok(
        errors.some((e) => `${e.operation}:${e.reason}` === reported),
        JSON.stringify(errors),
      );
      assert.doesNotMatch(JSON.stringify(errors.map((e) => e.message)), /token-1/);
      // While the cache is down the token minted here is served from memory: no login per call.
      await Promise.all(Array.from({ length: 10 }, () => clients[0]!.getToken()));
      assert.equal(sf.state.tokenPosts, 1);
    });
  }

  it('uses the cache again once it recovers', async () => {
    let down = true;
    const { sf, clock, clients, errors } = fleet(
      2,
      (c) => {
        const base = memory(c);
        return {
          ...base,
          get: (k) => (down ? Promise.reject(new Error('down')) : base.get(k)),
          set: (k, v, t) => (down ? Promise.reject(new Error('down')) : base.set(k, v, t)),
        };
      },
      { cacheRetryMs: 1_000 },
    );
    await clients[0]!.getToken();
    await clients[1]!.getToken();
    assert.equal(sf.state.tokenPosts, 2); // each minted locally
    assert.ok(errors.length > 0);
    down = false;
    clock.now += 700_000; // both local tokens expired; the cache is tried again
    await clients[0]!.getToken();
    await clients[1]!.getToken();
    assert.equal(sf.state.tokenPosts, 3); // one mint, shared through the recovered cache
  });

  it('an onCacheError that throws changes nothing', async () => {
    const { sf, clients } = fleet(1, (c) => ({ ...memory(c), get: () => Promise.reject(new Error('x')) }), {
      onCacheError: () => {
        throw new Error('logger broke');
      },
    });
    assert.equal((await clients[0]!.getToken()).accessToken, `${ORG}!token-1`);
    assert.equal(sf.state.tokenPosts, 1);
  });
});
