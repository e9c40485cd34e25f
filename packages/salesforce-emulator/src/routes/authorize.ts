// GET /services/oauth2/authorize: the one-time user approval (reference §5.2), with the login page simulated: the
// user is `login_hint` / `username` from the query, else the config's defaultUser.
import type { App, User } from '../config/model.js';
import { findApp, findOrg, findUser } from '../config/model.js';
import { CATALOG, type CatalogEntry } from '../errors-catalog.js';
import { hostLabel, requestHost } from '../hosts.js';
import type { Ctx } from '../context.js';
import type { Exchange } from '../http/exchange.js';
import { isAdminApproved } from '../policy.js';
import { accessScopes, grantsRefreshToken, tokenBody } from './token-response.js';

// Salesforce shows errors it cannot redirect (unknown client, bad redirect_uri) as a page reading like a query string.
function errorPage(ex: Exchange, entry: CatalogEntry): void {
  ex.record.error = { error: entry.error, error_description: entry.description };
  ex.text(400, `error=${entry.error}&error_description=${encodeURIComponent(entry.description)}`);
}

function redirectError(
  ex: Exchange,
  redirectUri: string,
  error: string,
  description: string,
  state: string | null,
): void {
  ex.record.error = { error, error_description: description };
  const target = new URL(redirectUri);
  target.searchParams.set('error', error);
  target.searchParams.set('error_description', description);
  if (state !== null) target.searchParams.set('state', state);
  ex.redirect(target.toString());
}

export function authorizeRoute(ctx: Ctx, ex: Exchange): void {
  const q = ex.url.searchParams;
  ex.record.loginHost = hostLabel(requestHost(ctx.model, ex.req.headers.host), ctx.self);
  const app = findApp(ctx.model, q.get('client_id') ?? '');
  if (app === undefined) return errorPage(ex, CATALOG.invalidClientId);
  const redirectUri = q.get('redirect_uri') ?? '';
  if (redirectUri !== app.callbackUrl) return errorPage(ex, CATALOG.redirectUriMismatch);
  const state = q.get('state');
  const responseType = q.get('response_type') ?? '';
  if (responseType !== 'code' && responseType !== 'token') {
    return redirectError(ex, redirectUri, 'unsupported_response_type', 'response type not supported', state);
  }
  const scopes = requestedScopes(app, q.get('scope'));
  if (scopes === undefined)
    return redirectError(ex, redirectUri, 'invalid_scope', 'the requested scope is not allowed', state);
  const challenge = q.get('code_challenge') ?? undefined;
  if (responseType === 'code' && app.pkceRequired && challenge === undefined) {
    return redirectError(ex, redirectUri, 'invalid_request', 'missing required code challenge', state);
  }
  const user = loginUser(ctx, ex, app);
  if (user === undefined) return;
  ex.record.username = user.username;
  if (app.policy.type === 'admin-approved' && !isAdminApproved(app, user)) {
    return redirectError(ex, redirectUri, 'access_denied', CATALOG.notAdminApproved.description, state);
  }
  if (responseType === 'code') {
    const pending = ctx.state.addCode({
      username: user.username,
      consumerKey: app.consumerKey,
      redirectUri,
      scopes,
      codeChallenge: challenge,
      codeChallengeMethod: q.get('code_challenge_method') ?? undefined,
    });
    const target = new URL(redirectUri);
    target.searchParams.set('code', pending.code);
    if (state !== null) target.searchParams.set('state', state);
    return ex.redirect(target.toString());
  }
  // User-agent flow: tokens in the fragment; with refresh_token scope the approval counts at once (§5.2).
  const org = findOrg(ctx.model, user.org);
  if (org === undefined) return ex.text(500, 'emulator: user without org');
  const grant = grantsRefreshToken(scopes) ? ctx.state.addGrant(user, app, scopes) : undefined;
  const session = ctx.state.issueAccessToken(org, user, app, accessScopes(scopes), grant?.refreshToken);
  const fragment = new URLSearchParams(tokenBody(ctx, org, user, app, session, grant?.refreshToken));
  if (state !== null) fragment.set('state', state);
  ex.redirect(`${redirectUri}#${fragment.toString()}`);
}

/** The app's scopes when none are asked; otherwise the asked ones, which must all be the app's. */
function requestedScopes(app: App, scope: string | null): string[] | undefined {
  if (scope === null || scope.trim() === '') return [...app.scopes];
  const asked = scope.trim().split(/\s+/);
  const allowed = new Set(
    app.scopes.flatMap((s) =>
      s === 'refresh_token' || s === 'offline_access' ? ['refresh_token', 'offline_access'] : [s],
    ),
  );
  return asked.every((s) => allowed.has(s)) ? asked : undefined;
}

function loginUser(ctx: Ctx, ex: Exchange, app: App): User | undefined {
  const q = ex.url.searchParams;
  const name = q.get('login_hint') ?? q.get('username') ?? ctx.model.defaultUser;
  if (name === undefined) {
    ex.text(400, 'emulator: no user to log in as: pass login_hint=<username> or set "defaultUser" in the config');
    return undefined;
  }
  const user = findUser(ctx.model, name);
  if (user === undefined || user.org !== app.org || !user.active) {
    const why =
      user === undefined ? 'no such user' : !user.active ? 'user is inactive' : "user is not in the app's org";
    ex.text(400, `emulator: login as "${name}" failed: ${why}`);
    return undefined;
  }
  return user;
}
