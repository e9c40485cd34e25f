// The value stored at a token's Redis key:
//   sfjwt1:<sha256 hex of the access token>:p:<JSON>          without encryptionKey
//   sfjwt1:<sha256 hex of the access token>:s:<sealed JSON>   with encryptionKey (see seal.ts)
// The hash in clear lets deleteIf compare in one Lua script, sealed or not, without the token ever reaching Redis
// in a compare argument; a SHA-256 of a random bearer token gives nothing usable.
import { createHash } from 'node:crypto';
import { RedisTokenCacheError } from './errors.js';
import { open, seal } from './seal.js';
import type { CachedAccessToken } from './types.js';

const FORMAT = 'sfjwt1';
const HASH_HEX = 64;

/** `sfjwt1:<hash>:`: what deleteIf compares the stored value's start with. */
export function valuePrefix(accessToken: string): string {
  return `${FORMAT}:${createHash('sha256').update(accessToken, 'utf8').digest('hex')}:`;
}

export function encodeValue(redisKey: string, token: CachedAccessToken, sealKey: Buffer | undefined): string {
  const prefix = valuePrefix(token.accessToken);
  const json = JSON.stringify(token);
  return sealKey === undefined ? `${prefix}p:${json}` : `${prefix}s:${seal(sealKey, json, redisKey + '\n' + prefix)}`;
}

/** The token stored at `redisKey`, or a coded error saying why the value is not usable. */
export function decodeValue(redisKey: string, value: string, sealKey: Buffer | undefined): CachedAccessToken {
  const headerLength = FORMAT.length + 1 + HASH_HEX + 1;
  const prefix = value.slice(0, headerLength);
  const kind = value.slice(headerLength, headerLength + 2);
  if (!/^sfjwt1:[0-9a-f]{64}:$/.test(prefix) || (kind !== 'p:' && kind !== 's:')) throw invalid('is not in its format');
  const body = value.slice(headerLength + 2);
  if ((kind === 's:') !== (sealKey !== undefined)) {
    throw unopenable(
      kind === 's:' ? 'is sealed and this cache has no encryptionKey' : 'is not sealed and this cache requires sealing',
    );
  }
  let json = body;
  if (sealKey !== undefined) {
    const opened = open(sealKey, body, redisKey + '\n' + prefix);
    if (opened === undefined) throw unopenable('does not open with this encryptionKey at this key');
    json = opened;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw invalid('is not JSON');
  }
  const token = asCachedAccessToken(parsed);
  if (token === undefined) throw invalid('is not a cached access token');
  if (valuePrefix(token.accessToken) !== prefix) throw invalid("does not match its token's hash");
  return token;
}

function asCachedAccessToken(v: unknown): CachedAccessToken | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  const text = (name: string): boolean => typeof o[name] === 'string' && o[name] !== '';
  const optionalText = (name: string): boolean => o[name] === undefined || typeof o[name] === 'string';
  const time = (name: string): boolean => typeof o[name] === 'number' && Number.isFinite(o[name]);
  const ok =
    ['accessToken', 'instanceUrl', 'tokenHost'].every(text) &&
    ['audience', 'id', 'scope', 'tokenType', 'keyFingerprint'].every(optionalText) &&
    ['issuedAt', 'expiresAt'].every(time);
  return ok ? (o as unknown as CachedAccessToken) : undefined;
}

function invalid(why: string): RedisTokenCacheError {
  return new RedisTokenCacheError(
    'ERR_CACHE_VALUE_INVALID',
    `The cached value ${why}: it was not written by @sfjwt/token-cache-redis.`,
    'Give the cache a keyPrefix no other writer uses; the token client mints a new token and overwrites the value.',
  );
}

function unopenable(why: string): RedisTokenCacheError {
  return new RedisTokenCacheError(
    'ERR_CACHE_VALUE_SEAL',
    `The cached value ${why}.`,
    'Give every process the same encryptionKey (or none); a value that does not open is replaced by the next token.',
  );
}
