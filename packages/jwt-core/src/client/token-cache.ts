import { createHash } from 'node:crypto';
import { platformNow } from '../internal/platform.js';

/**
 * What a shared cache holds for one session: plain JSON, never key material.
 *
 * @example
 * ```ts
 * const entry: CachedAccessToken = {
 *   accessToken: '00D...!AQ...', instanceUrl: 'https://acme.my.salesforce.com',
 *   tokenHost: 'https://login.salesforce.com', issuedAt: Date.now(), expiresAt: Date.now() + DEFAULT_TOKEN_TTL_MS,
 * }
 * ```
 */
export interface CachedAccessToken {
  /** The bearer token. A secret: a cache that can be read by others should seal it. */
  readonly accessToken: string;
  /** The https origin (loopback http allowed) the token is sent to. */
  readonly instanceUrl: string;
  /** The token host that issued it. */
  readonly tokenHost: string;
  /** The `aud` of the assertion that was accepted, when known. */
  readonly audience?: string;
  /** Identity URL `…/id/<orgId>/<userId>` (the token client needs it to report the org and user ids). */
  readonly id?: string;
  /** Granted scopes, as parsed from the token answer, when present. */
  readonly scope?: string;
  /** Usually `Bearer`, as parsed from the token answer, when present. */
  readonly tokenType?: string;
  /** Epoch ms when the mint started (the token is at least that recent). */
  readonly issuedAt: number;
  /** Epoch ms after which the client must not serve it. */
  readonly expiresAt: number;
  /** Public-key fingerprint (SHA-256) of the key that worked: shares the key rollover's choice. */
  readonly keyFingerprint?: string;
}

/**
 * A cache shared by token clients, e.g. several processes on one Redis. Every method may fail or hang: the token
 * client bounds each call by a short timeout and mints locally when the cache is unusable.
 *
 * @example
 * ```ts
 * const client = createTokenClient({ ...options, cache: createMemoryTokenCache() })
 * ```
 */
export interface TokenCache {
  /** The entry under `key`, or `undefined`. */
  get(key: string): Promise<CachedAccessToken | undefined>;
  /** Stores `value` under `key` for `ttlMs` (the time left until `value.expiresAt`). */
  set(key: string, value: CachedAccessToken, ttlMs: number): Promise<void>;
  /** Compare-and-delete: deletes the entry only if it still holds this access token; true when it deleted. */
  deleteIf(key: string, accessToken: string): Promise<boolean>;
  /**
   * Optional distributed single flight: a release function, or undefined when another holder has the lock. The lock
   * expires by itself after ttlMs.
   */
  acquire?(key: string, ttlMs: number): Promise<(() => Promise<void>) | undefined>;
}

/**
 * What identifies a session, for {@link tokenCacheKey}.
 *
 * @example
 * ```ts
 * const session: TokenCacheKeyInput = { host: 'https://acme.my.salesforce.com', clientId: '3MVG9...', username: 'integration@acme.com' }
 * ```
 */
export interface TokenCacheKeyInput {
  /** The instance URL (or token host) the client was given: only its origin counts, lower-cased. */
  readonly host: string;
  /** The consumer key, as is. */
  readonly clientId: string;
  /** The username, lower-cased (Salesforce usernames are case-insensitive). */
  readonly username: string;
}

/**
 * The cache key of a session: `sfjwt:token:v1:` and the SHA-256 (hex) of the host's origin, the client id and the
 * lower-cased username, one per line. Stable across processes and versions of this library (a change of the recipe
 * changes `v1`); never derived from key material, and the username is not readable from it.
 *
 * @example
 * ```ts
 * const key = tokenCacheKey({ host: 'https://acme.my.salesforce.com', clientId: '3MVG9...', username: 'integration@acme.com' })
 * // 'sfjwt:token:v1:' + 64 hex digits
 * ```
 */
export function tokenCacheKey(input: TokenCacheKeyInput): string {
  const origin = URL.canParse(input.host) ? new URL(input.host).origin : input.host.toLowerCase();
  const material = [origin.toLowerCase(), input.clientId, input.username.toLowerCase()].join('\n');
  return `sfjwt:token:v1:${createHash('sha256').update(material).digest('hex')}`;
}

/**
 * A {@link TokenCache} in one process's memory: the reference implementation of the interface (TTL, compare-and-
 * delete, a lock that expires), for tests and for sharing one cache between several clients of one process.
 *
 * @example
 * ```ts
 * const cache = createMemoryTokenCache()
 * const a = createTokenClient({ ...options, cache })
 * const b = createTokenClient({ ...options, cache }) // a and b share one token
 * ```
 */
export function createMemoryTokenCache(options: { readonly now?: (() => number) | undefined } = {}): TokenCache {
  const now = platformNow(options.now);
  const entries = new Map<string, { readonly value: CachedAccessToken; readonly until: number }>();
  const locks = new Map<string, { readonly owner: object; readonly until: number }>();
  const get = (key: string): CachedAccessToken | undefined => {
    const entry = entries.get(key);
    return entry === undefined || now() >= entry.until ? undefined : structuredClone(entry.value);
  };
  const deleteIf = (key: string, accessToken: string): boolean => {
    if (entries.get(key)?.value.accessToken !== accessToken) return false;
    return entries.delete(key);
  };
  const acquire = (key: string, ttlMs: number): (() => Promise<void>) | undefined => {
    const held = locks.get(key);
    if (held !== undefined && now() < held.until) return undefined;
    const owner = {};
    locks.set(key, { owner, until: now() + ttlMs });
    // The release deletes only its own lock: one that expired and was taken by another holder stays.
    return () => {
      if (locks.get(key)?.owner === owner) locks.delete(key);
      return Promise.resolve();
    };
  };
  return {
    get: (key) => Promise.resolve(get(key)),
    set: (key, value, ttlMs) => {
      entries.set(key, { value: structuredClone(value), until: now() + ttlMs });
      return Promise.resolve();
    },
    deleteIf: (key, accessToken) => Promise.resolve(deleteIf(key, accessToken)),
    acquire: (key, ttlMs) => Promise.resolve(acquire(key, ttlMs)),
  };
}
