import type { MintedToken, TokenClient } from '@sfjwt/jwt-core';
import type { Connection, ConnectionConfig, Schema, TokenResponse } from 'jsforce';

/**
 * Options of {@link jsforceConnectionConfig}: jsforce's own connection options, less those the token client owns
 * (the session, its URL and its refresh).
 */
export type JsforceConnectionOptions<S extends Schema = Schema> = Omit<
  ConnectionConfig<S>,
  'accessToken' | 'instanceUrl' | 'refreshFn' | 'refreshToken' | 'sessionId' | 'serverUrl' | 'oauth2' | 'loginUrl'
>;

/**
 * The options of a jsforce `Connection` whose session comes from `client`: `new Connection(await
 * jsforceConnectionConfig(salesforce))`. Gets a token first (rejects as `getToken()` does). When jsforce meets an
 * expired or revoked session (401 `INVALID_SESSION_ID`), it asks the client: the dead token is invalidated (only if it
 * is still the cached one, in this process and in a shared cache) and the next token is taken from the client, so
 * every connection, in every process sharing the cache, refreshes with one new login between them. The connection
 * follows the token's instance URL: a token is only ever sent to its own instance.
 *
 * @example
 * ```ts
 * const conn = new Connection(await jsforceConnectionConfig(salesforce, { version: '62.0' }))
 * const { totalSize } = await conn.query('SELECT Id FROM Account LIMIT 1')
 * ```
 */
export async function jsforceConnectionConfig<S extends Schema = Schema>(
  client: TokenClient,
  options: JsforceConnectionOptions<S> = {},
): Promise<ConnectionConfig<S>> {
  const token = await client.getToken();
  return {
    ...options,
    instanceUrl: token.instanceUrl,
    accessToken: token.accessToken,
    refreshFn: (conn, callback) => {
      refreshedToken(client, conn).then(
        (fresh) => {
          callback(null, fresh.access_token, fresh);
        },
        (error: unknown) => {
          callback(error instanceof Error ? error : new Error(String(error)));
        },
      );
    },
  };
}

/** The token after `conn`'s session died: the dead one invalidated (once for everyone), the next one adopted. */
async function refreshedToken<S extends Schema>(client: TokenClient, conn: Connection<S>): Promise<TokenResponse> {
  const dead = conn.accessToken;
  if (typeof dead === 'string' && dead !== '') await client.invalidate(dead);
  const token = await client.getToken();
  if (new URL(token.instanceUrl).origin !== originOf(conn.instanceUrl)) {
    // jsforce retries the failed request at the URL it already built, on the old instance: the new token must not
    // go there. The connection moves to the new instance for its next requests; this one fails.
    conn.instanceUrl = token.instanceUrl;
    conn.accessToken = token.accessToken;
    throw new Error(
      `The org's instance is now ${new URL(token.instanceUrl).origin}: the request was not retried with the new session ` +
        '(it would have gone to the old instance). Send it again: the connection now uses the new instance.',
    );
  }
  return tokenResponse(token);
}

function originOf(url: string): string | undefined {
  return URL.canParse(url) ? new URL(url).origin : undefined;
}

/**
 * jsforce's `TokenResponse` for a token of the client. The client keeps no Salesforce `signature` (jsforce does not
 * check it) nor the answer's `issued_at`: `signature` is empty and `issued_at` is when the refresh ended.
 */
export function tokenResponse(token: MintedToken): TokenResponse {
  return {
    token_type: 'Bearer',
    scope: token.scope ?? '',
    id: token.id,
    access_token: token.accessToken,
    signature: '',
    issued_at: String(Date.now()),
    instance_url: token.instanceUrl,
  };
}
