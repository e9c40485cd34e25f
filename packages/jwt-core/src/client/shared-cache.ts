import { instanceOriginProblem, isPrintableAccessToken } from '../exchange/instance-url.js';
import { idSegments } from '../exchange/token-response.js';
import type { SetTimer } from '../exchange/deadline.js';
import type { Freshness } from './freshness.js';
import { refreshAheadMs } from './freshness.js';
import type { MintedToken } from './mint.js';
import type { CachedAccessToken, TokenCache } from './token-cache.js';

/**
 * A shared cache that failed, reported to `onCacheError`: which call, how it failed, and a sentence. Never holds a
 * token or key material.
 *
 * @example
 * ```ts
 * const onCacheError = (event: TokenCacheErrorEvent) => console.warn(event.operation, event.reason, event.message)
 * ```
 */
export interface TokenCacheErrorEvent {
  readonly operation: 'get' | 'set' | 'deleteIf' | 'acquire' | 'release';
  /**
   * `threw`: the call threw or rejected; `timeout`: no answer in time (both: the cache is bypassed for a while);
   * `invalid-entry`: `get` returned garbage or another session's entry (a miss: the next token is written over it).
   */
  readonly reason: 'threw' | 'timeout' | 'invalid-entry';
  readonly message: string;
  /** The error the cache threw, when it threw one. */
  readonly cause?: unknown;
}

/** What a failed cache call gives back: the caller falls back to minting locally. */
export const CACHE_FAILED = Symbol('cache failed');

/**
 * What `get` gives back for an entry that is not usable (garbage, or another session's): the cache answered, so it is
 * not bypassed, and the token minted next is written over the entry.
 */
export const UNUSABLE_ENTRY = Symbol('unusable entry');

/** The result of a bounded cache call. */
export type Bounded<T> = T | typeof CACHE_FAILED;

export interface SharedCacheOptions {
  readonly cache: TokenCache;
  readonly key: string;
  readonly now: () => number;
  readonly setTimer: SetTimer;
  /** Longest wait for one cache call. */
  readonly timeoutMs: number;
  /** How long the cache is bypassed after a failure before it is tried again. */
  readonly retryMs: number;
  readonly onError: ((event: TokenCacheErrorEvent) => void) | undefined;
  /** Why a well-formed entry is not this client's session (another origin, org or user), or undefined. */
  readonly mismatch?: ((entry: CachedAccessToken) => string | undefined) | undefined;
}

/** A value for a message: JSON-quoted (control characters escaped) and cut at 80 characters. */
function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : typeof value;
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}

const OPTIONAL_STRINGS = ['audience', 'id', 'scope', 'tokenType', 'keyFingerprint'] as const;

/** Why a cache's answer is not a usable entry (a cache may hold garbage, or another program's data), or undefined. */
export function cachedEntryProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'the entry is not an object';
  const entry = value as Record<string, unknown>;
  if (typeof entry['accessToken'] !== 'string' || !isPrintableAccessToken(entry['accessToken'])) {
    return 'accessToken is missing or not a printable token';
  }
  const instanceUrl = entry['instanceUrl'];
  if (typeof instanceUrl !== 'string') return 'instanceUrl is missing';
  const problem = instanceOriginProblem(instanceUrl);
  if (problem !== undefined) return `instanceUrl ${shown(instanceUrl)} ${problem}`;
  if (typeof entry['tokenHost'] !== 'string' || instanceOriginProblem(entry['tokenHost']) !== undefined) {
    return 'tokenHost is missing or not an origin';
  }
  for (const name of ['issuedAt', 'expiresAt'] as const) {
    if (typeof entry[name] !== 'number' || !Number.isFinite(entry[name])) return `${name} is not a number`;
  }
  if ((entry['expiresAt'] as number) <= (entry['issuedAt'] as number)) return 'expiresAt is not after issuedAt';
  for (const name of OPTIONAL_STRINGS) {
    if (entry[name] !== undefined && typeof entry[name] !== 'string') return `${name} is not a string`;
  }
  if (typeof entry['id'] !== 'string' || idSegments(entry['id']) === undefined) {
    return 'id is missing or not an identity URL ending in /<orgId>/<userId>';
  }
  return undefined;
}

/** When an entry is renewed and when it stops being served (the same rule as the in-memory cache). */
export function entryFreshness(entry: CachedAccessToken): Freshness {
  return { expiresAt: entry.expiresAt, refreshAt: entry.expiresAt - refreshAheadMs(entry.expiresAt - entry.issuedAt) };
}

/** The token a valid entry stands for (no attempts were made to get it: `attempts` is empty). */
export function tokenOfEntry(entry: CachedAccessToken): MintedToken {
  const [orgId, userId] = idSegments(entry.id ?? '') ?? ['', ''];
  return {
    accessToken: entry.accessToken,
    instanceUrl: entry.instanceUrl.replace(/\/+$/, ''),
    id: entry.id ?? '',
    orgId,
    userId,
    tokenHost: entry.tokenHost,
    ...(entry.audience === undefined ? {} : { audience: entry.audience }),
    ...(entry.scope === undefined ? {} : { scope: entry.scope }),
    ...(entry.tokenType === undefined ? {} : { tokenType: entry.tokenType }),
    ...(entry.keyFingerprint === undefined ? {} : { keyFingerprint: entry.keyFingerprint }),
    attempts: [],
    warnings: [],
  };
}

/** The entry a minted token is shared as: plain JSON, no key material, no signature. */
export function entryOfToken(token: MintedToken, freshness: Freshness, issuedAt: number): CachedAccessToken {
  return {
    accessToken: token.accessToken,
    instanceUrl: token.instanceUrl,
    tokenHost: token.tokenHost,
    ...(token.audience === undefined ? {} : { audience: token.audience }),
    id: token.id,
    ...(token.scope === undefined ? {} : { scope: token.scope }),
    ...(token.tokenType === undefined ? {} : { tokenType: token.tokenType }),
    issuedAt,
    expiresAt: freshness.expiresAt,
    ...(token.keyFingerprint === undefined ? {} : { keyFingerprint: token.keyFingerprint }),
  };
}

/**
 * A {@link TokenCache} seen through the token client: every call bounded by a timeout, every failure reported and
 * turned into {@link CACHE_FAILED}, and after a failure the cache is left alone for `retryMs` (so a cache that hangs
 * costs one timeout, not one per call), then tried again: the client recovers when the cache does.
 */
export class SharedCache {
  private downUntil = -Infinity;
  private lastInvalid: { readonly message: string; readonly at: number } | undefined;

  constructor(private readonly options: SharedCacheOptions) {}

  get canLock(): boolean {
    return typeof this.options.cache.acquire === 'function';
  }

  async get(): Promise<Bounded<CachedAccessToken | undefined | typeof UNUSABLE_ENTRY>> {
    const value = await this.call('get', () => this.options.cache.get(this.options.key));
    if (value === CACHE_FAILED || value === undefined) return value;
    // A shared cache is as untrusted as the network: an entry must be well formed and this client's own session.
    const problem = cachedEntryProblem(value) ?? this.options.mismatch?.(value);
    if (problem === undefined) return value;
    // The cache itself answered: no back-off, so the token minted next is written over the entry (a planted or
    // unreadable entry would otherwise stay, and every process would log in alone until its TTL). Reported once per
    // distinct problem per `retryMs`: a fleet flight reads it more than once.
    this.reportInvalid(`The shared cache returned an unusable entry: ${problem}.`);
    return UNUSABLE_ENTRY;
  }

  async set(entry: CachedAccessToken): Promise<void> {
    const ttlMs = entry.expiresAt - this.options.now();
    if (ttlMs <= 0) return;
    await this.call('set', () => this.options.cache.set(this.options.key, entry, ttlMs));
  }

  async deleteIf(accessToken: string): Promise<void> {
    await this.call('deleteIf', () => this.options.cache.deleteIf(this.options.key, accessToken));
  }

  /** A release function, `undefined` when another holder has the lock, or {@link CACHE_FAILED}. */
  async acquire(ttlMs: number): Promise<Bounded<(() => Promise<void>) | undefined>> {
    const { cache, key } = this.options;
    if (cache.acquire === undefined) return CACHE_FAILED;
    const release = await this.call('acquire', () => cache.acquire!(key, ttlMs));
    if (release === CACHE_FAILED || release === undefined || typeof release === 'function') return release;
    this.fail('acquire', 'invalid-entry', 'The shared cache answered the lock with something other than a function.');
    return CACHE_FAILED;
  }

  async release(release: () => Promise<void>): Promise<void> {
    // A lock that is not released expires by its TTL: the release is tried even while the cache is bypassed.
    await this.call('release', release, true);
  }

  private async call<T>(
    operation: TokenCacheErrorEvent['operation'],
    run: () => Promise<T>,
    evenWhenDown = false,
  ): Promise<Bounded<T>> {
    if (!evenWhenDown && this.options.now() < this.downUntil) return CACHE_FAILED;
    const { timeoutMs, setTimer } = this.options;
    let disarm = (): void => {};
    const timedOut = new Promise<typeof CACHE_FAILED>((resolve) => {
      disarm = setTimer(() => resolve(CACHE_FAILED), timeoutMs);
    });
    try {
      const answer = await Promise.race([Promise.resolve().then(run), timedOut]);
      if (answer === CACHE_FAILED) {
        this.fail(operation, 'timeout', `The shared cache did not answer ${operation} within ${timeoutMs} ms.`);
      }
      return answer;
    } catch (error) {
      const said = error instanceof Error ? `: ${shown(error.message)}` : '';
      this.fail(operation, 'threw', `The shared cache failed on ${operation}${said}.`, error);
      return CACHE_FAILED;
    } finally {
      disarm();
    }
  }

  private reportInvalid(message: string): void {
    const t = this.options.now();
    if (message === this.lastInvalid?.message && t < this.lastInvalid.at + this.options.retryMs) return;
    this.lastInvalid = { message, at: t };
    this.report({ operation: 'get', reason: 'invalid-entry', message });
  }

  private fail(
    operation: TokenCacheErrorEvent['operation'],
    reason: TokenCacheErrorEvent['reason'],
    message: string,
    cause?: unknown,
  ): void {
    this.downUntil = this.options.now() + this.options.retryMs;
    this.report({ operation, reason, message, ...(cause === undefined ? {} : { cause }) });
  }

  private report(event: TokenCacheErrorEvent): void {
    try {
      this.options.onError?.(event);
    } catch {
      // A reporting hook must not change the outcome.
    }
  }
}
