import { createHash, randomBytes, type KeyObject } from 'node:crypto';
import { decodeValue, encodeValue, valuePrefix } from './codec.js';
import { isRedisTokenCacheError, RedisTokenCacheError } from './errors.js';
import { sessionKeys } from './keys.js';
import { ACQUIRE_SCRIPT, DELETE_IF_SCRIPT, DISCARD_SCRIPT, RELEASE_SCRIPT } from './scripts.js';
import { sealingKey } from './seal.js';
import {
  commandSender,
  isCommandClient,
  type RedisClusterCommandClient,
  type RedisCommandClient,
} from './transport.js';
import type { CachedAccessToken, TokenCache } from './types.js';

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
  /**
   * A node-redis client (`createClient({ url })`) or cluster client (`createCluster({ rootNodes })`); the cache never
   * connects or closes it. Until it is connected (or while it reconnects), every call fails and the token client mints
   * locally.
   */
  readonly client: RedisCommandClient | RedisClusterCommandClient;
  /**
   * Prefix of every Redis key the cache writes: `<prefix>{<session>}:token` and `<prefix>{<session>}:lock`, where
   * `<session>` is `v1:<sha256>` for jwt-core's keys. Default `sfjwt:`.
   */
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
  /**
   * The longest a lock lives, in ms (default 3000), whatever the token client asks: a process waiting for another's
   * mint waits at most this (plus one poll of the token client, at most 1.5 s), then takes the lock, mints and
   * publishes. A lock found without a TTL is taken over at once; one that would live longer is shortened to this.
   */
  readonly lockTtlMs?: number | undefined;
}

/** The default {@link RedisTokenCacheOptions.keyPrefix}. */
export const DEFAULT_KEY_PREFIX = 'sfjwt:';
/** The default {@link RedisTokenCacheOptions.commandTimeoutMs}. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 1_000;
/** The default {@link RedisTokenCacheOptions.lockTtlMs}: the longest a waiter waits for another process's mint. */
export const DEFAULT_LOCK_TTL_MS = 3_000;
/** Values leave Redis this much before the token's own TTL (at most; 5 % of a short TTL): no reader gets a token its writer had already retired. */
export const EXPIRY_MARGIN_MS = 5_000;

/** What GET found at a token's key. */
type Read =
  { readonly kind: 'none' } | { readonly kind: 'text'; readonly text: string } | { readonly kind: 'wrongtype' };

/**
 * A {@link TokenCache} on Redis, shared by every process that uses the same Redis, `keyPrefix` and `encryptionKey`:
 * one token for a whole fleet, and a lock (`SET NX PX`) so only one process mints it. Give it to jwt-core's
 * `createTokenClient({ …, cache })`. Throws `ERR_CACHE_ENCRYPTION_KEY` or `ERR_CACHE_OPTIONS` for unusable options.
 *
 * @example
 * ```ts
 * const redis = createClient({ url: 'redis://127.0.0.1:6379', disableOfflineQueue: true })
 * redis.on('error', () => {}) // reconnects on its own; commands fail fast meanwhile
 * redis.connect().catch(() => {}) // not awaited: until Redis answers, the cache counts as down
 * const cache = createRedisTokenCache({ client: redis, encryptionKey: Buffer.from(keyBase64, 'base64') })
 * ```
 */
export function createRedisTokenCache(options: RedisTokenCacheOptions): TokenCache & {
  acquire(key: string, ttlMs: number): Promise<(() => Promise<void>) | undefined>;
} {
  const { client } = options;
  if (!isCommandClient(client)) {
    throw badOption(
      'client is not a node-redis client (it has no sendCommand).',
      'Pass `createClient({ url })` from the redis package.',
    );
  }
  const keyPrefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
  if (typeof keyPrefix !== 'string')
    throw badOption('keyPrefix must be a string.', 'Pass a string such as "myapp:sfjwt:".');
  const timeout = wholeMs(
    options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
    'commandTimeoutMs',
    'Pass e.g. 1000.',
  );
  const maxLockTtl = wholeMs(options.lockTtlMs ?? DEFAULT_LOCK_TTL_MS, 'lockTtlMs', 'Pass e.g. 3000.');
  const sealKey = options.encryptionKey === undefined ? undefined : sealingKey(options.encryptionKey);

  const command = commandSender(client, timeout);

  const read = async (redisKey: string): Promise<Read> => {
    let value: unknown;
    try {
      value = await command<unknown>(['GET', redisKey]);
    } catch (error) {
      if (/WRONGTYPE/.test(String((error as Error).cause))) return { kind: 'wrongtype' };
      throw error;
    }
    if (value === null || value === undefined) return { kind: 'none' };
    // A string with the default type mapping; a Buffer when the client maps bulk strings to buffers.
    const text = typeof value === 'string' ? value : Buffer.isBuffer(value) ? value.toString('utf8') : undefined;
    if (text === undefined) throw unexpectedReply('GET');
    return { kind: 'text', text };
  };

  /** Deletes what was read if it is still there; the deleted key's type, or undefined when it changed meanwhile. */
  const discard = async (redisKey: string, found: Read): Promise<string | undefined> => {
    const sha1 = found.kind === 'text' ? createHash('sha1').update(found.text, 'utf8').digest('hex') : '';
    const deleted = await command<unknown>(['EVAL', DISCARD_SCRIPT, '1', redisKey, sha1]);
    return typeof deleted === 'string' ? deleted : undefined;
  };

  return {
    async get(key: string): Promise<CachedAccessToken | undefined> {
      const redisKey = sessionKeys(keyPrefix, key).token;
      // A value that does not open is deleted (if still the same), so the next token takes its place, and reported
      // by the one process that deleted it. A process that finds it already gone or replaced reads once more.
      for (let attempt = 1; ; attempt++) {
        const found = await read(redisKey);
        if (found.kind === 'none') return undefined;
        let problem: RedisTokenCacheError;
        try {
          if (found.kind === 'text') return decodeValue(redisKey, found.text, sealKey);
          problem = wrongType();
        } catch (error) {
          if (!isRedisTokenCacheError(error)) throw error;
          problem = error;
        }
        const deletedType = await discard(redisKey, found);
        if (deletedType !== undefined) throw deletedBecause(problem, deletedType);
        if (attempt === 2) throw problem;
      }
    },

    async set(key: string, value: CachedAccessToken, ttlMs: number): Promise<void> {
      const redisKey = sessionKeys(keyPrefix, key).token;
      const storedTtl = Math.floor(ttlMs) - Math.min(EXPIRY_MARGIN_MS, Math.ceil(ttlMs / 20));
      if (!Number.isFinite(ttlMs) || storedTtl < 1) return; // too close to expiry to be worth sharing
      // SET replaces whatever is at the key, of any type: a value that did not open is overwritten here.
      await command(['SET', redisKey, encodeValue(redisKey, value, sealKey), 'PX', String(storedTtl)]);
    },

    async deleteIf(key: string, accessToken: string): Promise<boolean> {
      const redisKey = sessionKeys(keyPrefix, key).token;
      const deleted = await command<unknown>(['EVAL', DELETE_IF_SCRIPT, '1', redisKey, valuePrefix(accessToken)]);
      return Number(deleted) === 1;
    },

    async acquire(key: string, ttlMs: number): Promise<(() => Promise<void>) | undefined> {
      const redisKey = sessionKeys(keyPrefix, key).lock;
      const asked = Math.ceil(ttlMs);
      if (!Number.isFinite(asked) || asked < 1)
        throw badOption(`a lock's ttlMs must be ≥ 1 ms, got ${ttlMs}.`, 'Pass the time a mint may take.');
      const lockTtl = Math.min(asked, maxLockTtl);
      const holder = randomBytes(16).toString('hex');
      const taken = await command<unknown>(['EVAL', ACQUIRE_SCRIPT, '1', redisKey, holder, String(lockTtl)]);
      if (Number(taken) !== 1) return undefined;
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        await command(['EVAL', RELEASE_SCRIPT, '1', redisKey, holder]);
      };
    },
  };
}

function wholeMs(value: number, name: string, fix: string): number {
  if (!Number.isInteger(value) || value < 1)
    throw badOption(`${name} must be a whole number of milliseconds ≥ 1.`, fix);
  return value;
}

function wrongType(): RedisTokenCacheError {
  return new RedisTokenCacheError(
    'ERR_CACHE_VALUE_INVALID',
    "The token's Redis key holds another type than a string: it was not written by @sfjwt/token-cache-redis.",
    'Give the cache a keyPrefix no other program writes under.',
  );
}

/** `problem`, led by what was done (a token client may show only the start of a message). */
function deletedBecause(problem: RedisTokenCacheError, deletedType: string): RedisTokenCacheError {
  const what = deletedType === 'string' ? 'value' : /^[a-z]{1,12}$/.test(deletedType) ? deletedType : 'value';
  return new RedisTokenCacheError(
    problem.code,
    `Deleted the ${what} at the token's Redis key (the next token is stored in its place): ${problem.message}`,
    problem.fix,
  );
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
