import { randomBytes, type KeyObject } from 'node:crypto';
import { decodeValue, encodeValue, valuePrefix } from './codec.js';
import { RedisTokenCacheError } from './errors.js';
import { sealingKey } from './seal.js';
import type { CachedAccessToken, TokenCache } from './types.js';

/**
 * What the cache needs of a Redis client: node-redis's `sendCommand` (a `createClient()` client, connected).
 * Only raw commands are used, so the cache works whatever the client's RESP version and type mapping.
 */
export interface RedisCommandClient {
  sendCommand<T = unknown>(
    args: readonly string[],
    options?: { readonly timeout?: number; readonly rejectInFlight?: boolean },
  ): Promise<T>;
}

/**
 * Options of {@link createRedisTokenCache}.
 *
 * @example
 * ```ts
 * const options: RedisTokenCacheOptions = {
 *   client: redis,
 *   keyPrefix: 'billing:sfjwt:',
 *   encryptionKey: Buffer.from(tokenCacheKeyBase64, 'base64'),
 * }
 * ```
 */
export interface RedisTokenCacheOptions {
  /** A connected node-redis client (`await createClient({ url }).connect()`); the cache never closes it. */
  readonly client: RedisCommandClient;
  /** Prefix of every Redis key the cache writes: `<prefix>token:<key>` and `<prefix>lock:<key>`. Default `sfjwt:`. */
  readonly keyPrefix?: string | undefined;
  /**
   * 32 bytes (AES-256): values are sealed with AES-256-GCM, the Redis key authenticated with them, so a Redis dump
   * holds no usable token and a value copied to another key does not open. Every process sharing the cache needs the
   * same key. Without it, values hold the bearer token in clear.
   */
  readonly encryptionKey?: Uint8Array | KeyObject | undefined;
  /**
   * Each command's bound, in ms (default 1000): a command not answered by then (Redis down and the client
   * reconnecting, or Redis stalled) rejects with `ERR_CACHE_REDIS`, and the token client mints locally.
   */
  readonly commandTimeoutMs?: number | undefined;
}

/** The default {@link RedisTokenCacheOptions.keyPrefix}. */
export const DEFAULT_KEY_PREFIX = 'sfjwt:';
/** The default {@link RedisTokenCacheOptions.commandTimeoutMs}. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 1_000;
/** Values leave Redis this much before the token's own TTL (at most; 5 % of a short TTL): no reader gets a token its writer had already retired. */
export const EXPIRY_MARGIN_MS = 5_000;

// Both scripts compare and delete in one step, so no other writer can slip in between.
/** Deletes KEYS[1] only if its value starts with ARGV[1] (the token's `sfjwt1:<sha256>:` header). */
const DELETE_IF_SCRIPT = `local v = redis.call('GET', KEYS[1])
if v and string.sub(v, 1, string.len(ARGV[1])) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;
/** Deletes the lock KEYS[1] only if it still holds this holder's random ARGV[1]. */
const RELEASE_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/**
 * A {@link TokenCache} on Redis, shared by every process that uses the same Redis, `keyPrefix` and `encryptionKey`:
 * one token for a whole fleet, and a lock (`SET NX PX`) so only one process mints it. Give it to jwt-core's
 * `createTokenClient({ …, cache })`. Throws `ERR_CACHE_ENCRYPTION_KEY` or `ERR_CACHE_OPTIONS` for unusable options.
 *
 * @example
 * ```ts
 * const redis = createClient({ url: 'redis://127.0.0.1:6379', disableOfflineQueue: true })
 * redis.on('error', () => {}) // reconnects on its own; commands fail fast meanwhile
 * await redis.connect()
 * const cache = createRedisTokenCache({ client: redis, encryptionKey: Buffer.from(keyBase64, 'base64') })
 * ```
 */
export function createRedisTokenCache(options: RedisTokenCacheOptions): TokenCache & {
  acquire(key: string, ttlMs: number): Promise<(() => Promise<void>) | undefined>;
} {
  const { client } = options;
  if (typeof client?.sendCommand !== 'function') {
    throw badOption(
      'client is not a node-redis client (it has no sendCommand).',
      'Pass `createClient({ url })` from the redis package, connected.',
    );
  }
  const keyPrefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
  if (typeof keyPrefix !== 'string')
    throw badOption('keyPrefix must be a string.', 'Pass a string such as "myapp:sfjwt:".');
  const timeout = options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
  if (!Number.isInteger(timeout) || timeout < 1) {
    throw badOption('commandTimeoutMs must be a whole number of milliseconds ≥ 1.', 'Pass e.g. 1000.');
  }
  const sealKey = options.encryptionKey === undefined ? undefined : sealingKey(options.encryptionKey);
  const tokenKey = (key: string): string => `${keyPrefix}token:${checkedKey(key)}`;
  const lockKey = (key: string): string => `${keyPrefix}lock:${checkedKey(key)}`;

  const command = async <T>(args: readonly string[]): Promise<T> => {
    try {
      return await client.sendCommand<T>(args, { timeout, rejectInFlight: true });
    } catch (cause) {
      throw new RedisTokenCacheError(
        'ERR_CACHE_REDIS',
        `Redis did not complete ${args[0]}: ${describe(cause)}.`,
        'Check that Redis is up and reachable; meanwhile each process mints its own token.',
        { cause },
      );
    }
  };

  return {
    async get(key: string): Promise<CachedAccessToken | undefined> {
      const redisKey = tokenKey(key);
      const value = await command<unknown>(['GET', redisKey]);
      if (value === null || value === undefined) return undefined;
      // A string with the default type mapping; a Buffer when the client maps bulk strings to buffers.
      const text = typeof value === 'string' ? value : Buffer.isBuffer(value) ? value.toString('utf8') : undefined;
      if (text === undefined) throw unexpectedReply('GET');
      return decodeValue(redisKey, text, sealKey);
    },

    async set(key: string, value: CachedAccessToken, ttlMs: number): Promise<void> {
      const redisKey = tokenKey(key);
      const storedTtl = Math.floor(ttlMs) - Math.min(EXPIRY_MARGIN_MS, Math.ceil(ttlMs / 20));
      if (!Number.isFinite(ttlMs) || storedTtl < 1) return; // too close to expiry to be worth sharing
      await command(['SET', redisKey, encodeValue(redisKey, value, sealKey), 'PX', String(storedTtl)]);
    },

    async deleteIf(key: string, accessToken: string): Promise<boolean> {
      const deleted = await command<unknown>(['EVAL', DELETE_IF_SCRIPT, '1', tokenKey(key), valuePrefix(accessToken)]);
      return Number(deleted) === 1;
    },

    async acquire(key: string, ttlMs: number): Promise<(() => Promise<void>) | undefined> {
      const redisKey = lockKey(key);
      const lockTtl = Math.ceil(ttlMs);
      if (!Number.isFinite(lockTtl) || lockTtl < 1)
        throw badOption(`a lock's ttlMs must be ≥ 1 ms, got ${ttlMs}.`, 'Pass the time a mint may take.');
      const holder = randomBytes(16).toString('hex');
      const answer = await command<unknown>(['SET', redisKey, holder, 'NX', 'PX', String(lockTtl)]);
      if (answer === null || answer === undefined) return undefined;
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        await command(['EVAL', RELEASE_SCRIPT, '1', redisKey, holder]);
      };
    },
  };
}

function checkedKey(key: string): string {
  if (typeof key !== 'string' || key === '')
    throw badOption('a cache key must be a non-empty string.', 'Pass the key the token client derives.');
  return key;
}

function unexpectedReply(command: string): RedisTokenCacheError {
  return new RedisTokenCacheError(
    'ERR_CACHE_REDIS',
    `Redis answered ${command} with something other than a string.`,
    'Pass a node-redis client with the default type mapping.',
  );
}

function badOption(message: string, fix: string): RedisTokenCacheError {
  return new RedisTokenCacheError('ERR_CACHE_OPTIONS', message, fix);
}

/** A Redis client error in one line: its name and message, capped (never a value: the cache sends none in clear). */
function describe(cause: unknown): string {
  const text = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
  const line = text.replace(/[\r\n]+/g, ' ');
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
