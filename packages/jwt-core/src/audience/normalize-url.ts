/**
 * jwt-core's one URL normal form, used for every login, instance, audience and token-host URL:
 *
 * - `scheme://host[:port]`, no trailing slash: `URL` lower-cases scheme and host and drops a default port; a trailing
 *   dot on the host is dropped too.
 * - The path is dropped — except on Experience Cloud sites and custom domains, which keep the site's path prefix
 *   (everything before a `/s/`, `/services/`, `/secur/`, `/apex/` or `/login` segment): `https://acme.my.site.com/partners`.
 *
 * What is *accepted* before normalizing depends on what the URL is for:
 * - {@link normalizeLoginUrl} — a URL the user gives as login/instance URL or `aud`: https only (http for loopback
 *   hosts), no user info, query or fragment, not a Lightning domain.
 * - {@link normalizeTokenHost} — where the exchange POSTs: any http(s) URL; user info, query and fragment are ignored.
 */
import { UrlError } from '../errors.js';
import { classifyHost } from './families.js';
import { parseLoginUrl, parseTokenHostUrl, withoutUserInfo, type UrlRole } from './url.js';

/**
 * Normalize a login, instance or audience URL, checking it by Salesforce's rules first (see the module notes).
 *
 * @throws UrlError `ERR_URL_INVALID`, `ERR_URL_NOT_HTTPS`, `ERR_URL_HAS_CREDENTIALS`, `ERR_URL_HAS_QUERY_OR_FRAGMENT`,
 *   `ERR_URL_LIGHTNING`
 * @example
 * ```ts
 * normalizeLoginUrl('https://ACME.my.salesforce.com/') // 'https://acme.my.salesforce.com'
 * normalizeLoginUrl('https://acme.my.site.com/partners/s/login') // 'https://acme.my.site.com/partners'
 * ```
 */
export function normalizeLoginUrl(input: string, role: UrlRole = 'instance URL'): string {
  return classifyHost(parseLoginUrl(input, role)).base;
}

/**
 * Normalize an `aud` the caller chose, by the audience rule: scheme + host (a site URL keeps its path prefix), so a
 * path is refused rather than silently dropped — the assertion would otherwise carry another aud than the one asked
 * for. One trailing slash is fine: it is removed, as Salesforce tolerates it.
 *
 * @throws UrlError `ERR_URL_AUDIENCE_HAS_PATH`, and the codes of {@link normalizeLoginUrl}
 * @example
 * ```ts
 * normalizeAudience('https://login.salesforce.com/') // 'https://login.salesforce.com'
 * normalizeAudience('https://login.salesforce.com/services/oauth2/token') // throws ERR_URL_AUDIENCE_HAS_PATH
 * ```
 */
export function normalizeAudience(input: string): string {
  const parsed = parseLoginUrl(input, 'audience');
  const { base } = classifyHost(parsed);
  const withoutSlash = (path: string): string => path.replace(/\/$/, '');
  const given = withoutSlash(parsed.url.pathname);
  if (given !== withoutSlash(new URL(base).pathname)) {
    throw new UrlError(
      'ERR_URL_AUDIENCE_HAS_PATH',
      `The audience ${withoutUserInfo(input.trim())} has a path (${withoutUserInfo(given)}); an audience is scheme + host only (or an Experience Cloud site's URL).`,
      {
        fix: `Use ${withoutUserInfo(base)} as the audience.`,
      },
    );
  }
  return base;
}

/**
 * Normalize a token host: the same normal form as {@link normalizeLoginUrl}, accepting any http(s) URL (the exchange
 * is transport; `resolveEndpoints` does the Salesforce-specific validation).
 *
 * @throws UrlError `ERR_URL_INVALID` when the value is not an http(s) URL
 * @example
 * ```ts
 * normalizeTokenHost('https://acme.my.salesforce.com/') // 'https://acme.my.salesforce.com'
 * normalizeTokenHost('http://127.0.0.1:6109') // 'http://127.0.0.1:6109'
 * ```
 */
export function normalizeTokenHost(host: string): string {
  return classifyHost(parseTokenHostUrl(host)).base;
}
