import { TransportError } from '../errors.js';

/** Proxy settings, usually read by the caller from `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY`. */
export interface ProxySettings {
  readonly httpsProxy?: string | undefined;
  readonly httpProxy?: string | undefined;
  readonly noProxy?: string | undefined;
}

function defaultPort(protocol: string): string {
  return protocol === 'https:' ? '443' : '80';
}

/** Host without IPv6 brackets, lower-case. */
function bareHost(hostname: string): string {
  return hostname.replace(/^\[|\]$/g, '').toLowerCase();
}

/** Splits a NO_PROXY entry into host and optional port (`host:port`, `[::1]:8080`, `.example.com`). */
function parseEntry(entry: string): { host: string; port?: string } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed)
    return bracketed[2] === undefined ? { host: bracketed[1]! } : { host: bracketed[1]!, port: bracketed[2] };
  const hostPort = /^([^:]+):(\d+)$/.exec(entry);
  if (hostPort) return { host: hostPort[1]!, port: hostPort[2]! };
  return { host: entry };
}

/**
 * True when `NO_PROXY` exempts the URL. Semantics of curl and undici: comma- or space-separated entries,
 * case-insensitive; `*` exempts everything; `example.com` and `.example.com` both match `example.com` and any
 * subdomain; `host:port` matches only that port; IP literals match exactly (no CIDR ranges).
 */
export function isExemptFromProxy(url: URL, noProxy: string | undefined): boolean {
  if (noProxy === undefined) return false;
  const host = bareHost(url.hostname);
  const port = url.port === '' ? defaultPort(url.protocol) : url.port;
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    const parsed = parseEntry(entry);
    if (parsed.port !== undefined && parsed.port !== port) continue;
    const suffix = parsed.host.replace(/^\*?\./, '');
    if (suffix === '') continue;
    if (host === suffix || host.endsWith(`.${suffix}`)) return true;
  }
  return false;
}

function checkProxyUrl(proxy: string, variable: 'httpsProxy' | 'httpProxy'): string {
  let url: URL;
  try {
    // `proxy:3128` (no scheme) is common in the wild; curl reads it as http://.
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`);
  } catch (cause) {
    throw new TransportError('ERR_PROXY_INVALID', `The ${variable} setting is not a valid proxy URL.`, {
      fix: `Set ${variable} to http://host:port (or http://user:password@host:port).`,
      hint: { kind: 'proxy-url-invalid', setting: variable },
      cause,
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TransportError(
      'ERR_PROXY_INVALID',
      `The ${variable} setting uses ${url.protocol}; only http:// and https:// proxies are supported.`,
      {
        fix: `Set ${variable} to http://host:port; SOCKS proxies are not supported.`,
        hint: { kind: 'proxy-url-invalid', setting: variable, protocol: url.protocol },
        details: { protocol: url.protocol },
      },
    );
  }
  return url.href.replace(/\/$/, '');
}

/**
 * Decides which proxy, if any, a request to `url` goes through. Pure: the caller reads the environment.
 * HTTPS targets use `httpsProxy`, falling back to `httpProxy` (as jsforce and undici do); HTTP targets use
 * `httpProxy`. Loopback is not special-cased: list it in NO_PROXY to bypass the proxy.
 *
 * @returns the proxy URL (credentials included, never print it), or `undefined` for a direct connection
 * @throws TransportError `ERR_PROXY_INVALID` when the applicable proxy setting is not an http(s) URL
 * @example
 * ```ts
 * proxyForUrl('https://login.salesforce.com', { httpsProxy: 'http://proxy:3128', noProxy: '.internal' })
 * // → 'http://proxy:3128'
 * ```
 */
export function proxyForUrl(url: string, settings: ProxySettings): string | undefined {
  const target = new URL(url);
  const blank = (s: string | undefined): string | undefined =>
    s === undefined || s.trim() === '' ? undefined : s.trim();
  const https = blank(settings.httpsProxy);
  const http = blank(settings.httpProxy);
  const [proxy, variable] =
    target.protocol === 'https:'
      ? https !== undefined
        ? [https, 'httpsProxy' as const]
        : [http, 'httpProxy' as const]
      : [http, 'httpProxy' as const];
  if (proxy === undefined || isExemptFromProxy(target, settings.noProxy)) return undefined;
  return checkProxyUrl(proxy, variable);
}
