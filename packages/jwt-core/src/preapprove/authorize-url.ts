import { normalizeLoginUrl } from '../audience/normalize-url.js';
import { LOGIN_URL } from '../audience/resolve.js';
import { checkClientId } from '../claims/client-id.js';
import type { ClaimWarning } from '../claims/types.js';
import { UrlError } from '../errors.js';

/**
 * Default `redirect_uri`: the callback the Salesforce CLI guide registers on JWT apps, which is
 * also what most apps made for `sf org login jwt` carry. Salesforce compares it exactly with the app's Callback URL
 * before showing the approval page, so a different callback must be passed explicitly.
 */
export const DEFAULT_REDIRECT_URI = 'http://localhost:1717/OauthRedirect';

/** Default scopes: `refresh_token` is what makes the approval count for the JWT flow. */
export const DEFAULT_SCOPE = 'api refresh_token';

/** Options of {@link buildAuthorizeUrl}. */
export interface AuthorizeUrlOptions {
  /** Consumer key of the app. */
  readonly clientId: string;
  /** Login, test, My Domain or site URL; default https://login.salesforce.com. */
  readonly loginUrl?: string | undefined;
  /** Must equal one of the app's Callback URLs. Default {@link DEFAULT_REDIRECT_URI}. */
  readonly redirectUri?: string | undefined;
  /** `token` (user-agent flow, counts at once) or `code` (counts only once the code is exchanged). Default `token`. */
  readonly responseType?: 'token' | 'code' | undefined;
  /** Space-separated scopes. Default {@link DEFAULT_SCOPE}. */
  readonly scope?: string | undefined;
  /** Opaque value echoed back in the redirect. */
  readonly state?: string | undefined;
  /** Pre-fills the login page with this username, so the approval is recorded for the right user. */
  readonly username?: string | undefined;
  /**
   * `prompt` values; default `login consent`: force a fresh login (an admin's open session would otherwise approve
   * the app for the admin, not for the integration user) and always show the approval page.
   */
  readonly prompt?: string | undefined;
}

/** A built authorize URL and what to tell the user about it. */
export interface AuthorizeUrl {
  readonly url: string;
  readonly host: string;
  readonly responseType: 'token' | 'code';
  readonly redirectUri: string;
  readonly scope: string;
  /** True when this approval, once given, lets the JWT flow issue tokens for the user. */
  readonly countsForJwt: boolean;
  /** Plain sentences (client id shape, missing refresh_token, code needing an exchange). */
  readonly warnings: readonly string[];
}

const UNSAFE_REDIRECT_SCHEMES: ReadonlySet<string> = new Set([
  'javascript',
  'vbscript',
  'data',
  'file',
  'blob',
  'filesystem',
  'about',
  'view-source',
]);

function checkRedirectUri(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new UrlError('ERR_URL_INVALID', `The redirect URI "${value}" is not an absolute URL.`, {
      fix: "Give one of the app's Callback URLs exactly as registered, e.g. http://localhost:1717/OauthRedirect.",
    });
  }
  // Callback URLs may use custom schemes (mobile apps: com.example.app:/callback), so only schemes that run script or
  // read local content are refused: a link built with them is an attack, never an app's callback.
  const scheme = url.protocol.slice(0, -1);
  if (UNSAFE_REDIRECT_SCHEMES.has(scheme)) {
    throw new UrlError(
      'ERR_URL_REDIRECT_SCHEME',
      `The redirect URI uses the ${scheme}: scheme, which is never an app's Callback URL.`,
      {
        fix: "Give one of the app's Callback URLs exactly as registered (https://…, http://localhost…, or the app's own scheme), e.g. http://localhost:1717/OauthRedirect.",
      },
    );
  }
  if (url.hash !== '') {
    throw new UrlError('ERR_URL_HAS_QUERY_OR_FRAGMENT', `The redirect URI "${value}" has a fragment.`, {
      fix: "Give the app's Callback URL without #…; Salesforce appends the token there itself.",
    });
  }
  return value.trim();
}

const enc = encodeURIComponent;

/**
 * Builds the `/services/oauth2/authorize` URL a user opens once to approve the app. Parameters are
 * percent-encoded (spaces as `%20`, which every OAuth server reads the same way).
 *
 * @throws ClaimError `ERR_CLAIM_CLIENT_ID` for a malformed consumer key; UrlError for a bad login URL or redirect URI
 *   (`ERR_URL_REDIRECT_SCHEME` for javascript:, data:, file: and other script or local-content schemes)
 * @example
 * ```ts
 * buildAuthorizeUrl({ clientId: '3MVG9…', loginUrl: 'https://acme.my.salesforce.com', username: 'ci@acme.com' }).url
 * // https://acme.my.salesforce.com/services/oauth2/authorize?response_type=token&client_id=3MVG9…&redirect_uri=…
 * ```
 */
export function buildAuthorizeUrl(options: AuthorizeUrlOptions): AuthorizeUrl {
  const claimWarnings: ClaimWarning[] = [];
  const clientId = checkClientId(options.clientId, claimWarnings);
  const host = normalizeLoginUrl(options.loginUrl ?? LOGIN_URL);
  const redirectUri = checkRedirectUri(options.redirectUri ?? DEFAULT_REDIRECT_URI);
  const responseType = options.responseType ?? 'token';
  const scope = (options.scope ?? DEFAULT_SCOPE).trim().split(/\s+/).join(' ');
  const prompt = options.prompt ?? 'login consent';
  const params: [string, string | undefined][] = [
    ['response_type', responseType],
    ['client_id', clientId],
    ['redirect_uri', redirectUri],
    ['scope', scope === '' ? undefined : scope],
    ['prompt', prompt === '' ? undefined : prompt],
    ['login_hint', options.username?.trim()],
    ['state', options.state],
  ];
  const query = params
    .filter((p): p is [string, string] => p[1] !== undefined)
    .map(([k, v]) => `${k}=${enc(v)}`)
    .join('&');

  const warnings = claimWarnings.map((w) => w.message);
  const refresh = /(^| )(refresh_token|offline_access)( |$)/.test(scope);
  if (!refresh) {
    warnings.push(
      'The scope lacks refresh_token (or offline_access): Salesforce issues no refresh token, so this approval will NOT count for the JWT flow.',
    );
  }
  if (responseType === 'code') {
    warnings.push(
      'response_type=code counts only once the code is exchanged at the token endpoint (with the consumer secret, and PKCE if the app requires it); an unexchanged code leaves no approval. Prefer response_type=token.',
    );
  }
  return {
    url: `${host}/services/oauth2/authorize?${query}`,
    host,
    responseType,
    redirectUri,
    scope,
    countsForJwt: refresh && responseType === 'token',
    warnings,
  };
}
