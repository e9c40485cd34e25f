import { defaultSetTimer, DEFAULT_DEADLINE_MS } from '../exchange/deadline.js';
import { defaultSleep } from '../exchange/exchange.js';
import { normalizeTokenHost } from '../audience/normalize-url.js';
import { LOGIN_URL } from '../audience/resolve.js';
import { platformFetch, platformNow } from '../internal/platform.js';
import { waiterAborted, raceAbort } from './abort.js';
import { holdAndMint, mintAcrossFleet, type FleetFlight } from './fleet-flight.js';
import {
  isInvalidSession,
  isReplayableBody,
  plainInit,
  requestTarget,
  withBearer,
  type ClientFetch,
  type TokenClientRequestInit,
} from './authorized-fetch.js';
import { DEFAULT_TOKEN_TTL_MS, freshnessOf, type Freshness } from './freshness.js';
import { entryMismatch, ownSession, sessionTrust, type OwnSession } from './entry-trust.js';
import { loadKeyRing, mintAccessToken, type MintedToken, type MintOptions, type RingKey } from './mint.js';
import {
  CACHE_FAILED,
  UNUSABLE_ENTRY,
  SharedCache,
  entryFreshness,
  entryOfToken,
  tokenOfEntry,
  type TokenCacheErrorEvent,
} from './shared-cache.js';
import { tokenCacheKey, type CachedAccessToken, type TokenCache } from './token-cache.js';

/**
 * Default cool-down after a re-minted token was refused too: no new login for 20 s, so an API that answers 401 to
 * everything costs at most about three logins a minute (Salesforce limits logins per user and hour).
 *
 * @example
 * ```ts
 * const client = createTokenClient({ ...options, remintCooldownMs: 2 * DEFAULT_REMINT_COOLDOWN_MS })
 * ```
 */
export const DEFAULT_REMINT_COOLDOWN_MS = 20_000;

/**
 * The response header a {@link TokenClient.fetch} answer carries while the re-mint cool-down holds: the milliseconds
 * left before the client logs in again.
 *
 * @example
 * ```ts
 * const response = await client.fetch('/services/data/v62.0/limits')
 * if (response.headers.has(REMINT_COOLDOWN_HEADER)) console.warn('Salesforce refuses fresh tokens too; waiting')
 * ```
 */
export const REMINT_COOLDOWN_HEADER = 'sfjwt-remint-cooldown-ms';

/**
 * Options of {@link createTokenClient}: those of {@link mintAccessToken}, plus caching.
 *
 * @example
 * ```ts
 * const shutdown = new AbortController()
 * const options: TokenClientOptions = {
 *   clientId: '3MVG9...', username: 'integration@acme.com', privateKey: privateKeyPem,
 *   instanceUrl: 'https://acme.my.salesforce.com', signal: shutdown.signal,
 * }
 * ```
 */
export interface TokenClientOptions extends Omit<MintOptions, 'fetch' | 'signal'> {
  /**
   * `fetch` for the token POST and for {@link TokenClient.fetch}. Default: the global `fetch`. Behind a proxy, pass a
   * proxy-aware one, for example with undici:
   * `(url, init) => undiciFetch(url, { ...init, dispatcher: new ProxyAgent(proxyUrl) })`
   * (`import { fetch as undiciFetch, ProxyAgent } from 'undici'`; create the agent once and reuse it).
   */
  readonly fetch?: ClientFetch | undefined;
  /**
   * How long a token is served from the cache, from the start of the request that minted it. Default 10 minutes:
   * Salesforce sends no `expires_in`, and the shortest session timeout an org can set is 15 minutes. The token is
   * re-minted in the background during its last 10 % of life (at most the last 60 s), so callers rarely wait.
   */
  readonly ttlMs?: number | undefined;
  /**
   * Stops the client: an exchange in flight is aborted (no further retries), and every later `getToken` rejects with
   * `ERR_ABORTED`. A caller that only wants to stop waiting passes its own signal to `getToken` instead.
   */
  readonly signal?: AbortSignal | undefined;
  /**
   * A cache shared with other clients (other processes, e.g. on Redis), under {@link tokenCacheKey}'s key. Default: none,
   * each client keeps its token in its own memory. A cache that fails, hangs or holds garbage never fails
   * `getToken`: the client mints locally, reports it to `onCacheError`, and uses the cache again once it answers. An
   * entry for another session (a token host not among the client's, another instance, or another org or user than
   * the client's own last login) counts as garbage: a cache others can write cannot redirect the client's requests.
   * With `acquire`, one client mints while the others wait for its token (bounded by `deadlineMs`).
   */
  readonly cache?: TokenCache | undefined;
  /** Longest wait for one call to `cache`. Default 500 ms. */
  readonly cacheTimeoutMs?: number | undefined;
  /** How long a failed `cache` is left alone before it is tried again. Default 5 000 ms. */
  readonly cacheRetryMs?: number | undefined;
  /** Called when the shared cache fails (never with a token). An exception thrown by the hook is ignored. */
  readonly onCacheError?: ((event: TokenCacheErrorEvent) => void) | undefined;
  /**
   * After a re-minted token is refused (401 `INVALID_SESSION_ID`) too, how long the client makes no new login:
   * {@link TokenClient.fetch} returns the 401 with the {@link REMINT_COOLDOWN_HEADER} header, and `invalidate` is a
   * no-op. Default {@link DEFAULT_REMINT_COOLDOWN_MS}.
   */
  readonly remintCooldownMs?: number | undefined;
}

/**
 * Options of {@link TokenClient.getToken}.
 *
 * @example
 * ```ts
 * // Give up waiting after 5 s; the exchange itself goes on for other callers.
 * const { accessToken } = await client.getToken({ signal: AbortSignal.timeout(5_000) })
 * ```
 */
export interface GetTokenOptions {
  /**
   * Stops this caller's wait only (`ERR_ABORTED`); the shared exchange goes on for the others and still fills the
   * cache.
   */
  readonly signal?: AbortSignal | undefined;
}

/**
 * A cached, single-flight source of access tokens for one integration user.
 *
 * @example
 * ```ts
 * const response = await client.fetch('/services/data/v62.0/query?q=SELECT+Id+FROM+Account+LIMIT+1')
 * if (response.status === 401) await client.invalidate() // e.g. after a token was revoked elsewhere
 * ```
 */
export interface TokenClient {
  /**
   * A fresh access token: from the cache while its TTL lasts, otherwise from one exchange shared by every concurrent
   * caller. A failure reaches every caller waiting for that exchange and is not cached: the next call tries again.
   */
  getToken(options?: GetTokenOptions): Promise<MintedToken>;
  /**
   * Drops the cached token, e.g. after Salesforce answered 401 `INVALID_SESSION_ID`. With `accessToken`, only when
   * the cached token is that one: many requests failing with the same old token then cause a single re-mint. With a
   * shared cache, the entry is deleted there too when it still holds that token (the promise settles once the cache
   * answered; it never rejects). A no-op during the re-mint cool-down.
   */
  invalidate(accessToken?: string): Promise<void>;
  /**
   * `fetch` with `Authorization: Bearer <token>`, sent only to the token's instance origin (scheme, host and port):
   * `input` is a path (resolved against the instance URL) or a URL of that origin; any other origin throws
   * `UrlError` `ERR_URL_OTHER_ORIGIN` before a request is made, unless `init.otherOrigin` is
   * `'send-without-credentials'`. On 401 `INVALID_SESSION_ID` the token is re-minted once and the request sent once
   * more, when its body can be replayed (absent, a string, bytes, `URLSearchParams`, `Blob`, `FormData` — not a
   * stream); a second 401 is returned as is and starts the re-mint cool-down. HTTP errors are returned as responses.
   */
  fetch(input: string | URL, init?: TokenClientRequestInit): Promise<Response>;
}

interface Cached {
  readonly token: MintedToken;
  readonly freshness: Freshness;
}

/** The host a session is keyed on: the instance URL (or audience, or first candidate) as the client was given it. */
function sessionHost(options: TokenClientOptions): string {
  const given = options.candidates?.[0]?.tokenHost ?? options.instanceUrl ?? options.audience ?? LOGIN_URL;
  try {
    return normalizeTokenHost(given);
  } catch {
    return given; // mintAccessToken reports the bad URL with its own error
  }
}

/**
 * Creates a token client: {@link mintAccessToken} with a TTL cache (in memory, or shared through `cache`),
 * single-flight minting (across processes with a cache's lock), invalidation, key rotation (`privateKey` as a list),
 * and a `fetch` that authorizes requests to the instance only and re-mints on an expired session. The keys are loaded
 * once, here (a bad key throws `KeyError` at once); `fetch` defaults to the global one and `now` to `Date.now`.
 *
 * @example
 * ```ts
 * const salesforce = createTokenClient({
 *   clientId: '3MVG9...',
 *   username: 'integration@acme.com',
 *   privateKey: privateKeyPem,
 *   instanceUrl: 'https://acme.my.salesforce.com',
 *   onAttempt: (a) => console.log(a.host, a.audience, a.status, a.error, a.keyFingerprint, a.durationMs),
 * })
 * const { accessToken, instanceUrl } = await salesforce.getToken()
 * const limits = await salesforce.fetch('/services/data/v62.0/limits')
 * console.log(instanceUrl, accessToken.length, limits.status)
 * ```
 */
export function createTokenClient(options: TokenClientOptions): TokenClient {
  const now = platformNow(options.now);
  const fetch = platformFetch(options.fetch);
  const ttlMs = options.ttlMs ?? DEFAULT_TOKEN_TTL_MS;
  const cooldownMs = options.remintCooldownMs ?? DEFAULT_REMINT_COOLDOWN_MS;
  const deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const {
    signal: clientSignal,
    ttlMs: _ttl,
    cache,
    cacheTimeoutMs,
    cacheRetryMs,
    onCacheError,
    remintCooldownMs: _cooldown,
    ...rest
  } = options;
  const ring = loadKeyRing(options.privateKey, options.passphrase);
  const mintOptions: MintOptions = {
    ...rest,
    fetch,
    now,
    ...(clientSignal === undefined ? {} : { signal: clientSignal }),
  };
  const trust = sessionTrust(options);
  // The org and user of this client's own last mint: from then on, a shared entry must be for them.
  let own: OwnSession | undefined;
  const shared =
    cache === undefined
      ? undefined
      : new SharedCache({
          cache,
          key: tokenCacheKey({ host: sessionHost(options), clientId: options.clientId, username: options.username }),
          now,
          setTimer: options.setTimer ?? defaultSetTimer,
          timeoutMs: cacheTimeoutMs ?? 500,
          retryMs: cacheRetryMs ?? 5_000,
          onError: onCacheError,
          mismatch: (entry) => entryMismatch(entry, trust, own),
        });

  let cached: Cached | undefined;
  let flight: Promise<MintedToken> | undefined;
  let renewal: Promise<unknown> | undefined;
  let preferredKey: string | undefined;
  let revoked: string | undefined;
  let cooldownUntil = -Infinity;

  /** The keys in the order to try: the one that worked last first, then the caller's order. */
  const orderedKeys = (): RingKey[] => {
    const first = ring.find((k) => k.fingerprint === preferredKey);
    return first === undefined ? ring : [first, ...ring.filter((k) => k !== first)];
  };

  const remember = (entry: Cached): void => {
    cached = entry;
    const fingerprint = entry.token.keyFingerprint;
    if (fingerprint !== undefined && ring.some((k) => k.fingerprint === fingerprint)) preferredKey = fingerprint;
  };

  /** One exchange, with this process's keys; the token is remembered here (and returned with its freshness). */
  const mintHere = async (): Promise<Cached> => {
    const mintedAt = now();
    const token = await mintAccessToken({ ...mintOptions, privateKey: orderedKeys().map((k) => k.key) });
    const entry = { token, freshness: freshnessOf(mintedAt, ttlMs) };
    own = ownSession(token) ?? own;
    remember(entry);
    return entry;
  };

  /** Mints here and shares the token (a failing cache only costs the report). */
  const mintAndPublish = async (): Promise<MintedToken> => {
    const entry = await mintHere();
    await shared?.set(entryOfToken(entry.token, entry.freshness, entry.freshness.expiresAt - ttlMs));
    return entry.token;
  };

  /** A cache entry this client may serve at time `t` (not expired, not the token it was told is dead). */
  const servable = (entry: CachedAccessToken | undefined, t: number): entry is CachedAccessToken =>
    entry !== undefined && entry.accessToken !== revoked && t < entry.expiresAt;

  const adopt = (entry: CachedAccessToken): MintedToken => {
    const token = tokenOfEntry(entry);
    remember({ token, freshness: entryFreshness(entry) });
    return token;
  };

  const fleet: FleetFlight | undefined =
    shared === undefined
      ? undefined
      : {
          shared,
          now,
          sleep: options.sleep ?? defaultSleep,
          random: options.random ?? Math.random,
          signal: clientSignal,
          // A lock outlives a normal mint by far; a holder that dies frees it after this, and waiters give up at
          // half the deadline to leave themselves time for their own mint.
          lockTtlMs: Math.min(deadlineMs, 10_000),
          maxWaitMs: deadlineMs / 2,
          servable,
          adopt,
          mintHere: async () => (await mintHere()).token,
          mintAndPublish,
        };

  /** Background renewal of a token in its last stretch of life (one per process; with a lock, one per fleet). */
  const renewInBackground = (): void => {
    if (shared === undefined) {
      // One process: the renewal is the single flight itself, so a caller arriving after expiry joins it.
      join(async () => (await mintHere()).token).catch(() => {});
      return;
    }
    if (renewal !== undefined) return;
    const renew = async (): Promise<unknown> => {
      if (!shared.canLock) return mintAndPublish();
      const release = await shared.acquire(fleet!.lockTtlMs);
      if (release === CACHE_FAILED) return mintHere();
      // Someone else renews: the entry they write is picked up by the next get.
      if (release === undefined) return undefined;
      return holdAndMint(fleet!, release, (entry) => now() < entryFreshness(entry).refreshAt);
    };
    const started = renew().catch(() => {});
    renewal = started;
    void started.then(() => {
      if (renewal === started) renewal = undefined;
    });
  };

  /** The in-memory token if it can be served now (renewing it in the background when due). */
  const fromMemory = (): MintedToken | undefined => {
    const entry = cached;
    if (entry === undefined) return undefined;
    const t = now();
    if (t < entry.freshness.refreshAt) return entry.token;
    if (t < entry.freshness.expiresAt) {
      // Still valid: serve it and renew in the background; a failed renewal leaves the cached token in place.
      renewInBackground();
      return entry.token;
    }
    cached = undefined;
    return undefined;
  };

  /** With a shared cache: its entry, else a mint shared with the fleet; the memory only while the cache fails. */
  const resolveShared = async (): Promise<MintedToken> => {
    const entry = await shared!.get();
    if (entry === CACHE_FAILED) return fromMemory() ?? (await mintHere()).token;
    // Garbage or another session's entry: the token in memory while it lasts, else a mint that replaces the entry.
    if (entry === UNUSABLE_ENTRY) return fromMemory() ?? mintAcrossFleet(fleet!);
    const t = now();
    if (!servable(entry, t)) return mintAcrossFleet(fleet!);
    const token = adopt(entry);
    if (t >= entryFreshness(entry).refreshAt) renewInBackground();
    return token;
  };

  /** The single flight: every concurrent caller of this client shares it. */
  const join = (work: () => Promise<MintedToken>): Promise<MintedToken> => {
    if (flight !== undefined) return flight;
    const started = work();
    flight = started;
    // The flight ends for everyone at once; a failure is not remembered, so the next call tries again.
    const land = (): void => {
      if (flight === started) flight = undefined;
    };
    started.then(land, land);
    return started;
  };

  const getToken = (call?: GetTokenOptions): Promise<MintedToken> => {
    if (clientSignal?.aborted === true) return Promise.reject(waiterAborted(clientSignal));
    if (shared !== undefined) return raceAbort(join(resolveShared), call?.signal);
    const served = fromMemory();
    if (served !== undefined) return Promise.resolve(served);
    return raceAbort(
      join(async () => (await mintHere()).token),
      call?.signal,
    );
  };

  const invalidate = async (accessToken?: string): Promise<void> => {
    if (now() < cooldownUntil) return;
    const target = accessToken ?? cached?.token.accessToken;
    if (accessToken === undefined || cached?.token.accessToken === accessToken) cached = undefined;
    if (target === undefined || shared === undefined) return;
    revoked = target;
    await shared.deleteIf(target);
  };

  /** The 401 answer, marked with the time left of the cool-down (a fetch Response's headers are immutable). */
  const coolingDown = (response: Response): Response => {
    const headers = new Headers(response.headers);
    headers.set(REMINT_COOLDOWN_HEADER, String(Math.max(0, Math.ceil(cooldownUntil - now()))));
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  };

  const authorizedFetch = async (input: string | URL, init?: TokenClientRequestInit): Promise<Response> => {
    const signal = init?.signal ?? undefined;
    const waitOptions = signal === undefined ? {} : { signal };
    const first = await getToken(waitOptions);
    const target = requestTarget(input, first.instanceUrl, init?.otherOrigin);
    if (!target.withCredentials) return fetch(target.url.href, plainInit(init));
    const response = await fetch(target.url.href, withBearer(init, first.accessToken));
    if (!isReplayableBody(init?.body) || !(await isInvalidSession(response))) return response;
    if (now() < cooldownUntil) return coolingDown(response);
    await invalidate(first.accessToken);
    const second = await getToken(waitOptions);
    await response.body?.cancel().catch(() => {});
    const retarget = requestTarget(input, second.instanceUrl, init?.otherOrigin);
    if (!retarget.withCredentials) return fetch(retarget.url.href, plainInit(init));
    const retried = await fetch(retarget.url.href, withBearer(init, second.accessToken));
    if (!(await isInvalidSession(retried))) return retried;
    // A fresh token refused too: logging in again at once would only spend the user's login quota.
    cooldownUntil = now() + cooldownMs;
    return coolingDown(retried);
  };

  return { getToken, invalidate, fetch: authorizedFetch };
}
