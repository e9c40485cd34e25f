// POST /services/oauth2/token: reads the form (chunked or not) and dispatches on grant_type.
import { CATALOG } from '../errors-catalog.js';
import type { Ctx } from '../context.js';
import type { Exchange } from '../http/exchange.js';
import { jwtBearer, type TokenOutcome } from './token-jwt.js';
import { authorizationCode, refreshToken } from './token-code.js';

export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

const GRANTS: Record<string, (ctx: Ctx, ex: Exchange, params: URLSearchParams) => TokenOutcome> = {
  [JWT_BEARER_GRANT]: jwtBearer,
  authorization_code: authorizationCode,
  refresh_token: refreshToken,
};

export async function tokenRoute(ctx: Ctx, ex: Exchange): Promise<void> {
  if (ex.method !== 'POST') return ex.oauthError(CATALOG.mustUsePost);
  // A JSON or otherwise non-form body has no readable grant_type (reference §3.1).
  const params = (await ex.form()) ?? new URLSearchParams();
  const grantType = params.get('grant_type') ?? '';
  if (grantType !== '') ex.record.grantType = grantType;
  const grant = Object.hasOwn(GRANTS, grantType) ? GRANTS[grantType] : undefined;
  if (grant === undefined) return ex.oauthError(CATALOG.unsupportedGrantType);
  const outcome = grant(ctx, ex, params);
  if ('error' in outcome) return ex.oauthError(outcome.error);
  ex.json(200, outcome.body);
}
