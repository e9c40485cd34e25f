// The public types use Node's (`KeyObject` from node:crypto): the emitted index.d.ts keeps this reference, so a project
// that does not load @types/node (TypeScript 7's default `types: []`) is told to add it, in one line (TS2688).
/// <reference types="node" preserve="true" />
// @sfjwt/token-cache-redis: a shared Redis cache for @sfjwt/jwt-core's token client.
export {
  createRedisTokenCache,
  DEFAULT_COMMAND_TIMEOUT_MS,
  DEFAULT_KEY_PREFIX,
  DEFAULT_LOCK_TTL_MS,
  EXPIRY_MARGIN_MS,
  type RedisTokenCacheOptions,
} from './redis-token-cache.js';
export type { RedisClusterCommandClient, RedisCommandClient } from './transport.js';
export { isRedisTokenCacheError, RedisTokenCacheError, type RedisTokenCacheErrorCode } from './errors.js';
export type { CachedAccessToken, TokenCache } from './types.js';
