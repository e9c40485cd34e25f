// Fleets (issue 18): many processes sharing one token through @sfjwt/token-cache-redis on a real redis-server, each
// measure beside its baseline from the same run:
// - 20 processes × 50 concurrent getToken() → token requests at the emulator (1; without the shared cache: 20);
// - invalidate() in one process → the next getToken() elsewhere and the whole fleet → 1 new token request;
// - Redis killed mid-run → every getToken() still succeeds (local mints); once Redis is back the cache is used again;
// - a cached getToken() read from Redis on loopback (a new process's first call) beside the in-memory hit;
// - rotation: clients holding [new, old] keys keep getting tokens while the app's certificate switches;
// - a Redis Cluster (3 masters, 3 replicas) with the master of the token's slot killed mid-run → 0 failed getToken(),
//   at most 2 token requests in all (baseline: a cache per process).
// Loopback only, bounded loops. Skips (saying why) where redis-server is missing.
import { randomBytes } from 'node:crypto';
import { createTokenClient, loadPrivateKey } from '@sfjwt/jwt-core';
import { createRedisTokenCache } from '@sfjwt/token-cache-redis';
import { redisServerProblem, startRedisServer } from '@sfjwt/test-support';
import { createClient } from 'redis';
import { clusterFailover } from '../support/cluster-failover.mjs';
import { startFleet, summarize } from '../support/fleet.mjs';
import { median } from '../support/measure.mjs';

const PROCESSES = Number(process.env.BENCH_FLEET_PROCESSES ?? 20);
const CONCURRENT = 50;
const LATENCY_RUNS = 61;
const MEMORY_CALLS = 20_000;
const ROTATION_CLIENTS = 20;
const ROTATION_ROUNDS = 10;
const READY_POLLS = 400;
/** The workers' `cacheRetryMs` (support/fleet-worker.mjs). */
export const CACHE_RETRY_MS = 500;

const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;
const skipped = (why) => [{ name: `skipped: ${why}`, value: undefined, unit: '' }];

/**
 * Switches the app's certificate on the running emulator, at once (no propagation delay). The one step to adapt if
 * the emulator gets its own hook for it.
 */
export function switchCertificate(emulator, consumerKey, certificatePem) {
  emulator.setAppCertificate(consumerKey, certificatePem);
}

export async function run() {
  const redisProblem = redisServerProblem();
  if (redisProblem !== undefined) return skipped(redisProblem);
  const { createDemoConfig, startEmulator } = await import('@sfjwt/salesforce-emulator');
  const demo = createDemoConfig({ appType: 'connected-app', username: 'fleet@sfjwt-demo.example' });
  const emulator = await startEmulator(demo.config);
  const redisServer = await startRedisServer();
  const tokenRequests = () => emulator.stats().requests.filter((r) => r.route === 'token').length;
  const login = {
    clientId: demo.consumerKey,
    username: demo.username,
    privateKeyPems: [demo.privateKeyPem],
    instanceUrl: emulator.url,
  };
  const key = loadPrivateKey(demo.privateKeyPem).keyObject;
  const encryptionKey = randomBytes(32).toString('base64');
  try {
    const baseline = await fleetMeasures({ emulator, tokenRequests, login, redisUrl: null, encryptionKey });
    const shared = await fleetMeasures({
      emulator,
      tokenRequests,
      login,
      redisUrl: redisServer.url,
      encryptionKey,
      redisServer,
    });
    const rows = [
      {
        name: `${PROCESSES} processes × ${CONCURRENT} concurrent getToken(): token requests (${shared.first.failed} failed)`,
        value: shared.first.requests,
        unit: 'requests',
        baseline: baseline.first.requests,
        baselineName: 'a cache per process',
        ratio: shared.first.requests / baseline.first.requests,
        target: '= 1',
        ok: shared.first.requests === 1 && shared.first.failed === 0,
      },
      {
        name: `token revoked: invalidate(it) + getToken() in each process in turn: token requests (${shared.invalidate.tokens} token${shared.invalidate.tokens === 1 ? '' : 's'} after${shared.invalidate.fresh ? '' : ', a STALE one served'})`,
        value: shared.invalidate.requests,
        unit: 'requests',
        baseline: baseline.invalidate.requests,
        baselineName: 'a cache per process',
        ratio: shared.invalidate.requests / baseline.invalidate.requests,
        target: '= 1',
        ok: shared.invalidate.requests === 1 && shared.invalidate.fresh,
      },
      {
        name: `Redis killed: failed getToken() of ${shared.outage.calls} (${shared.outage.requests} local mints, ${shared.outage.cacheErrors} cache errors reported)`,
        value: shared.outage.failed,
        unit: 'calls',
        baseline: baseline.outage.failed,
        baselineName: 'no shared cache',
        target: '= 0',
        ok: shared.outage.failed === 0,
      },
      {
        name: 'Redis back: token requests for the fleet (cache used again)',
        value: shared.back.requests,
        unit: 'requests',
        baseline: baseline.back.requests,
        baselineName: 'a cache per process',
        ratio: shared.back.requests / baseline.back.requests,
        target: '= 1',
        ok: shared.back.requests === 1 && shared.back.failed === 0,
      },
    ];
    rows.push(...(await latencyRows({ login, key, redisUrl: redisServer.url, tokenRequests, emulator })));
    rows.push(...(await rotationRows({ emulator, demo, createDemoConfig, key })));
    const failover = await clusterFailover({ emulator, login, encryptionKey, size: PROCESSES, concurrent: CONCURRENT });
    rows.push({
      name: `Redis Cluster, the master of the token's slot killed mid-run: token requests in all (${failover.failed} failed getToken() of ${failover.calls}, ${failover.wavesDuringFailover} waves during the failover)`,
      value: failover.requests,
      unit: 'requests',
      baseline: baseline.first.requests,
      baselineName: 'a cache per process',
      ratio: failover.requests / baseline.first.requests,
      target: '≤ 2, 0 failed',
      ok: failover.requests <= 2 && failover.failed === 0,
    });
    return rows;
  } finally {
    await redisServer.stop();
    await emulator.stop();
  }
}

/** The fleet's sequence, with the shared cache (`redisUrl`) or without (null): the same steps, counted the same. */
async function fleetMeasures({ emulator, tokenRequests, login, redisUrl, encryptionKey, redisServer }) {
  const fleet = await startFleet({ size: PROCESSES, login, redisUrl, encryptionKey });
  const wave = async () => {
    emulator.resetStats();
    const sum = summarize(await fleet.all('getTokens', { n: CONCURRENT }));
    return { ...sum, requests: tokenRequests() };
  };
  // Drops each process's token: in-memory and, with the shared cache, in Redis (compare-and-delete).
  const invalidateAll = async (tokens) => {
    for (let i = 0; i < fleet.size; i++) await fleet.one(i, 'invalidate', { accessToken: tokens[i] });
  };
  const tokensOf = async () => (await fleet.all('getTokens', { n: 1 })).map((a) => a.tokens[0]);
  try {
    const first = await wave();

    // A revoked token: each process sees its 401 and calls invalidate(thatToken), then getToken(), one after the other.
    // With the shared cache the first one deletes the token in Redis (compare-and-delete) and mints; the others'
    // invalidate() no longer matches the entry, and they read the new token from Redis.
    const before = await tokensOf();
    emulator.resetStats();
    const after = [];
    for (let i = 0; i < fleet.size; i++) {
      await fleet.one(i, 'invalidate', { accessToken: before[i] });
      after.push((await fleet.one(i, 'getTokens', { n: CONCURRENT })).tokens);
    }
    const invalidate = {
      requests: tokenRequests(),
      fresh: after.every((tokens, i) => !tokens.includes(before[i])),
      tokens: new Set(after.flat()).size,
    };

    // Outage: Redis killed, every process must mint locally and succeed.
    const cacheErrorsBefore = (await fleet.all('cacheErrors')).reduce((s, n) => s + n, 0);
    if (redisServer !== undefined) await redisServer.kill();
    await invalidateAll(await tokensOf());
    const down = await wave();
    const cacheErrors = (await fleet.all('cacheErrors')).reduce((s, n) => s + n, 0) - cacheErrorsBefore;
    const outage = { calls: down.ok + down.failed, failed: down.failed, requests: down.requests, cacheErrors };

    // Back: once every process reconnected, the fleet shares one token again.
    if (redisServer !== undefined) {
      await redisServer.restart();
      for (let i = 0; ; i++) {
        if ((await fleet.all('redisReady')).every(Boolean)) break;
        if (i >= READY_POLLS) throw new Error('the fleet did not reconnect to Redis');
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      // A client leaves a failed cache alone for CACHE_RETRY_MS from its last failure (all before the restart).
      await new Promise((resolve) => setTimeout(resolve, CACHE_RETRY_MS));
    }
    await invalidateAll(await tokensOf());
    const back = await wave();
    return { first, invalidate, outage, back };
  } finally {
    await fleet.stop();
  }
}

/** A new process's first getToken() answered from Redis, beside the in-memory hit and a local mint. */
async function latencyRows({ login, key, redisUrl, tokenRequests, emulator }) {
  const redis = createClient({ url: redisUrl, disableOfflineQueue: true });
  redis.on('error', () => {});
  await redis.connect();
  try {
    // Its own prefix: the fleet's entry for the same session is sealed with another key and would not open here.
    const cache = createRedisTokenCache({ client: redis, keyPrefix: 'latency:', encryptionKey: randomBytes(32) });
    const options = {
      clientId: login.clientId,
      username: login.username,
      privateKey: key,
      instanceUrl: login.instanceUrl,
      fetch: globalThis.fetch,
      now: Date.now,
    };
    const warm = createTokenClient({ ...options, cache });
    await warm.getToken(); // the token is now in Redis
    const time = async (fn) => {
      const start = process.hrtime.bigint();
      await fn();
      return ms(start);
    };
    const fromRedis = [];
    const minted = [];
    // Alternating, so both see the same load on a shared machine. Every request at the emulator is a mint's.
    emulator.resetStats();
    for (let i = 0; i < LATENCY_RUNS; i++) {
      const redisFirst = i % 2 === 0;
      if (redisFirst) fromRedis.push(await time(() => createTokenClient({ ...options, cache }).getToken()));
      minted.push(await time(() => createTokenClient(options).getToken()));
      if (!redisFirst) fromRedis.push(await time(() => createTokenClient({ ...options, cache }).getToken()));
    }
    const extraRequests = tokenRequests() - minted.length;
    // The in-memory hit is a client without a shared cache (with one, every getToken() reads the cache).
    const local = createTokenClient(options);
    await local.getToken();
    const memory = [];
    for (let r = 0; r < 9; r++) {
      const start = process.hrtime.bigint();
      for (let i = 0; i < MEMORY_CALLS; i++) await local.getToken();
      memory.push(ms(start) / MEMORY_CALLS);
    }
    return [
      {
        name: `cached getToken() from Redis on loopback (a new client: sealed GET + open; ${extraRequests} token requests), median`,
        value: median(fromRedis),
        unit: 'ms',
        baseline: median(memory),
        baselineName: 'in-memory hit',
        ratio: median(fromRedis) / median(memory),
      },
      {
        name: "a new process's first getToken(): from Redis vs minting its own",
        value: median(fromRedis),
        unit: 'ms',
        baseline: median(minted),
        baselineName: 'JWT login, 0 ms latency',
        ratio: median(fromRedis) / median(minted),
        target: '< 1×, 0 token requests',
        ok: median(fromRedis) < median(minted) && extraRequests === 0,
      },
    ];
  } finally {
    redis.destroy();
  }
}

/**
 * Rotation with no outage: clients hold [new, old]; the app's certificate switches from old to new in the middle of a
 * round; each round every client drops its token and mints. Baseline: clients holding only the old key.
 */
async function rotationRows({ emulator, demo, createDemoConfig, key }) {
  const next = createDemoConfig({ appType: 'connected-app' });
  const newKey = loadPrivateKey(next.privateKeyPem).keyObject;
  const options = (privateKey) => ({
    clientId: demo.consumerKey,
    username: demo.username,
    privateKey,
    instanceUrl: emulator.url,
    fetch: globalThis.fetch,
    now: Date.now,
  });
  // With the old certificate in place, a client holding [new, old] gets a token only by falling back to the next key.
  switchCertificate(emulator, demo.consumerKey, demo.certificatePem);
  await createTokenClient(options([newKey, key])).getToken();
  const runRotation = async (keys) => {
    switchCertificate(emulator, demo.consumerKey, demo.certificatePem);
    const clients = Array.from({ length: ROTATION_CLIENTS }, () => createTokenClient(options(keys)));
    let failed = 0;
    let calls = 0;
    const errors = new Set();
    for (let round = 0; round < ROTATION_ROUNDS; round++) {
      for (const client of clients) client.invalidate();
      const answers = Promise.allSettled(clients.map((c) => c.getToken()));
      // The switch lands while this round's exchanges are in flight, and before the round is counted.
      const switched =
        round === ROTATION_ROUNDS / 2
          ? new Promise((resolve) =>
              setImmediate(() => resolve(switchCertificate(emulator, demo.consumerKey, next.certificatePem))),
            )
          : undefined;
      await switched;
      for (const a of await answers) {
        calls++;
        if (a.status === 'rejected') {
          failed++;
          errors.add(a.reason?.code ?? String(a.reason));
        }
      }
    }
    return { failed, calls, errors: [...errors] };
  };
  const both = await runRotation([newKey, key]);
  const oldOnly = await runRotation(key);
  switchCertificate(emulator, demo.consumerKey, demo.certificatePem);
  return [
    {
      name: `rotation: failed getToken() of ${both.calls} while the certificate switches (${ROTATION_CLIENTS} clients, [new, old]${both.errors.length > 0 ? `: ${both.errors.join(', ')}` : ''})`,
      value: both.failed,
      unit: 'calls',
      baseline: oldOnly.failed,
      baselineName: `[old] only, of ${oldOnly.calls}: ${oldOnly.errors.join(', ') || 'none failed'}`,
      target: '= 0',
      ok: both.failed === 0,
    },
  ];
}
