import { strict as assert } from 'node:assert';
import { createHash, createSecretKey, randomBytes } from 'node:crypto';
import type { RedisServer } from '@sfjwt/test-support';
import {
  createRedisTokenCache,
  DEFAULT_LOCK_TTL_MS,
  EXPIRY_MARGIN_MS,
  isRedisTokenCacheError,
  type RedisTokenCacheErrorCode,
} from '../src/index.js';
import { DISCARD_SCRIPT } from '../src/scripts.js';
import { connect, eventually, redisServer, sampleToken, whenReady, type Redis } from './support.js';

const TEN_MINUTES = 600_000;
const rejectsWith = (code: RedisTokenCacheErrorCode) => (error: unknown) => isRedisTokenCacheError(error, code);

describe('createRedisTokenCache against a real redis-server', () => {
  let server: RedisServer;
  let redis: Redis;
  let other: Redis; // a second connection: another process's view of the same Redis

  before(async () => {
    server = await redisServer();
    redis = await connect(server);
    other = await connect(server);
  });
  afterEach(async () => {
    await redis.flushAll();
  });
  after(async () => {
    redis?.destroy();
    other?.destroy();
    await server?.stop();
  });

  describe('get / set', () => {
    it('returns exactly what was set, from another connection', async () => {
      const token = sampleToken();
      await createRedisTokenCache({ client: redis }).set('k1', token, TEN_MINUTES);
      assert.deepEqual(await createRedisTokenCache({ client: other }).get('k1'), token);
    });

    it('writes under <keyPrefix>{<key>}:token with a TTL a little under the token’s', async () => {
      await createRedisTokenCache({ client: redis, keyPrefix: 'app1:' }).set('k1', sampleToken(), TEN_MINUTES);
      assert.deepEqual(await redis.keys('*'), ['app1:{k1}:token']);
      const pttl = await redis.pTTL('app1:{k1}:token');
      assert.ok(pttl > 0 && pttl <= TEN_MINUTES - EXPIRY_MARGIN_MS, `PTTL ${pttl}`);
    });

    it('keeps short TTLs short: 5 % off a 20 s token, nothing stored for a token about to expire', async () => {
      const cache = createRedisTokenCache({ client: redis });
      await cache.set('k1', sampleToken(), 20_000);
      const pttl = await redis.pTTL('sfjwt:{k1}:token');
      assert.ok(pttl > 0 && pttl <= 19_000, `PTTL ${pttl}`);
      await cache.set('k2', sampleToken(), 1);
      assert.equal(await redis.exists('sfjwt:{k2}:token'), 0);
    });

    it('returns undefined for a key never set, and keeps keys of different prefixes apart', async () => {
      await createRedisTokenCache({ client: redis, keyPrefix: 'a:' }).set('k', sampleToken(), TEN_MINUTES);
      assert.equal(await createRedisTokenCache({ client: redis, keyPrefix: 'b:' }).get('k'), undefined);
    });

    it('stores the bearer token in clear without encryptionKey (what the README warns about)', async () => {
      const token = sampleToken();
      await createRedisTokenCache({ client: redis }).set('k', token, TEN_MINUTES);
      assert.ok((await redis.get('sfjwt:{k}:token'))!.includes(token.accessToken));
    });
  });

  describe('deleteIf', () => {
    for (const sealed of [false, true]) {
      it(`deletes only the entry holding that access token${sealed ? ' (sealed values)' : ''}`, async () => {
        const cache = createRedisTokenCache({
          client: redis,
          ...(sealed ? { encryptionKey: randomBytes(32) } : {}),
        });
        const token = sampleToken();
        await cache.set('k', token, TEN_MINUTES);
        assert.equal(await cache.deleteIf('k', sampleToken().accessToken), false);
        assert.deepEqual(await cache.get('k'), token);
        assert.equal(await cache.deleteIf('k', token.accessToken), true);
        assert.equal(await redis.exists('sfjwt:{k}:token'), 0);
        assert.equal(await cache.deleteIf('k', token.accessToken), false);
      });
    }

    it('does not delete a newer token written by another process in between', async () => {
      const cache = createRedisTokenCache({ client: redis });
      const old = sampleToken();
      const fresh = sampleToken();
      await cache.set('k', old, TEN_MINUTES);
      await createRedisTokenCache({ client: other }).set('k', fresh, TEN_MINUTES);
      assert.equal(await cache.deleteIf('k', old.accessToken), false);
      assert.deepEqual(await cache.get('k'), fresh);
    });
  });

  describe('acquire (distributed single flight)', () => {
    it('lets exactly one of two concurrent acquirers win', async () => {
      const a = createRedisTokenCache({ client: redis });
      const b = createRedisTokenCache({ client: other });
      const results = await Promise.all([a.acquire('k', 10_000), b.acquire('k', 10_000)]);
      assert.equal(results.filter((r) => r !== undefined).length, 1);
      const pttl = await redis.pTTL('sfjwt:{k}:lock');
      assert.ok(pttl > 0 && pttl <= 10_000, `lock PTTL ${pttl}`);
      await results.find((r) => r !== undefined)!();
      assert.equal(await redis.exists('sfjwt:{k}:lock'), 0);
      assert.notEqual(await b.acquire('k', 10_000), undefined);
    });

    it('the lock lives beside the token: holding it hides no cached token', async () => {
      const cache = createRedisTokenCache({ client: redis });
      const token = sampleToken();
      await cache.set('k', token, TEN_MINUTES);
      assert.notEqual(await cache.acquire('k', 10_000), undefined);
      assert.deepEqual(await cache.get('k'), token);
    });

    it('expires by its TTL when the holder never releases (a holder that died), and a late release does nothing', async () => {
      const a = createRedisTokenCache({ client: redis });
      const b = createRedisTokenCache({ client: other });
      const lateRelease = await a.acquire('k', 50);
      assert.notEqual(lateRelease, undefined);
      // Held or already gone (a loaded machine may take 50 ms to get here): never past the TTL it was set with.
      assert.ok((await redis.pTTL('sfjwt:{k}:lock')) <= 50);
      await eventually(async () => (await redis.exists('sfjwt:{k}:lock')) === 0, 'the lock expired');
      const release = await b.acquire('k', 10_000);
      assert.notEqual(release, undefined);
      const held = await redis.get('sfjwt:{k}:lock');
      await lateRelease!(); // a's lock is gone: this must not delete b's
      assert.equal(await redis.get('sfjwt:{k}:lock'), held);
      await release!();
      await release!(); // twice is harmless
      assert.equal(await redis.exists('sfjwt:{k}:lock'), 0);
    });
    it('takes over a lock without a TTL at once (nobody holds it), and its release frees it', async () => {
      await redis.set('sfjwt:{k}:lock', 'someone-else');
      const release = await createRedisTokenCache({ client: redis }).acquire('k', 10_000);
      assert.notEqual(release, undefined);
      const pttl = await redis.pTTL('sfjwt:{k}:lock');
      assert.ok(pttl > 0 && pttl <= DEFAULT_LOCK_TTL_MS, `lock PTTL ${pttl}`);
      await release!();
      assert.equal(await redis.exists('sfjwt:{k}:lock'), 0);
    });

    it('shortens a held lock that would outlive lockTtlMs, so a waiter waits at most that', async () => {
      await redis.set('sfjwt:{k}:lock', 'someone-else', { PX: 600_000 });
      assert.equal(await createRedisTokenCache({ client: redis, lockTtlMs: 2_000 }).acquire('k', 10_000), undefined);
      const pttl = await redis.pTTL('sfjwt:{k}:lock');
      assert.ok(pttl > 0 && pttl <= 2_000, `lock PTTL ${pttl}`);
      assert.equal(await redis.get('sfjwt:{k}:lock'), 'someone-else');
    });

    it('never sets a lock longer than lockTtlMs (default 3 s), whatever the token client asks', async () => {
      assert.notEqual(await createRedisTokenCache({ client: redis }).acquire('k', 60_000), undefined);
      const pttl = await redis.pTTL('sfjwt:{k}:lock');
      assert.ok(pttl > 0 && pttl <= DEFAULT_LOCK_TTL_MS, `lock PTTL ${pttl}`);
    });
  });

  describe('encryptionKey', () => {
    const key = randomBytes(32);

    it('round-trips, and the raw value holds no part of the access token', async () => {
      const cache = createRedisTokenCache({ client: redis, encryptionKey: key });
      const token = sampleToken();
      await cache.set('k', token, TEN_MINUTES);
      assert.deepEqual(await createRedisTokenCache({ client: other, encryptionKey: key }).get('k'), token);
      const raw = (await redis.get('sfjwt:{k}:token'))!;
      for (let i = 0; i + 8 <= token.accessToken.length; i++) {
        assert.ok(
          !raw.includes(token.accessToken.slice(i, i + 8)),
          `raw value holds "${token.accessToken.slice(i, i + 8)}"`,
        );
      }
      assert.ok(!raw.includes(token.instanceUrl) && !raw.includes('accessToken'));
    });

    it('accepts a 32-byte secret KeyObject', async () => {
      const cache = createRedisTokenCache({ client: redis, encryptionKey: createSecretKey(key) });
      await cache.set('k', sampleToken(), TEN_MINUTES);
      assert.ok(await createRedisTokenCache({ client: redis, encryptionKey: key }).get('k'));
    });

    it('refuses a key that is not 32 bytes, at construction', () => {
      for (const bad of [randomBytes(16), randomBytes(33), new Uint8Array(0), createSecretKey(randomBytes(24))]) {
        assert.throws(
          () => createRedisTokenCache({ client: redis, encryptionKey: bad }),
          rejectsWith('ERR_CACHE_ENCRYPTION_KEY'),
        );
      }
    });

    it('a tampered value does not open', async () => {
      const cache = createRedisTokenCache({ client: redis, encryptionKey: key });
      await cache.set('k', sampleToken(), TEN_MINUTES);
      const raw = (await redis.get('sfjwt:{k}:token'))!;
      const at = raw.length - 30;
      await redis.set('sfjwt:{k}:token', raw.slice(0, at) + (raw[at] === 'A' ? 'B' : 'A') + raw.slice(at + 1));
      await assert.rejects(cache.get('k'), rejectsWith('ERR_CACHE_VALUE_SEAL'));
    });

    it('a value moved to another key does not open (the Redis key is authenticated)', async () => {
      const cache = createRedisTokenCache({ client: redis, encryptionKey: key });
      await cache.set('alice', sampleToken(), TEN_MINUTES);
      await redis.copy('sfjwt:{alice}:token', 'sfjwt:{mallory}:token');
      await assert.rejects(cache.get('mallory'), rejectsWith('ERR_CACHE_VALUE_SEAL'));
      assert.ok(await cache.get('alice'));
    });

    it('a sealed value with another token’s hash in front does not open', async () => {
      const cache = createRedisTokenCache({ client: redis, encryptionKey: key });
      await cache.set('a', sampleToken(), TEN_MINUTES);
      await cache.set('b', sampleToken(), TEN_MINUTES);
      const a = (await redis.get('sfjwt:{a}:token'))!;
      const b = (await redis.get('sfjwt:{b}:token'))!;
      await redis.set('sfjwt:{a}:token', b.slice(0, 72) + a.slice(72));
      await assert.rejects(cache.get('a'), rejectsWith('ERR_CACHE_VALUE_SEAL'));
    });

    it('a wrong key, no key, or a plain value where sealing is required: ERR_CACHE_VALUE_SEAL, and deleted', async () => {
      const sealed = createRedisTokenCache({ client: redis, encryptionKey: key });
      const plain = createRedisTokenCache({ client: redis });
      const wrong = createRedisTokenCache({ client: redis, encryptionKey: randomBytes(32) });
      const pairs: [typeof sealed, typeof sealed][] = [
        [sealed, wrong],
        [sealed, plain],
        [plain, wrong],
      ];
      for (const [writer, reader] of pairs) {
        await writer.set('k', sampleToken(), TEN_MINUTES);
        await assert.rejects(reader.get('k'), (error: unknown) => {
          assert.ok(isRedisTokenCacheError(error, 'ERR_CACHE_VALUE_SEAL'), String(error));
          assert.match(
            error.message,
            /^Deleted the value at the token's Redis key \(the next token is stored in its place\): The cached value /,
          );
          return true;
        });
        assert.equal(await redis.exists('sfjwt:{k}:token'), 0);
      }
    });
  });

  describe('garbage in Redis', () => {
    const header = `sfjwt1:${'0'.repeat(64)}:`;
    const cases: [string, string][] = [
      ['a non-JSON value', 'not json at all'],
      ['an empty value', ''],
      ['our header, broken JSON', `${header}p:{"accessToken":`],
      ['our header, JSON that is not a token', `${header}p:{"accessToken":42}`],
      ['our header, an array', `${header}p:[]`],
      ['a token whose hash is not the header’s', `${header}p:${JSON.stringify(sampleToken())}`],
      ['an unknown kind', `${header}x:{}`],
    ];
    for (const [name, value] of cases) {
      it(`${name}: get rejects with ERR_CACHE_VALUE_INVALID once, having deleted it; the next get is a miss`, async () => {
        const cache = createRedisTokenCache({ client: redis });
        await redis.set('sfjwt:{k}:token', value);
        await assert.rejects(cache.get('k'), (error: unknown) => {
          assert.ok(isRedisTokenCacheError(error, 'ERR_CACHE_VALUE_INVALID'), String(error));
          assert.match(
            error.message,
            /^Deleted the value at the token's Redis key \(the next token is stored in its place\): The cached value /,
          );
          assert.ok(!error.message.includes(value) || value === '', 'the message does not echo the value');
          return true;
        });
        assert.equal(await redis.exists('sfjwt:{k}:token'), 0);
        assert.equal(await cache.get('k'), undefined);
      });
    }

    it('a hash, not a string, at the key: ERR_CACHE_VALUE_INVALID naming the type, deleted', async () => {
      await redis.hSet('sfjwt:{k}:token', 'f', 'v');
      await assert.rejects(createRedisTokenCache({ client: redis }).get('k'), (error: unknown) => {
        assert.ok(isRedisTokenCacheError(error, 'ERR_CACHE_VALUE_INVALID'), String(error));
        assert.equal(
          error.message,
          "Deleted the hash at the token's Redis key (the next token is stored in its place): " +
            "The token's Redis key holds another type than a string: it was not written by @sfjwt/token-cache-redis.",
        );
        return true;
      });
      assert.equal(await redis.exists('sfjwt:{k}:token'), 0);
    });

    it('a value replaced between the read and the delete is kept: the reader reads again and gets the new token', async () => {
      // The discard compares the SHA-1 of what was read: simulate the race by discarding with a stale read.
      const token = sampleToken();
      const cache = createRedisTokenCache({ client: redis });
      await cache.set('k', token, TEN_MINUTES);
      const sha1OfGarbage = createHash('sha1').update('garbage').digest('hex');
      assert.equal(await redis.eval(DISCARD_SCRIPT, { keys: ['sfjwt:{k}:token'], arguments: [sha1OfGarbage] }), 0);
      assert.equal(await redis.eval(DISCARD_SCRIPT, { keys: ['sfjwt:{k}:token'], arguments: [''] }), 0);
      assert.deepEqual(await cache.get('k'), token);
    });
  });

  describe('a stalled Redis', () => {
    it('a connected Redis that does not answer: the call rejects after commandTimeoutMs (ERR_CACHE_REDIS)', async () => {
      // Stopped until the test resumes it: a stall that ends by a clock (CLIENT PAUSE 1500) let a loaded machine
      // reach the GET after the stall was over, and the GET was answered.
      server.pause();
      try {
        await assert.rejects(
          createRedisTokenCache({ client: redis, commandTimeoutMs: 100 }).get('k'),
          (error: unknown) => {
            assert.ok(isRedisTokenCacheError(error, 'ERR_CACHE_REDIS'), String(error));
            assert.match(error.message, /^Redis did not complete GET: .*timed out/i);
            return true;
          },
        );
      } finally {
        server.resume();
      }
    });
  });

  describe('options', () => {
    it('refuses a client without sendCommand, a non-string prefix, a bad timeout, an empty key', async () => {
      const bad = [
        () => createRedisTokenCache({ client: {} as never }),
        () => createRedisTokenCache({ client: redis, keyPrefix: 7 as never }),
        () => createRedisTokenCache({ client: redis, commandTimeoutMs: 0 }),
        () => createRedisTokenCache({ client: redis, lockTtlMs: 1.5 }),
      ];
      for (const make of bad) assert.throws(make, rejectsWith('ERR_CACHE_OPTIONS'));
      await assert.rejects(createRedisTokenCache({ client: redis }).get(''), rejectsWith('ERR_CACHE_OPTIONS'));
      await assert.rejects(createRedisTokenCache({ client: redis }).acquire('k', 0), rejectsWith('ERR_CACHE_OPTIONS'));
    });
  });
});

describe('createRedisTokenCache when Redis goes down', () => {
  let server: RedisServer;
  let failFast: Redis;
  let queueing: Redis;

  before(async () => {
    server = await redisServer();
    failFast = await connect(server);
    queueing = await connect(server, { offlineQueue: true });
  });
  after(async () => {
    failFast?.destroy();
    queueing?.destroy();
    await server?.stop();
  });

  it('every call rejects with ERR_CACHE_REDIS, and the cache works again once Redis is back', async () => {
    const caches = [
      createRedisTokenCache({ client: failFast }),
      createRedisTokenCache({ client: queueing, commandTimeoutMs: 200 }),
    ];
    await caches[0]!.set('k', sampleToken(), TEN_MINUTES);
    await server.kill();
    for (const cache of caches) {
      await assert.rejects(cache.get('k'), rejectsWith('ERR_CACHE_REDIS'));
      const token = sampleToken();
      await assert.rejects(cache.set('k', token, TEN_MINUTES), (error: unknown) => {
        assert.ok(isRedisTokenCacheError(error, 'ERR_CACHE_REDIS'));
        assert.ok(!`${error.message} ${error.fix}`.includes(token.accessToken), 'the error holds no token');
        return true;
      });
      await assert.rejects(cache.deleteIf('k', 'x'), rejectsWith('ERR_CACHE_REDIS'));
      await assert.rejects(cache.acquire('k', 1_000), rejectsWith('ERR_CACHE_REDIS'));
    }
    // A client that is not connected counts as a cache that is down: no wait in node-redis's offline queue.
    await assert.rejects(caches[1]!.get('k'), (error: unknown) => {
      assert.ok(isRedisTokenCacheError(error, 'ERR_CACHE_REDIS'));
      assert.equal(error.message, 'Redis did not complete GET: the client is not connected.');
      return true;
    });
    await server.restart();
    await Promise.all([whenReady(failFast), whenReady(queueing)]);
    for (const cache of caches) {
      const token = sampleToken();
      await cache.set('k', token, TEN_MINUTES);
      assert.deepEqual(await cache.get('k'), token);
    }
  });
});
