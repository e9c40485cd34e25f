// Where one session lives in Redis. Both keys carry the session in one hash tag, `{…}`, so that on a Redis Cluster the
// token and its lock share a hash slot (every script touches one key, and never two slots):
//   <keyPrefix>{<session>}:token   the token (see codec.ts)
//   <keyPrefix>{<session>}:lock    the lock of the single flight
// <session> is jwt-core's tokenCacheKey without its `sfjwt:token:` head (`v1:` and a SHA-256 in hex), so the words
// `sfjwt` and `token` are not doubled; any other key is used as it is.
import { RedisTokenCacheError } from './errors.js';

const JWT_CORE_HEAD = 'sfjwt:token:';

/** The Redis keys of one cache key (a non-empty string, else ERR_CACHE_OPTIONS). */
export function sessionKeys(keyPrefix: string, key: string): { readonly token: string; readonly lock: string } {
  if (typeof key !== 'string' || key === '') {
    throw new RedisTokenCacheError(
      'ERR_CACHE_OPTIONS',
      'a cache key must be a non-empty string.',
      'Pass the key the token client derives.',
    );
  }
  const session =
    key.startsWith(JWT_CORE_HEAD) && key.length > JWT_CORE_HEAD.length ? key.slice(JWT_CORE_HEAD.length) : key;
  const tagged = `${keyPrefix}{${session}}`;
  return { token: `${tagged}:token`, lock: `${tagged}:lock` };
}
