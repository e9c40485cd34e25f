// GET /services/oauth2/userinfo (OpenID Connect) and GET /id/<orgId>/<userId> (identity service).
import { findOrg, findUser } from '../config/model.js';
import { identityUrl, instanceUrl, type Ctx } from '../context.js';
import type { Exchange } from '../http/exchange.js';
import { REST_ERRORS } from '../errors-catalog.js';
import { requireSession } from './rest.js';

function identityUrls(base: string, orgId: string, userId: string): Record<string, string> {
  const v = `${base}/services/data/v{version}`;
  return {
    enterprise: `${base}/services/Soap/c/{version}/${orgId.slice(0, 15)}`,
    metadata: `${base}/services/Soap/m/{version}/${orgId.slice(0, 15)}`,
    partner: `${base}/services/Soap/u/{version}/${orgId.slice(0, 15)}`,
    rest: `${v}/`,
    sobjects: `${v}/sobjects/`,
    search: `${v}/search/`,
    query: `${v}/query/`,
    recent: `${v}/recent/`,
    tooling_rest: `${v}/tooling/`,
    profile: `${base}/${userId}`,
    custom_domain: base,
  };
}

function sessionIdentity(ctx: Ctx, ex: Exchange) {
  const session = requireSession(ctx, ex);
  if (session === undefined) return undefined;
  const org = findOrg(ctx.model, session.orgId);
  const user = findUser(ctx.model, session.username);
  if (org === undefined || user === undefined) {
    ex.json(REST_ERRORS.notFound.status, REST_ERRORS.notFound.body);
    return undefined;
  }
  return { org, user };
}

export function userinfoRoute(ctx: Ctx, ex: Exchange): void {
  const who = sessionIdentity(ctx, ex);
  if (who === undefined) return;
  const { org, user } = who;
  ex.json(200, {
    sub: identityUrl(ctx, org, user),
    user_id: user.userId,
    organization_id: org.id,
    preferred_username: user.username,
    nickname: user.username.split('@')[0],
    name: user.displayName,
    email: user.email,
    email_verified: true,
    zoneinfo: 'GMT',
    active: user.active,
    user_type: 'STANDARD',
    language: 'en_US',
    locale: 'en_US',
    utcOffset: 0,
    urls: identityUrls(instanceUrl(ctx, org), org.id, user.userId),
    is_app_installed: true,
  });
}

export function identityRoute(ctx: Ctx, ex: Exchange): void {
  const who = sessionIdentity(ctx, ex);
  if (who === undefined) return;
  const { org, user } = who;
  const [, , orgId, userId] = ex.url.pathname.split('/');
  // The token only reads its own identity; other ids are not visible to it.
  if (orgId !== org.id || userId !== user.userId) return ex.json(403, [{ errorCode: 'FORBIDDEN', message: 'Bad_Id' }]);
  ex.json(200, {
    id: identityUrl(ctx, org, user),
    asserted_user: true,
    user_id: user.userId,
    organization_id: org.id,
    username: user.username,
    nick_name: user.username.split('@')[0],
    display_name: user.displayName,
    email: user.email,
    email_verified: true,
    status: { created_date: null, body: null },
    urls: identityUrls(instanceUrl(ctx, org), org.id, user.userId),
    active: user.active,
    user_type: 'STANDARD',
    language: 'en_US',
    locale: 'en_US',
    utcOffset: 0,
    last_modified_date: new Date(ctx.now()).toISOString().replace('Z', '+0000'),
    is_app_installed: true,
  });
}
