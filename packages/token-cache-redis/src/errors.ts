/**
 * The errors of the Redis token cache: one class, {@link RedisTokenCacheError}, with a stable string `code`, a message
 * that names the cause (never a token or a key), and a `fix`. Codes are a public API: added, never renamed.
 */

/** Codes of {@link RedisTokenCacheError}. */
export type RedisTokenCacheErrorCode =
  /** `encryptionKey` is not 32 bytes (AES-256). */
  | 'ERR_CACHE_ENCRYPTION_KEY'
  /** An option of `createRedisTokenCache` or an argument of a cache call is not usable. */
  | 'ERR_CACHE_OPTIONS'
  /** The value at the key is not one this package wrote (not its format, not JSON, or not a token). */
  | 'ERR_CACHE_VALUE_INVALID'
  /** A sealed value does not open: another key, tampered, copied from another Redis key, or sealed/plain mismatch. */
  | 'ERR_CACHE_VALUE_SEAL'
  /** Redis did not answer: down, unreachable, slow past the command timeout, or it refused the command. */
  | 'ERR_CACHE_REDIS';

/**
 * A Redis token cache error. The token client treats any throw of a cache as a cache error (it mints locally).
 *
 * @example
 * ```ts
 * try {
 *   await cache.get(key)
 * } catch (error) {
 *   if (error instanceof RedisTokenCacheError && error.code === 'ERR_CACHE_REDIS') console.warn(error.message)
 * }
 * ```
 */
export class RedisTokenCacheError extends Error {
  override readonly name = 'RedisTokenCacheError';
  readonly code: RedisTokenCacheErrorCode;
  /** What to do about it. */
  readonly fix: string;

  constructor(code: RedisTokenCacheErrorCode, message: string, fix: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.fix = fix;
  }
}

/** Whether `error` is a {@link RedisTokenCacheError}, optionally with `code`. */
export function isRedisTokenCacheError(error: unknown, code?: RedisTokenCacheErrorCode): error is RedisTokenCacheError {
  return error instanceof RedisTokenCacheError && (code === undefined || error.code === code);
}
