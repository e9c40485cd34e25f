// grant_type=authorization_code (finishes the web-server pre-approval: only an exchanged code leaves an approval
// with a refresh token, reference §5.2) and grant_type=refresh_token.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { App } from '../config/model.js';
import { findApp, findOrg, findUser } from '../config/model.js';
import { CATALOG, type CatalogEntry } from '../errors-catalog.js';
import type { Ctx } from '../context.js';
import type { Exchange } from '../http/exchange.js';
import { accessScopes, grantsRefreshToken, tokenBody } from './token-response.js';
import type { TokenOutcome } from './token-jwt.js';

function clientError(app: App | undefined, params: URLSearchParams): CatalogEntry | undefined {
  if (app === undefined) return CATALOG.invalidClientId;
  const secret = params.get('client_secret');
  if (secret === null) return app.secretRequired ? CATALOG.invalidClientCredentials : undefined;
  return safeEqual(secret, app.consumerSecret) ? undefined : CATALOG.invalidClientCredentials;
}

export function authorizationCode(ctx: Ctx, ex: Exchange, params: URLSearchParams): TokenOutcome {
  const app = findApp(ctx.model, params.get('client_id') ?? '');
  const clientProblem = clientError(app, params);
  if (clientProblem !== undefined || app === undefined) return { error: clientProblem ?? CATALOG.invalidClientId };
  const pending = ctx.state.takeCode(params.get('code') ?? '');
  if (pending === undefined || (pending !== 'expired' && pending.consumerKey !== app.consumerKey)) {
    return { error: CATALOG.invalidAuthorizationCode };
  }
  if (pending === 'expired') return { error: CATALOG.expiredAuthorizationCode };
  if (params.get('redirect_uri') !== pending.redirectUri) return { error: CATALOG.redirectUriMismatch };
  if (pending.codeChallenge !== undefined) {
    const verifier = params.get('code_verifier') ?? '';
    const computed =
      pending.codeChallengeMethod === 'plain' ? verifier : createHash('sha256').update(verifier).digest('base64url');
    if (verifier === '' || computed !== pending.codeChallenge) return { error: CATALOG.invalidCodeVerifier };
  }
  const user = findUser(ctx.model, pending.username);
  const org = user === undefined ? undefined : findOrg(ctx.model, user.org);
  if (user === undefined || org === undefined) return { error: CATALOG.invalidAuthorizationCode };
  if (!user.active) return { error: CATALOG.inactiveUser };
  ex.record.username = user.username;
  // The approval is recorded here, not at /authorize: a code that is never exchanged leaves no refresh token.
  const grant = grantsRefreshToken(pending.scopes) ? ctx.state.addGrant(user, app, pending.scopes) : undefined;
  const session = ctx.state.issueAccessToken(org, user, app, accessScopes(pending.scopes), grant?.refreshToken);
  return { body: tokenBody(ctx, org, user, app, session, grant?.refreshToken) };
}

export function refreshToken(ctx: Ctx, ex: Exchange, params: URLSearchParams): TokenOutcome {
  const app = findApp(ctx.model, params.get('client_id') ?? '');
  const clientProblem = clientError(app, params);
  if (clientProblem !== undefined || app === undefined) return { error: clientProblem ?? CATALOG.invalidClientId };
  const grant = ctx.state.grants.get(params.get('refresh_token') ?? '');
  if (grant === undefined || grant.seeded || grant.consumerKey !== app.consumerKey)
    return { error: CATALOG.expiredRefreshToken };
  const user = findUser(ctx.model, grant.username);
  const org = user === undefined ? undefined : findOrg(ctx.model, user.org);
  if (user === undefined || org === undefined) return { error: CATALOG.expiredRefreshToken };
  if (!user.active) return { error: CATALOG.inactiveUser };
  ex.record.username = user.username;
  const session = ctx.state.issueAccessToken(org, user, app, accessScopes(grant.scopes), grant.refreshToken);
  return { body: tokenBody(ctx, org, user, app, session) };
}

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}
