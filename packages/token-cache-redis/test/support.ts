// The real redis-server for this package's tests, and node-redis clients configured as the README recommends.
import { randomBytes } from 'node:crypto';
import { redisServerProblem, startRedisServer, type RedisServer, type RedisServerOptions } from '@sfjwt/test-support';
import { createClient } from 'redis';
import type { CachedAccessToken } from '../src/index.js';

/** Starts redis-server; fails (never skips) where it is missing: `.ci/run` installs it. */
export async function redisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const problem = redisServerProblem();
  if (problem !== undefined) throw new Error(`${problem}: these tests need a real Redis.`);
  return startRedisServer(options);
}

/**
 * A connected client as the README recommends for a cache: commands fail at once while disconnected
 * (`disableOfflineQueue`), reconnects back off up to 1 s. `offlineQueue: true` keeps node-redis's default
 * (queue while reconnecting), to show that the cache's own command timeout still bounds every call.
 */
export async function connect(server: RedisServer, { offlineQueue = false } = {}): Promise<Redis> {
  const client = newClient(server.url, offlineQueue);
  client.on('error', () => {}); // connection errors while Redis is down: the client reconnects by itself
  await client.connect();
  return client;
}

function newClient(url: string, offlineQueue: boolean) {
  return createClient({
    url,
    disableOfflineQueue: !offlineQueue,
    socket: { connectTimeout: 1_000, reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 1_000) },
  });
}

export type Redis = ReturnType<typeof newClient>;

/** Resolves once `client` is connected again (after a restart of the server). */
export function whenReady(client: Redis): Promise<void> {
  return client.isReady ? Promise.resolve() : new Promise((resolve) => client.once('ready', () => resolve()));
}

/** Polls (a bounded number of times) until `check` holds; for what only Redis's clock decides, like an expiry. */
export async function eventually(check: () => Promise<boolean>, what: string, tries = 500): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`never happened: ${what}`);
}

/** A token with a distinctive, random access token. */
export function sampleToken(overrides: Partial<CachedAccessToken> = {}): CachedAccessToken {
  return {
    accessToken: `00D5g000004XYZA!AR${randomBytes(48).toString('base64url')}`,
    instanceUrl: 'https://acme.my.salesforce.com',
    tokenHost: 'https://login.salesforce.com',
    audience: 'https://login.salesforce.com',
    id: 'https://login.salesforce.com/id/00D5g000004XYZAEA2/0055g00000ABCDEAA4',
    scope: 'api',
    tokenType: 'Bearer',
    issuedAt: 1_780_000_000_000,
    expiresAt: 1_780_000_600_000,
    keyFingerprint: 'SHA256:q1w2e3r4t5y6u7i8o9p0',
    ...overrides,
  };
}
