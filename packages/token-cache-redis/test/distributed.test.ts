// The cache on what fleets outgrow one Redis for: a real Redis Cluster (3 masters, 3 replicas, a master killed
// mid-run), and a redis-server with TLS (a throwaway CA) and the README's ACL user.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTokenClient, tokenCacheKey, type TokenClient } from '@sfjwt/jwt-core';
import { createDemoConfig, startEmulator, type Emulator } from '@sfjwt/salesforce-emulator';
import { startRedisCluster, type RedisCluster, type RedisServer } from '@sfjwt/test-support';
import { createClient, createCluster } from 'redis';
import {
  createRedisTokenCache,
  DEFAULT_LOCK_TTL_MS,
  isRedisTokenCacheError,
  type RedisTokenCacheErrorCode,
} from '../src/index.js';
import { eventually, redisServer, sampleToken } from './support.js';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const demo = createDemoConfig({ appType: 'connected-app', username: 'cluster@sfjwt-demo.example' });
const TEN_MINUTES = 600_000;
const rejectsWith = (code: RedisTokenCacheErrorCode) => (error: unknown) => isRedisTokenCacheError(error, code);
const socket = { connectTimeout: 1_000, reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 500) };

/** Every call of the cache once, against whatever `client` reaches. */
async function lifecycle(cache: ReturnType<typeof createRedisTokenCache>): Promise<void> {
  const token = sampleToken();
  await cache.set('k', token, TEN_MINUTES);
  assert.deepEqual(await cache.get('k'), token);
  const release = await cache.acquire('k', 10_000);
  assert.notEqual(release, undefined);
  assert.equal(await cache.acquire('k', 10_000), undefined);
  await release!();
  assert.equal(await cache.deleteIf('k', 'another token'), false);
  assert.equal(await cache.deleteIf('k', token.accessToken), true);
  assert.equal(await cache.get('k'), undefined);
}

describe('on a real Redis Cluster (3 masters, 3 replicas)', function () {
  this.timeout(120_000);
  let cluster: RedisCluster;
  let emulator: Emulator;
  let redis: ReturnType<typeof createCluster>;

  before(async () => {
    cluster = await startRedisCluster();
    emulator = await startEmulator(demo.config);
    redis = createCluster({ rootNodes: [...cluster.rootNodes], defaults: { socket, disableOfflineQueue: true } });
    redis.on('error', () => {});
    await redis.connect();
  });
  after(async () => {
    redis?.destroy();
    await emulator?.stop();
    await cluster?.stop();
  });

  it('every call works, and a token and its lock share one hash slot', async () => {
    await lifecycle(createRedisTokenCache({ client: redis, keyPrefix: 'billing:sfjwt:' }));
    const key = tokenCacheKey({ host: 'https://acme.my.salesforce.com', clientId: 'c', username: 'u' });
    const session = `billing:sfjwt:{${key.slice('sfjwt:token:'.length)}}`;
    const slots = await Promise.all(
      [`${session}:token`, `${session}:lock`].map((k) => redis.sendCommand(k, true, ['CLUSTER', 'KEYSLOT', k])),
    );
    assert.equal(slots[0], slots[1]);
  });

  it('20 clients: one token; the master of its slot killed mid-run: 0 failed getToken(), at most 2 token requests', async () => {
    emulator.resetStats();
    const cacheErrors: string[] = [];
    let rounds = 0;
    const fleet: TokenClient[] = Array.from({ length: 20 }, () =>
      createTokenClient({
        clientId: demo.consumerKey,
        username: demo.username,
        privateKey: demo.privateKeyPem,
        instanceUrl: emulator.url,
        // Not the 0.5 s and 1 s defaults: the cache's answers share this loaded process's event loop with 20 clients
        // and the emulator, and a client that gives up on the cache mints on its own, as designed (seen: 20 token
        // requests). What is tested is the single flight and the failover, not how fast the machine is.
        cache: createRedisTokenCache({ client: redis, keyPrefix: 'fleet:sfjwt:', commandTimeoutMs: 10_000 }),
        cacheTimeoutMs: 10_000,
        onCacheError: (e) => void cacheErrors.push(`round ${rounds}: ${e.operation} ${e.reason} ${e.message}`),
      }),
    );
    let failed = 0;
    const round = () => {
      rounds++;
      return Promise.all(fleet.map((client) => client.getToken().catch(() => void failed++)));
    };
    for (let i = 0; i < 5; i++) await round();
    const key = tokenCacheKey({ host: emulator.url, clientId: demo.consumerKey, username: demo.username });
    const master = cluster.masterOf(`fleet:sfjwt:{${key.slice('sfjwt:token:'.length)}}:token`);
    await master.kill();
    for (let i = 0; i < 5; i++) await round();
    await cluster.whenHealthy();
    // The cluster client follows the failover: a read of the token's slot answers again (bounded retries).
    const cache = createRedisTokenCache({ client: redis, keyPrefix: 'fleet:sfjwt:' });
    await eventually(
      async () =>
        await cache.get(key).then(
          () => true,
          () => false,
        ),
      'the promoted replica answers',
    );
    for (let i = 0; i < 5; i++) await round();
    assert.equal(failed, 0);
    assert.notEqual(cluster.masterOf(`fleet:sfjwt:{${key.slice('sfjwt:token:'.length)}}:token`), master);
    const requests = emulator.stats().requests.filter((r) => r.route === 'token').length;
    assert.ok(requests >= 1 && requests <= 2, `${requests} token requests\n${cacheErrors.slice(0, 30).join('\n')}`);
  });
});

describe('on redis-server with TLS and the README’s ACL user', () => {
  let server: RedisServer;
  let admin: ReturnType<typeof createClient>;
  let app: ReturnType<typeof createClient>;
  const aclLine = /^ {2}(ACL SETUSER billing .+)$/m.exec(readFileSync(join(packageDir, 'README.md'), 'utf8'))?.[1];

  before(async () => {
    assert.ok(aclLine !== undefined, 'the README shows an ACL SETUSER line for billing');
    server = await redisServer({ tls: true });
    const tls = { ...socket, tls: true as const, ca: server.caPem };
    admin = createClient({ url: server.url, socket: tls });
    admin.on('error', () => {});
    await admin.connect();
    await admin.sendCommand(aclLine.split(' '));
    const password = /\s>(\S+)/.exec(aclLine)![1]!;
    app = createClient({ url: server.url.replace('rediss://', `rediss://billing:${password}@`), socket: tls });
    app.on('error', () => {});
    await app.connect();
  });
  after(async () => {
    app?.destroy();
    admin?.destroy();
    await server?.stop();
  });

  it('the README’s ACL user over TLS runs every call of the cache, sealed or not', async () => {
    await lifecycle(createRedisTokenCache({ client: app, keyPrefix: 'billing:sfjwt:' }));
    await lifecycle(
      createRedisTokenCache({ client: app, keyPrefix: 'billing:sfjwt:', encryptionKey: Buffer.alloc(32, 7) }),
    );
  });

  it('and the scripts’ healing: a value that does not open is deleted, a lock without a TTL is taken over', async () => {
    const cache = createRedisTokenCache({ client: app, keyPrefix: 'billing:sfjwt:' });
    await admin.set('billing:sfjwt:{k}:token', 'garbage');
    await assert.rejects(cache.get('k'), rejectsWith('ERR_CACHE_VALUE_INVALID'));
    assert.equal(await admin.exists('billing:sfjwt:{k}:token'), 0);
    await admin.set('billing:sfjwt:{k}:lock', 'someone-else');
    const release = await cache.acquire('k', 10_000);
    assert.notEqual(release, undefined);
    await release!();
    await admin.set('billing:sfjwt:{k}:lock', 'someone-else', { PX: 600_000 });
    assert.equal(await cache.acquire('k', 10_000), undefined);
    const pttl = await admin.pTTL('billing:sfjwt:{k}:lock');
    assert.ok(pttl > 0 && pttl <= DEFAULT_LOCK_TTL_MS, `lock PTTL ${pttl}: shortened by the ACL user's script`);
  });

  it('the ACL confines it: another prefix is refused (ERR_CACHE_REDIS, NOPERM)', async () => {
    await assert.rejects(createRedisTokenCache({ client: app, keyPrefix: 'other:' }).get('k'), (error: unknown) => {
      assert.ok(isRedisTokenCacheError(error, 'ERR_CACHE_REDIS'), String(error));
      assert.match(error.message, /NOPERM/);
      return true;
    });
  });
});
