// The token endpoint's success body (reference §3.2), in Salesforce's field order.
import { createHmac } from 'node:crypto';
import type { App, Org, User } from '../config/model.js';
import { identityUrl, instanceUrl, type Ctx } from '../context.js';
import type { Session } from '../state.js';

export type TokenBody = Record<string, string>;

/**
 * `signature` = base64(HMAC-SHA256(consumer secret, id + issued_at)), which clients may use to check that `id` and
 * `issued_at` were not altered. No `expires_in`, and `refresh_token` only from flows that issue one (§3.2).
 */
export function tokenBody(
  ctx: Ctx,
  org: Org,
  user: User,
  app: App,
  session: Session,
  refreshToken?: string,
): TokenBody {
  const id = identityUrl(ctx, org, user);
  const issuedAt = String(session.issuedAt);
  const signature = createHmac('sha256', app.consumerSecret)
    .update(id + issuedAt)
    .digest('base64');
  return {
    access_token: session.accessToken,
    ...(refreshToken === undefined ? {} : { refresh_token: refreshToken }),
    signature,
    scope: session.scopes.join(' '),
    instance_url: instanceUrl(ctx, org),
    id,
    token_type: 'Bearer',
    issued_at: issuedAt,
  };
}

const REFRESH_SCOPES = new Set(['refresh_token', 'offline_access']);

export function grantsRefreshToken(scopes: readonly string[]): boolean {
  return scopes.some((s) => REFRESH_SCOPES.has(s));
}

/** Scopes of an access token: the approved ones without refresh_token/offline_access (no refresh token here). */
export function accessScopes(scopes: readonly string[]): string[] {
  return scopes.filter((s) => !REFRESH_SCOPES.has(s));
}
