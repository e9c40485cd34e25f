import { AssertionFormatError } from '../errors.js';

/** Path of Salesforce's OAuth token endpoint, relative to a login, My Domain or site URL. */
export const TOKEN_PATH = '/services/oauth2/token';

// RFC 7523 §2.1: the exact grant type URN, form-encoded. A misspelt one gives `unsupported_grant_type`.
const GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** The token endpoint URL for a token host in normal form (see `normalizeTokenHost`). */
export function tokenEndpoint(tokenHost: string): string {
  return `${tokenHost}${TOKEN_PATH}`;
}

/**
 * The form body of a JWT bearer token request: `grant_type` and `assertion`, nothing else —
 * no `client_id`, no secret, and never `scope` (Salesforce answers `scope parameter not supported`).
 */
export function tokenRequestBody(assertion: string): string {
  const trimmed = assertion.trim();
  if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(trimmed)) {
    // Never echo the value: it may be a private key pasted in the wrong place, or a live assertion.
    throw new AssertionFormatError(
      'ERR_ASSERTION_MALFORMED',
      'The assertion is not a compact JWS (header.claims.signature).',
      {
        fix: 'Sign the claims first (createAssertion or signAssertion) and pass the compact JWS it returns, not a key or a JSON document.',
        hint: { kind: 'assertion-expected' },
      },
    );
  }
  return `grant_type=${encodeURIComponent(GRANT_TYPE)}&assertion=${encodeURIComponent(trimmed)}`;
}
