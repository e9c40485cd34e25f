import { AssertionFormatError, UrlError } from '../errors.js';

/** Path of Salesforce's OAuth token endpoint, relative to a login, My Domain or site URL. */
export const TOKEN_PATH = '/services/oauth2/token';

// reference §3.1: the exact grant type URN, form-encoded. A misspelt one gives `unsupported_grant_type`.
const GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/**
 * Normalises a token host to scheme + host (+ site path for Experience Cloud sites), no trailing slash.
 * Only checks what the exchange needs; {@link resolveEndpoints} does the Salesforce-specific validation.
 */
export function normaliseTokenHost(host: string): string {
  let url: URL;
  try {
    url = new URL(host.trim());
  } catch (cause) {
    throw new UrlError('ERR_URL_INVALID', `The token host "${host}" is not a URL.`, {
      fix: 'Give the login URL with its scheme, e.g. https://login.salesforce.com or https://acme.my.salesforce.com.',
      cause,
    });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UrlError('ERR_URL_INVALID', `The token host "${host}" is not an http(s) URL.`, {
      fix: 'Give the login URL with https://, e.g. https://login.salesforce.com.',
    });
  }
  // Sites keep their path prefix (`https://acme.my.site.com/partners`); everything else is scheme + host.
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.protocol}//${url.host}${path}`;
}

/** The token endpoint URL for a (normalised) token host. */
export function tokenEndpoint(tokenHost: string): string {
  return `${tokenHost}${TOKEN_PATH}`;
}

/**
 * The form body of a JWT bearer token request (reference §3.1): `grant_type` and `assertion`, nothing else —
 * no `client_id`, no secret, and never `scope` (Salesforce answers `scope parameter not supported`).
 */
export function tokenRequestBody(assertion: string): string {
  const trimmed = assertion.trim();
  if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(trimmed)) {
    // Never echo the value: it may be a private key pasted in the wrong place, or a live assertion.
    throw new AssertionFormatError('ERR_ASSERTION_MALFORMED', 'The assertion is not a compact JWS (header.claims.signature).', {
      fix: 'Sign the claims first (sf jwt assert) and pass the resulting token, not a key or a JSON document.',
    });
  }
  return `grant_type=${encodeURIComponent(GRANT_TYPE)}&assertion=${encodeURIComponent(trimmed)}`;
}
