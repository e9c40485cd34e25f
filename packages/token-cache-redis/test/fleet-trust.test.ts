// Issue 29 items 2 and 3, through jwt-core's real token client, the emulator and a real redis-server: a value at the
// token key that does not open no longer disables the shared cache, and a lock nobody holds no longer stalls a start.
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { createTokenClient, tokenCacheKey, type TokenCacheErrorEvent } from '@sfjwt/jwt-core';
import { createDemoConfig, startEmulator, type Emulator } from '@sfjwt/salesforce-emulator';
import type { RedisServer } from '@sfjwt/test-support';
import { createRedisTokenCache, DEFAULT_LOCK_TTL_MS } from '../src/index.js';
import { connect, eventually, redisServer, type Redis } from './support.js';

const demo = createDemoConfig({ appType: 'connected-app', username: 'fleet@sfjwt-demo.example' });
const encryptionKey = randomBytes(32);
/**
 * The cache timeouts of these fleets (not the 0.5 s and 1 s defaults): Redis's answers share this process's event
 * loop with the fleet and the emulator, and on a loaded machine a stall past the default makes a client give up on
 * the cache and report it, as designed: one report more than these tests count. Only the write-stall test times out.
 */
const PATIENT_MS = 10_000;

describe('the token client on this cache, against values and locks it did not write', () => {
  let server: RedisServer;
  let emulator: Emulator;
  let redis: Redis;
  let session: { token: string; lock: string };

  before(async () => {
    server = await redisServer();
    emulator = await startEmulator(demo.config);
    redis = await connect(server);
    const id = tokenCacheKey({ host: emulator.url, clientId: demo.consumerKey, username: demo.username });
    const tagged = `sfjwt:{${id.slice('sfjwt:token:'.length)}}`;
    session = { token: `${tagged}:token`, lock: `${tagged}:lock` };
  });
  beforeEach(() => emulator.resetStats());
  afterEach(async () => {
    await redis.flushAll();
  });
  after(async () => {
    redis?.destroy();
    await emulator?.stop();
    await server?.stop();
  });

  /** What every token client of these tests logs in with: the emulator's app and user. */
  const login = () => ({
    clientId: demo.consumerKey,
    username: demo.username,
    privateKey: demo.privateKeyPem,
    instanceUrl: emulator.url,
  });

  /** One process of the fleet: its own token client on the shared Redis, its own virtual clock and sleeps. */
  const processOfFleet = (errors: TokenCacheErrorEvent[], key = encryptionKey) => {
    let clock = Date.now();
    const slept: number[] = [];
    const client = createTokenClient({
      ...login(),
      now: () => clock,
      // A wait moves this process's clock on at once: a stalled wait shows as virtual time, not as a slow test.
      sleep: (ms) => {
        slept.push(ms);
        clock += ms;
        return Promise.resolve();
      },
      cache: createRedisTokenCache({ client: redis, encryptionKey: key, commandTimeoutMs: PATIENT_MS }),
      cacheTimeoutMs: PATIENT_MS,
      onCacheError: (event) => errors.push(event),
    });
    return { client, slept };
  };
  const tokenRequests = () => emulator.stats().requests.filter((r) => r.route === 'token').length;
  const sharedToken = async () => {
    const errors: TokenCacheErrorEvent[] = [];
    const value = await createRedisTokenCache({ client: redis, encryptionKey, commandTimeoutMs: PATIENT_MS }).get(
      tokenCacheKey({ host: emulator.url, clientId: demo.consumerKey, username: demo.username }),
    );
    assert.deepEqual(errors, []);
    return value?.accessToken;
  };

  const unreadable: [string, () => Promise<unknown>][] = [
    ['garbage', () => redis.set(session.token, 'garbage')],
    ['a Redis hash', () => redis.hSet(session.token, 'accessToken', 'x')],
    [
      'a value sealed with another encryptionKey',
      async () => {
        const other = processOfFleet([], randomBytes(32));
        await other.client.getToken();
      },
    ],
  ];
  for (const [what, plant] of unreadable) {
    it(`${what} at the token key (no TTL): 10 processes report it once, and the fleet's token replaces it`, async () => {
      await plant();
      await redis.persist(session.token);
      emulator.resetStats();
      const errors: TokenCacheErrorEvent[] = [];
      const fleet = Array.from({ length: 10 }, () => processOfFleet(errors));
      const tokens = await Promise.all(fleet.map((p) => p.client.getToken()));
      // Exactly one process deleted the value (and reported why); the others read again and shared one mint.
      assert.equal(errors.length, 1, JSON.stringify(errors.map((e) => e.message)));
      assert.equal(errors[0]!.operation, 'get');
      assert.match(
        errors[0]!.message,
        /^The shared cache failed on get: "Deleted the (value|hash) at the token's Redis key/,
      );
      assert.match((errors[0]!.cause as Error).message, /\(the next token is stored in its place\): The /);
      assert.equal(tokenRequests(), 2, 'the reporter minted for itself, and one process for the fleet');
      const shared = await sharedToken();
      assert.ok(shared !== undefined, 'the shared token is in Redis');
      assert.equal(tokens.filter((t) => t.accessToken === shared).length, 9);
      // The next process is served from Redis, without a login or a report.
      const late = processOfFleet(errors);
      assert.equal((await late.client.getToken()).accessToken, shared);
      assert.equal(tokenRequests(), 2);
      assert.equal(errors.length, 1);
    });
  }

  it('a lock without a TTL (SET with no PX): a new process takes it over at once, mints, publishes, releases', async () => {
    await redis.set(session.lock, 'someone-else');
    const errors: TokenCacheErrorEvent[] = [];
    const first = processOfFleet(errors);
    const token = await first.client.getToken();
    assert.deepEqual(first.slept, [], 'no wait for a holder that does not exist');
    assert.equal(tokenRequests(), 1);
    assert.equal(await sharedToken(), token.accessToken);
    assert.equal(await redis.exists(session.lock), 0, 'the lock was healed, then released');
    assert.deepEqual(errors, []);
  });

  it('a lock left by a stalled SET NX PX: a waiter waits at most lockTtlMs, then mints and publishes', async () => {
    // What a write applied after its client gave up leaves: a lock with a long TTL that nobody will release.
    await redis.set(session.lock, 'gave-up', { PX: 600_000 });
    const lockTtlMs = 300;
    const errors: TokenCacheErrorEvent[] = [];
    const client = createTokenClient({
      ...login(),
      cache: createRedisTokenCache({ client: redis, encryptionKey, lockTtlMs, commandTimeoutMs: PATIENT_MS }),
      cacheTimeoutMs: PATIENT_MS,
      onCacheError: (event) => errors.push(event),
    });
    const firstLook = await redis.pTTL(session.lock);
    assert.ok(firstLook > lockTtlMs, 'the planted lock would outlive lockTtlMs');
    const token = await client.getToken();
    assert.equal(tokenRequests(), 1);
    assert.equal(await sharedToken(), token.accessToken);
    assert.equal(await redis.exists(session.lock), 0, 'the waiter took the lock once it lapsed, and released it');
    assert.deepEqual(errors, []);
  });

  it('a write stall (CLIENT PAUSE WRITE) that applies a gave-up lock late leaves one that lives at most lockTtlMs', async () => {
    // The stall lasts until the test ends it (from another connection: `redis` has the paused script queued). One
    // that ended by Redis's clock (CLIENT PAUSE 1500) could be over before a loaded machine's client gave up.
    const control = await connect(server);
    await redis.sendCommand(['CLIENT', 'PAUSE', String(10 * 60_000), 'WRITE']);
    const errors: TokenCacheErrorEvent[] = [];
    try {
      const client = createTokenClient({
        ...login(),
        // Long enough that the GET before the lock (a read: not paused) is not given up on under a stall of this
        // process; the paused lock script is given up on all the same, since the pause lasts until the UNPAUSE below.
        cacheTimeoutMs: 2_000,
        cache: createRedisTokenCache({ client: redis, encryptionKey, commandTimeoutMs: PATIENT_MS }),
        onCacheError: (event) => errors.push(event),
      });
      await client.getToken(); // the lock's script waits in Redis; the client gives up on it and mints here
    } finally {
      await control.sendCommand(['CLIENT', 'UNPAUSE']);
      control.destroy();
    }
    assert.ok(
      errors.some((e) => e.operation === 'acquire' && e.reason === 'timeout'),
      JSON.stringify(errors),
    );
    // Once writes resume, Redis applies the script of a process that no longer holds anything.
    await eventually(async () => (await redis.exists(session.lock)) === 1, 'the late lock was applied');
    const pttl = await redis.pTTL(session.lock);
    assert.ok(pttl > 0 && pttl <= DEFAULT_LOCK_TTL_MS, `the orphaned lock lives ${pttl} ms`);
  });
});
