import { waiterAborted, raceAbort } from './abort.js';
import { apiUrl, isInvalidSession, isReplayableBody, withBearer, type ClientFetch } from './authorized-fetch.js';
import { DEFAULT_TOKEN_TTL_MS, freshnessOf, type Freshness } from './freshness.js';
import { mintAccessToken, privateKeyObject, type MintedToken, type MintOptions } from './mint.js';

/**
 * Options of {@link createTokenClient}: those of {@link mintAccessToken}, plus caching.
 *
 * @example
 * ```ts
 * const shutdown = new AbortController()
 * const options: TokenClientOptions = {
 *   clientId: '3MVG9...', username: 'integration@acme.com', privateKey: privateKeyPem,
 *   instanceUrl: 'https://acme.my.salesforce.com', fetch, now: Date.now, signal: shutdown.signal,
 * }
 * ```
 */
export interface TokenClientOptions extends Omit<MintOptions, 'fetch' | 'signal'> {
  /**
   * `fetch` for the token POST and for {@link TokenClient.fetch}. The global `fetch` fits. Behind a proxy, pass a
   * proxy-aware one, for example with undici:
   * `(url, init) => undiciFetch(url, { ...init, dispatcher: new ProxyAgent(proxyUrl) })`
   * (`import { fetch as undiciFetch, ProxyAgent } from 'undici'`; create the agent once and reuse it).
   */
  readonly fetch: ClientFetch;
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
 * if (response.status === 401) client.invalidate() // e.g. after a token was revoked elsewhere
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
   * the cached token is that one: many requests failing with the same old token then cause a single re-mint.
   */
  invalidate(accessToken?: string): void;
  /**
   * `fetch` with `Authorization: Bearer <token>`. `input` is an https URL (http only for loopback) or a path resolved
   * against the token's instance URL. On 401 `INVALID_SESSION_ID` the token is re-minted once and the request sent
   * once more, when its body can be replayed (absent, a string, bytes, `URLSearchParams`, `Blob`, `FormData` — not a
   * stream); a second 401 is returned as is. HTTP errors are returned as responses, like `fetch`.
   */
  fetch(input: string | URL, init?: RequestInit): Promise<Response>;
}

interface Cached {
  readonly token: MintedToken;
  readonly freshness: Freshness;
}

/**
 * Creates a token client: {@link mintAccessToken} with a TTL cache, single-flight minting, invalidation, and a
 * `fetch` that authorizes requests and re-mints on an expired session. The key is loaded once, here (a bad key
 * throws `KeyError` at once).
 *
 * @example
 * ```ts
 * const salesforce = createTokenClient({
 *   clientId: '3MVG9...',
 *   username: 'integration@acme.com',
 *   privateKey: privateKeyPem,
 *   instanceUrl: 'https://acme.my.salesforce.com',
 *   fetch,
 *   now: Date.now,
 *   onAttempt: (a) => console.log(a.host, a.audience, a.status, a.error, a.durationMs),
 * })
 * const { accessToken, instanceUrl } = await salesforce.getToken()
 * const limits = await salesforce.fetch('/services/data/v62.0/limits')
 * console.log(instanceUrl, accessToken.length, limits.status)
 * ```
 */
export function createTokenClient(options: TokenClientOptions): TokenClient {
  const { now } = options;
  const ttlMs = options.ttlMs ?? DEFAULT_TOKEN_TTL_MS;
  const { signal: clientSignal, ttlMs: _ttl, ...rest } = options;
  const mintOptions: MintOptions = {
    ...rest,
    privateKey: privateKeyObject(options.privateKey, options.passphrase),
    fetch: options.fetch,
    now,
    ...(clientSignal === undefined ? {} : { signal: clientSignal }),
  };
  let cached: Cached | undefined;
  let flight: Promise<MintedToken> | undefined;

  const mint = (): Promise<MintedToken> => {
    if (flight !== undefined) return flight;
    const mintedAt = now();
    const started = mintAccessToken(mintOptions).then((token) => {
      cached = { token, freshness: freshnessOf(mintedAt, ttlMs) };
      return token;
    });
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
    const entry = cached;
    if (entry !== undefined) {
      const t = now();
      if (t < entry.freshness.refreshAt) return Promise.resolve(entry.token);
      if (t < entry.freshness.expiresAt) {
        // Still valid: serve it and renew in the background; a failed renewal leaves the cached token in place.
        mint().catch(() => {});
        return Promise.resolve(entry.token);
      }
      cached = undefined;
    }
    return raceAbort(mint(), call?.signal);
  };

  const invalidate = (accessToken?: string): void => {
    if (accessToken === undefined || cached?.token.accessToken === accessToken) cached = undefined;
  };

  const authorizedFetch = async (input: string | URL, init?: RequestInit): Promise<Response> => {
    const signal = init?.signal ?? undefined;
    const first = await getToken(signal === undefined ? {} : { signal });
    const response = await options.fetch(apiUrl(input, first.instanceUrl).href, withBearer(init, first.accessToken));
    if (!isReplayableBody(init?.body) || !(await isInvalidSession(response))) return response;
    invalidate(first.accessToken);
    const second = await getToken(signal === undefined ? {} : { signal });
    await response.body?.cancel().catch(() => {});
    return options.fetch(apiUrl(input, second.instanceUrl).href, withBearer(init, second.accessToken));
  };

  return { getToken, invalidate, fetch: authorizedFetch };
}
