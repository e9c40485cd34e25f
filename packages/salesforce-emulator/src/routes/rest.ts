// The REST basics the sf CLI touches: /services/data (versions), /services/data/vNN.N (resources), the session
// check that answers 401 INVALID_SESSION_ID (which drives the CLI's refresh, sf-cli-behaviour.md §5–6).
import type { Ctx } from '../context.js';
import type { Exchange } from '../http/exchange.js';
import type { Session } from '../state.js';
import { REST_ERRORS } from '../errors-catalog.js';

/** The session for the request's bearer token, or undefined after answering 401. */
export function requireSession(ctx: Ctx, ex: Exchange): Session | undefined {
  const token = ex.bearerToken() ?? ex.url.searchParams.get('oauth_token') ?? undefined;
  const session = token === undefined ? undefined : ctx.state.session(token);
  if (session === undefined) {
    ex.json(REST_ERRORS.invalidSession.status, REST_ERRORS.invalidSession.body);
    return undefined;
  }
  ex.record.username = session.username;
  ctx.state.countApiRequest(session.orgId);
  return session;
}

/** Release name of an API version: v20.0 was Winter '11, three releases a year (v67.0 = Summer '26). */
export function releaseLabel(major: number): string {
  const season = ['Winter', 'Spring', 'Summer'][(major - 20) % 3] ?? 'Winter';
  const year = 11 + Math.floor((major - 20) / 3);
  return `${season} '${String(year).padStart(2, '0')}`;
}

/** GET /services/data: public, lists every version up to the configured one. */
export function versionsRoute(ctx: Ctx, ex: Exchange): void {
  const list = [];
  for (let major = 20; major <= ctx.model.apiVersion; major++) {
    list.push({ label: releaseLabel(major), url: `/services/data/v${major}.0`, version: `${major}.0` });
  }
  ex.json(200, list);
}

/** A served version's major number, or undefined after answering 404 (unknown versions do not exist). */
export function servedVersion(ctx: Ctx, ex: Exchange, version: string | undefined): number | undefined {
  const match = /^(\d+)\.0$/.exec(version ?? '');
  const major = match === null ? NaN : Number(match[1]);
  if (!(major >= 20 && major <= ctx.model.apiVersion)) {
    ex.json(REST_ERRORS.notFound.status, REST_ERRORS.notFound.body);
    return undefined;
  }
  return major;
}

const RESOURCES = [
  'tooling',
  'metadata',
  'eclair',
  'folders',
  'chatter',
  'tabs',
  'appMenu',
  'quickActions',
  'queryAll',
  'search',
  'composite',
  'parameterizedSearch',
  'recent',
  'connect',
  'limits',
  'query',
  'sobjects',
  'actions',
  'support',
];

/** GET /services/data/vNN.N: the resource map (`sf org display` uses it as its "Connected" check). */
export function resourcesRoute(ctx: Ctx, ex: Exchange, version: string | undefined): void {
  const session = requireSession(ctx, ex);
  if (session === undefined || servedVersion(ctx, ex, version) === undefined) return;
  const base = `/services/data/v${version ?? ''}`;
  const map: Record<string, string> = {};
  for (const name of RESOURCES) map[name] = `${base}/${name}`;
  map.identity = `${ctx.self.origin}/id/${session.orgId}/${session.userId}`;
  ex.json(200, map);
}

/** Anything else: 401 without a valid session, else 404 NOT_FOUND. */
export function otherRoute(ctx: Ctx, ex: Exchange): void {
  if (ex.url.pathname.startsWith('/services/') && requireSession(ctx, ex) === undefined) return;
  ex.json(REST_ERRORS.notFound.status, REST_ERRORS.notFound.body);
}
