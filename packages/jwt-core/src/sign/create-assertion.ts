import type { KeyObject } from 'node:crypto';
import { buildClaims, type BuildClaimsOptions } from '../claims/build-claims.js';
import type { AssertionClaims, ClaimWarning } from '../claims/types.js';
import { ASSERTION_HEADER, signAssertion } from './sign-assertion.js';

/** Input of {@link createAssertion}: the claim options plus the signing key. */
export interface CreateAssertionOptions extends BuildClaimsOptions {
  /** Private RSA key (≥ 2048 bits), parsed once by the caller. */
  readonly key: KeyObject;
}

/** A signed assertion with its decoded parts and any warnings about its claims. */
export interface CreatedAssertion {
  /** The compact JWS to send as `assertion`. A credential until `claims.exp`. */
  readonly assertion: string;
  readonly header: typeof ASSERTION_HEADER;
  readonly claims: AssertionClaims;
  readonly warnings: readonly ClaimWarning[];
}

/**
 * Build and sign an assertion in one call: {@link buildClaims} then {@link signAssertion}.
 *
 * @throws ClaimError, UrlError or KeyError as those two functions do
 * @example
 * ```ts
 * const { assertion } = createAssertion({
 *   clientId: '3MVG9…',
 *   username: 'ci@acme.com',
 *   audience: resolveEndpoints({ instanceUrl }).audience,
 *   now: Date.now,
 *   key: loadPrivateKey(pem).keyObject,
 * })
 * ```
 */
export function createAssertion(options: CreateAssertionOptions): CreatedAssertion {
  const { claims, warnings } = buildClaims(options);
  return { assertion: signAssertion(claims, options.key), header: ASSERTION_HEADER, claims, warnings };
}
