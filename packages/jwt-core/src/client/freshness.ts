/**
 * Default lifetime of a cached access token. Salesforce's token answer has no `expires_in`; a session ends after the
 * org's session timeout (15 minutes at the shortest setting) of inactivity, so ten minutes stays well inside it even
 * for an idle integration user.
 *
 * @example
 * ```ts
 * // An org whose sessions last longer can keep tokens longer; never longer than its session timeout.
 * const client = createTokenClient({ ...options, ttlMs: 4 * DEFAULT_TOKEN_TTL_MS })
 * ```
 */
export const DEFAULT_TOKEN_TTL_MS = 10 * 60_000;

/**
 * Longest head start of an early re-mint: a cached token is renewed in its last 10 % of life, at most 60 s.
 *
 * @example
 * ```ts
 * // With the default TTL the background re-mint starts 9 minutes after the token was requested.
 * const renewAfterMs = DEFAULT_TOKEN_TTL_MS - MAX_REFRESH_AHEAD_MS
 * ```
 */
export const MAX_REFRESH_AHEAD_MS = 60_000;

/** How long before the end of its TTL a cached token is renewed (in the background, while still served). */
export function refreshAheadMs(ttlMs: number): number {
  return Math.min(MAX_REFRESH_AHEAD_MS, ttlMs / 10);
}

/** When a cached token stops being served (`expiresAt`) and when its renewal starts (`refreshAt`), epoch ms. */
export interface Freshness {
  readonly refreshAt: number;
  readonly expiresAt: number;
}

/** The freshness of a token whose request started at `mintedAt` (the token is at least that recent). */
export function freshnessOf(mintedAt: number, ttlMs: number): Freshness {
  const expiresAt = mintedAt + ttlMs;
  return { expiresAt, refreshAt: expiresAt - refreshAheadMs(ttlMs) };
}
