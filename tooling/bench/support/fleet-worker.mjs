// One process of a benchmark fleet (forked by support/fleet.mjs): one token client, optionally on the shared Redis
// cache, driven by IPC messages. Every call is bounded by the client's own deadline; the parent ends the process.
import { createTokenClient, loadPrivateKey } from '@sfjwt/jwt-core';
import { createRedisTokenCache } from '@sfjwt/token-cache-redis';
import { createClient, createCluster } from 'redis';

let client;
let redis;
let cacheErrors = 0;

const commands = {
  async init({ login, redisUrl, clusterUrls, encryptionKey }) {
    let cache;
    if (clusterUrls !== undefined) {
      redis = createCluster({
        rootNodes: clusterUrls.map((url) => ({ url })),
        defaults: {
          disableOfflineQueue: true,
          socket: { connectTimeout: 1_000, reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 500) },
        },
      });
      redis.on('error', () => {});
      await redis.connect();
      cache = createRedisTokenCache({ client: redis, encryptionKey: Buffer.from(encryptionKey, 'base64') });
    } else if (redisUrl !== null) {
      redis = createClient({
        url: redisUrl,
        disableOfflineQueue: true,
        socket: { connectTimeout: 1_000, reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 500) },
      });
      redis.on('error', () => {});
      await redis.connect();
      cache = createRedisTokenCache({ client: redis, encryptionKey: Buffer.from(encryptionKey, 'base64') });
    }
    const keys = login.privateKeyPems.map((pem) => loadPrivateKey(pem).keyObject);
    client = createTokenClient({
      clientId: login.clientId,
      username: login.username,
      privateKey: keys.length === 1 ? keys[0] : keys,
      instanceUrl: login.instanceUrl,
      fetch: globalThis.fetch,
      now: Date.now,
      // After a cache failure the client bypasses the cache for cacheRetryMs (default 5 s): shorter, so the bench's
      // 'Redis back' wave need not wait long.
      ...(cache === undefined ? {} : { cache, cacheRetryMs: 500, onCacheError: () => void cacheErrors++ }),
    });
  },
  async getTokens({ n }) {
    const settled = await Promise.allSettled(Array.from({ length: n }, () => client.getToken()));
    const ok = settled.filter((s) => s.status === 'fulfilled').map((s) => s.value.accessToken);
    const errors = settled.filter((s) => s.status === 'rejected').map((s) => s.reason?.code ?? String(s.reason));
    return { ok: ok.length, failed: errors.length, tokens: [...new Set(ok)], errors: [...new Set(errors)] };
  },
  async invalidate({ accessToken }) {
    await client.invalidate(accessToken);
  },
  redisReady: () => redis?.isReady === true,
  // Where this process's imports came from (file: URLs), for a fleet that must run the installed tarballs.
  resolved: ({ specifiers }) => specifiers.map((specifier) => import.meta.resolve(specifier)),
  cacheErrors: () => cacheErrors,
  stop() {
    redis?.destroy();
    setImmediate(() => process.exit(0));
  },
};

process.on('message', async ({ id, cmd, args }) => {
  try {
    process.send({ id, ok: true, result: await commands[cmd](args ?? {}) });
  } catch (error) {
    process.send({ id, ok: false, error: `${error?.code ?? error?.name ?? 'Error'}: ${error?.message ?? error}` });
  }
});
// A parent that died (or stopped without asking) leaves no orphan behind.
process.on('disconnect', () => process.exit(0));
process.send({ ready: true });
