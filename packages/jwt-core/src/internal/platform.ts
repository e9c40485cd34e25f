import { TransportError } from '../errors.js';

/**
 * The platform's `fetch` and clock, read here and only here: the public entries of the token flow
 * (`createTokenClient`, `mintAccessToken`, `exchangeAssertion`, `exchangeWithFallback`) default to them, and hand the
 * resolved functions down as parameters, so nothing deeper reads a global (the lint rule allows this one file).
 */

/** `given`, or the runtime's `globalThis.fetch`; a runtime without one is a coded error, never a TypeError later. */
export function platformFetch<F>(given: F | undefined): F {
  if (given !== undefined) return given;
  const global = (globalThis as { fetch?: unknown }).fetch;
  if (typeof global === 'function') return global.bind(globalThis) as F;
  throw new TransportError('ERR_FETCH_UNAVAILABLE', 'This runtime has no global fetch, and no fetch was passed.', {
    fix: "Pass `fetch` (for example undici's `fetch`), or run on a runtime with a global fetch (Node ≥ 18).",
  });
}

/** `given`, or `Date.now`. */
export function platformNow(given: (() => number) | undefined): () => number {
  return given ?? (() => Date.now());
}
