// Many processes, one access token: every replica (or serverless instance) runs this. The first to need a token
// mints it under a Redis lock; the others read it from Redis. If Redis is down, each process mints its own and
// goes back to the shared token once Redis is back.
import { readFileSync } from 'node:fs';
import { setTimeout } from 'node:timers/promises';
import { createTokenClient } from '@sfjwt/jwt-core';
import { createRedisTokenCache } from '@sfjwt/token-cache-redis';
import { createClient } from 'redis';

const { REDIS_URL, SALESFORCE_INSTANCE_URL, SALESFORCE_CLIENT_ID, SALESFORCE_USERNAME } = process.env;
const { SALESFORCE_KEY_FILE, TOKEN_CACHE_KEY } = process.env;
if (!REDIS_URL || !SALESFORCE_INSTANCE_URL || !SALESFORCE_CLIENT_ID || !SALESFORCE_USERNAME || !SALESFORCE_KEY_FILE)
  throw new Error('Set REDIS_URL and the SALESFORCE_ variables (see below).');
if (!TOKEN_CACHE_KEY) throw new Error('Set TOKEN_CACHE_KEY (see below).');

const redis = createClient({
  url: REDIS_URL, // rediss://user:password@redis.internal:6380 in production: TLS and an ACL user
  disableOfflineQueue: true, // while Redis is down, cache calls fail at once and the client mints locally
  socket: { connectTimeout: 1_000, reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2_000) },
});
redis.on('error', () => {}); // the client reconnects by itself; the token client reports cache errors
// Wait at most 1 s for Redis: while it is not connected, the cache counts as down and this process mints its own token.
const connecting = redis.connect().catch(() => {}); // a failure is also an 'error' event; the client keeps retrying
await Promise.race([connecting, setTimeout(1_000, undefined, { ref: false })]);

const salesforce = createTokenClient({
  clientId: SALESFORCE_CLIENT_ID,
  username: SALESFORCE_USERNAME,
  privateKey: readFileSync(SALESFORCE_KEY_FILE, 'utf8'),
  instanceUrl: SALESFORCE_INSTANCE_URL,
  fetch,
  now: Date.now,
  cache: createRedisTokenCache({
    client: redis,
    keyPrefix: 'billing:sfjwt:',
    // 32 random bytes (`openssl rand -base64 32`), the same in every process: Redis then holds no usable token.
    encryptionKey: Buffer.from(TOKEN_CACHE_KEY, 'base64'),
  }),
});

try {
  const response = await salesforce.fetch('/services/oauth2/userinfo');
  console.log(response.status, (await response.json()).preferred_username);
  if (!response.ok) process.exitCode = 1;
} finally {
  redis.destroy();
}
