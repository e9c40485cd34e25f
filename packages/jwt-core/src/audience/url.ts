import { UrlError } from '../errors.js';

/** What a URL is being used as; named in error messages. */
export type UrlRole = 'instance URL' | 'audience';

/** A login, instance or audience URL after the string-level checks. */
export interface ParsedLoginUrl {
  /** The parsed URL (lower-cased host, default port dropped). */
  readonly url: URL;
  /** Lower-case host name without a trailing dot. IPv6 literals keep their brackets (`[::1]`). */
  readonly hostname: string;
  /** `scheme://host[:port]`, no trailing slash: the normal form of every non-site URL (see normalize-url.ts). */
  readonly origin: string;
  /** True for `localhost`, `127.0.0.0/8` and `[::1]`: the only hosts allowed over plain http (for the emulator). */
  readonly loopback: boolean;
}

const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/** True for `localhost`, `127.0.0.0/8` and `[::1]` (a `URL`'s `hostname`): the only hosts allowed plain http. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOST.test(hostname.replace(/\.$/, ''));
}

// A bare host such as `login.salesforce.com`: `new URL` cannot parse it, and as an `aud` Salesforce rejects it with
// `audience is invalid`; so we ask for the scheme instead of guessing it.
const BARE_HOST = /^[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?(\/.*)?$/i;

/**
 * Parse a login/instance/audience URL and apply the rules every role shares: parsable, https (loopback may use
 * http), no credentials, no query or fragment, not a Lightning domain.
 *
 * @throws UrlError `ERR_URL_INVALID`, `ERR_URL_NOT_HTTPS`, `ERR_URL_HAS_CREDENTIALS`,
 *   `ERR_URL_HAS_QUERY_OR_FRAGMENT`, `ERR_URL_LIGHTNING`
 */
export function parseLoginUrl(input: string, role: UrlRole): ParsedLoginUrl {
  const raw = input.trim();
  if (raw === '') {
    throw new UrlError('ERR_URL_INVALID', `The ${role} is empty.`, {
      fix: 'Give a full URL such as https://yourdomain.my.salesforce.com.',
    });
  }
  let url: URL;
  try {
    // `host:port` would parse with "host" as the scheme; demand `scheme://` so that never happens.
    if (!raw.includes('://')) throw new TypeError('no scheme');
    url = new URL(raw);
  } catch {
    // No `cause`: URL parse failures are TypeErrors, and sf maps a TypeError anywhere in the chain to exit 10.
    const bare = BARE_HOST.test(raw);
    throw new UrlError(
      'ERR_URL_INVALID',
      `The ${role} "${withoutUserInfo(raw)}" is not a valid URL${bare ? ': the scheme is missing' : ''}.`,
      {
        fix: bare
          ? `Add the scheme: https://${raw}. Salesforce rejects an audience without https:// ("audience is invalid").`
          : 'Give a full URL such as https://yourdomain.my.salesforce.com.',
      },
    );
  }
  const parsed = describeUrl(url);
  const { hostname, loopback } = parsed;
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new UrlError(
      'ERR_URL_NOT_HTTPS',
      `The ${role} must use https, not ${url.protocol.replace(/:$/, '')}: ${redact(url)}.`,
      {
        fix: `Use https://${hostname === '' ? 'yourdomain.my.salesforce.com' : hostname}. Only loopback hosts (localhost, 127.0.0.1, [::1]) may use http, for a local emulator.`,
        details: { protocol: url.protocol },
      },
    );
  }
  if (hostname === '') {
    throw new UrlError('ERR_URL_INVALID', `The ${role} "${withoutUserInfo(raw)}" has no host.`, {
      fix: 'Give a full URL such as https://yourdomain.my.salesforce.com.',
    });
  }
  if (url.username !== '' || url.password !== '') {
    // Never echo the credentials back: they may be a real password.
    throw new UrlError('ERR_URL_HAS_CREDENTIALS', `The ${role} contains a user name or password: ${redact(url)}.`, {
      fix: `Remove the "user:password@" part: ${url.protocol}//${url.host}. The JWT bearer flow sends no password.`,
    });
  }
  if (url.search !== '' || url.hash !== '' || raw.includes('?') || raw.includes('#')) {
    throw new UrlError(
      'ERR_URL_HAS_QUERY_OR_FRAGMENT',
      `The ${role} has a query or fragment: ${withoutUserInfo(raw)}.`,
      {
        fix: `Give only the scheme and host: ${url.protocol}//${url.host}.`,
      },
    );
  }
  rejectLightning(hostname, role, url.protocol);
  return parsed;
}

/**
 * Parse a token host leniently: any http(s) URL, as the exchange needs it. Which hosts make sense for Salesforce is
 * {@link parseLoginUrl}'s call (through `resolveEndpoints`); a host the caller chose — an emulator, a site, a test
 * server — is used as given. User info, query and fragment are ignored.
 *
 * @throws UrlError `ERR_URL_INVALID`
 */
export function parseTokenHostUrl(input: string): ParsedLoginUrl {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    // No `cause`: the URL parser's TypeError carries the input, password included (and sf maps a TypeError to exit 10).
    throw new UrlError('ERR_URL_INVALID', `The token host "${withoutUserInfo(input)}" is not a URL.`, {
      fix: 'Give the login URL with its scheme, e.g. https://login.salesforce.com or https://acme.my.salesforce.com.',
    });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UrlError('ERR_URL_INVALID', `The token host "${withoutUserInfo(input)}" is not an http(s) URL.`, {
      fix: 'Give the login URL with https://, e.g. https://login.salesforce.com.',
    });
  }
  return describeUrl(url);
}

/** The host name (lower-case by `URL`, trailing dot dropped), loopback flag and origin of a parsed URL. */
function describeUrl(url: URL): ParsedLoginUrl {
  const hostname = url.hostname.replace(/\.$/, '');
  const port = url.port === '' ? '' : `:${url.port}`;
  return { url, hostname, origin: `${url.protocol}//${hostname}${port}`, loopback: LOOPBACK_HOST.test(hostname) };
}

// Lightning Experience hosts serve the UI, not OAuth: the CLI refuses them ("Invalid instance URL. It should NOT be a
// lightning domain."). Each family maps back to its My Domain login host.
const LIGHTNING: ReadonlyArray<readonly [suffix: string, myDomainSuffix: string]> = [
  ['.lightning.force.com', '.my.salesforce.com'],
  ['.lightning.force.mil', '.my.salesforce.mil'],
  ['.lightning.crmforce.mil', '.my.salesforce.mil'],
  ['.my-lightning.com', '.my-salesforce.com'],
];

function rejectLightning(hostname: string, role: UrlRole, protocol: string): void {
  for (const [suffix, myDomainSuffix] of LIGHTNING) {
    if (!hostname.endsWith(suffix)) continue;
    const myDomain = `${protocol}//${hostname.slice(0, -suffix.length)}${myDomainSuffix}`;
    throw new UrlError(
      'ERR_URL_LIGHTNING',
      `The ${role} ${protocol}//${hostname} is a Lightning domain, not a login host.`,
      {
        fix: `Use the My Domain URL instead: ${myDomain} (Setup → My Domain shows it).`,
        details: { myDomainUrl: myDomain },
      },
    );
  }
}

/** Text that failed to parse as a URL, for messages: any `user:password@` part taken out (it may be a real password). */
export function withoutUserInfo(text: string): string {
  // Whatever ends in `@` after the start, a slash, a space or a query separator: `//user:pass@host`, a second scheme's
  // (`https://x@https://user:pass@…`), `/user:pass@`, `a user:pass@`, `?user:pass@`.
  return text.replace(/(^|[/\s?#&=])[^/\s?#&=]*@/g, '$1');
}

/** The URL without user info, query or fragment, for messages. */
function redact(url: URL): string {
  // The path too: `https://a@https://user:pass@host` parses with the second user info in its path.
  return withoutUserInfo(`${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`);
}
