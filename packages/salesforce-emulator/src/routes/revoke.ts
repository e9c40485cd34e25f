// POST /services/oauth2/revoke (form `token=`), or GET ?token=: revokes an access token, or a refresh token with its
// sessions. 200 with an empty body on success, 400 otherwise (Mobile SDK guide, "Revoking OAuth Tokens").
import { CATALOG } from '../errors-catalog.js';
import type { Ctx } from '../context.js';
import type { Exchange } from '../http/exchange.js';

export async function revokeRoute(ctx: Ctx, ex: Exchange): Promise<void> {
  const params = ex.method === 'POST' ? ((await ex.form()) ?? new URLSearchParams()) : ex.url.searchParams;
  const token = params.get('token');
  if (token === null || token === '') return ex.oauthError(CATALOG.unsupportedTokenType);
  if (ctx.state.revoke(token) === undefined) return ex.oauthError(CATALOG.invalidToken);
  ex.send(200, undefined, '');
}
