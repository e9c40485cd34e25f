/** Longest server-requested wait (Retry-After) we honour; a longer one means "not now", so fail and say so. */
export const MAX_RETRY_AFTER_MS = 5_000;

/**
 * Delay before retry number `retry` (0-based): exponential with "equal jitter" — half fixed, half random — so
 * that many CI jobs failing together do not retry in lockstep, yet the wait never collapses to zero.
 *
 * @param retry - 0 for the first retry, 1 for the second, …
 * @param baseMs - delay of the first retry before jitter
 * @param random - a uniform [0, 1) source (injected so tests are exact)
 * @param retryAfterMs - the server's `Retry-After`, when it sent one
 */
export function backoffDelay(retry: number, baseMs: number, random: () => number, retryAfterMs?: number): number {
  const exponential = baseMs * 2 ** retry;
  const jittered = exponential / 2 + (exponential / 2) * random();
  const floor = retryAfterMs === undefined ? 0 : Math.min(retryAfterMs, MAX_RETRY_AFTER_MS);
  return Math.round(Math.max(jittered, floor));
}

/** `Retry-After` in delta-seconds form, as milliseconds (the HTTP-date form would need a clock; ignored). */
export function parseRetryAfter(value: string | null): number | undefined {
  if (value === null || !/^\s*\d+\s*$/.test(value)) return undefined;
  return Number(value.trim()) * 1000;
}
