// The host model: one emulator URL plays several Salesforce login hosts (see README "Host model").
//
// A request's *login host* comes from its Host header: `login.salesforce.com`, `test.salesforce.com` or an org's
// My Domain name select that host; anything else (normally 127.0.0.1:PORT) is the host the emulator's `role` plays.
// An `aud` is mapped the same way: `https://login.salesforce.com`, `https://test.salesforce.com`,
// `https://<myDomain>`, or the emulator's own origin (which again means the role's host).
import type { Model, Org } from './config/model.js';

export type LoginHost = { kind: 'login' } | { kind: 'test' } | { kind: 'mydomain'; org: Org };

export const LOGIN_HOST = 'login.salesforce.com';
export const TEST_HOST = 'test.salesforce.com';

/** Where the emulator is reached: its origin and every `host:port` that means "the emulator itself". */
export interface SelfAddress {
  origin: string;
  scheme: 'http' | 'https';
  hosts: ReadonlySet<string>;
}

export function selfAddress(scheme: 'http' | 'https', bindHost: string, port: number): SelfAddress {
  const hosts = new Set([
    `127.0.0.1:${port}`,
    `localhost:${port}`,
    `[::1]:${port}`,
    `${bindHost.toLowerCase()}:${port}`,
  ]);
  const shown =
    bindHost === '0.0.0.0' || bindHost === '::' ? '127.0.0.1' : bindHost.includes(':') ? `[${bindHost}]` : bindHost;
  hosts.add(`${shown.toLowerCase()}:${port}`);
  return { origin: `${scheme}://${shown}:${port}`, scheme, hosts };
}

/** The login host the emulator URL itself plays. */
export function roleHost(model: Model): LoginHost {
  if (model.role === 'login') return { kind: 'login' };
  if (model.role === 'test') return { kind: 'test' };
  return { kind: 'mydomain', org: model.defaultOrg };
}

function namedHost(model: Model, name: string): LoginHost | undefined {
  if (name === LOGIN_HOST) return { kind: 'login' };
  if (name === TEST_HOST) return { kind: 'test' };
  const org = model.orgs.find((o) => o.myDomain === name);
  return org === undefined ? undefined : { kind: 'mydomain', org };
}

/** The login host a request was sent to, from its Host header. */
export function requestHost(model: Model, hostHeader: string | undefined): LoginHost {
  const name = (hostHeader ?? '').toLowerCase().replace(/:\d+$/, '');
  return namedHost(model, name) ?? roleHost(model);
}

export type AudienceMatch = { ok: true; host: LoginHost } | { ok: false; reason: string };

/**
 * Maps an `aud` claim to the login host it names, by the audience rule — jwt-core's `validate` states and applies
 * the same one:
 * - `aud` is ONE string. An array, even of one element, is refused: Salesforce documents a single URL and RFC 7523
 *   compares a single string.
 * - It is `https://host`: the scheme is required (a bare host gets "audience is invalid"); http only for the
 *   emulator's own (loopback) origin; no user info, query or fragment.
 * - No path: the documented audiences (login, test, My Domain) are scheme + host. No port other than the scheme's
 *   default, except the emulator's own.
 * - Tolerated: one trailing slash (the official CLI sends `https://host/` and its logins work); policy `reject`
 *   compares exactly instead.
 * - Equal: upper-case scheme or host and an explicit default port (`:443`) — the same origin.
 */
export function audienceHost(model: Model, self: SelfAddress, aud: unknown): AudienceMatch {
  if (typeof aud !== 'string')
    return { ok: false, reason: Array.isArray(aud) ? 'aud is an array, not one string' : 'aud is not a string' };
  const match = /^(https?):\/\/([^/?#@\s]+)(\/?)$/i.exec(aud);
  if (match === null) return { ok: false, reason: 'aud is not scheme://host (scheme required, no path)' };
  const [, scheme = '', authority = '', slash = ''] = match;
  if (slash === '/' && model.audiencePolicy.trailingSlash === 'reject')
    return { ok: false, reason: 'aud has a trailing slash' };
  const lowerScheme = scheme.toLowerCase();
  const lowerAuthority = authority.toLowerCase();
  if (lowerScheme === self.scheme && self.hosts.has(lowerAuthority)) return { ok: true, host: roleHost(model) };
  if (lowerScheme !== 'https') return { ok: false, reason: 'aud must use https' };
  const host = namedHost(model, lowerAuthority.replace(/:443$/, ''));
  return host === undefined
    ? { ok: false, reason: `aud names no known login host (${lowerAuthority})` }
    : { ok: true, host };
}

/** A label for stats and logs: `login.salesforce.com`, `test.salesforce.com`, `acme.my.salesforce.com`. */
export function hostLabel(host: LoginHost, self: SelfAddress): string {
  if (host.kind === 'login') return LOGIN_HOST;
  if (host.kind === 'test') return TEST_HOST;
  return host.org.myDomain ?? `${self.origin} (My Domain of ${host.org.id})`;
}

export function sameHost(a: LoginHost, b: LoginHost): boolean {
  return a.kind === b.kind && (a.kind !== 'mydomain' || (b.kind === 'mydomain' && a.org.id === b.org.id));
}
