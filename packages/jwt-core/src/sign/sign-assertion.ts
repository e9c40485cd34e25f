import { sign, type KeyObject } from 'node:crypto';
import type { BuiltClaims } from '../claims/build-claims.js';
import type { AssertionClaims } from '../claims/types.js';
import { privateKeyInfo } from '../keys/private-key-info.js';

/** The protected header of every assertion: RS256, the only algorithm Salesforce documents. */
export const ASSERTION_HEADER = Object.freeze({ alg: 'RS256', typ: 'JWT' } as const);

// The header never changes, so its encoded form is computed once: `eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9`.
const ENCODED_HEADER = Buffer.from(JSON.stringify(ASSERTION_HEADER)).toString('base64url');

// Keys already checked to be private RSA ≥ 2048 bits: the check runs once per KeyObject, not once per signature.
const checkedKeys = new WeakSet<KeyObject>();

/**
 * Sign claims into a compact JWS: `base64url(header).base64url(claims).base64url(signature)`, unpadded, with
 * RSASSA-PKCS1-v1_5 over SHA-256 (RS256, RFC 7518 §3.3). This is the hot path: parse the key once
 * (`loadPrivateKey`) and reuse the `KeyObject`; the header bytes are precomputed.
 *
 * @param claims - the claims, or what `buildClaims` returns (its `claims` are signed); serialised as given
 * @param key - a private RSA key of at least 2048 bits
 * @returns the compact assertion
 * @throws KeyError `ERR_KEY_IS_PUBLIC_KEY`, `ERR_KEY_NOT_RSA`, `ERR_KEY_TOO_SMALL`, `ERR_KEY_INVALID`
 * @example
 * ```ts
 * const { keyObject } = loadPrivateKey(pem)
 * const assertion = signAssertion(claims, keyObject) // 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3Mi…'
 * const fresh = signAssertion(buildClaims({ clientId, username, audience: LOGIN_URL, now: Date.now }), keyObject)
 * ```
 */
export function signAssertion(input: AssertionClaims | BuiltClaims, key: KeyObject): string {
  const claims = isBuiltClaims(input) ? input.claims : input;
  if (!checkedKeys.has(key)) {
    privateKeyInfo(key);
    checkedKeys.add(key);
  }
  const signingInput = `${ENCODED_HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  const signature = sign('sha256', Buffer.from(signingInput), key);
  return `${signingInput}.${signature.toString('base64url')}`;
}

/** `buildClaims`' result rather than bare claims: it has `claims` and `warnings`, which are never claim names here. */
function isBuiltClaims(input: AssertionClaims | BuiltClaims): input is BuiltClaims {
  return 'claims' in input && 'warnings' in input && typeof input.claims === 'object' && input.claims !== null;
}
