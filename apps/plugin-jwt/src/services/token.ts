/** `sf jwt token`: prepare, sign and exchange; the access token as plain data. */
import type { TokenResult } from '@sfjwt/jwt-core';
import type { TokenCommandResult } from '../results/token.js';
import type { ServiceContext } from './context.js';
import { prepareExchange, runExchange, type ExchangeInput } from './exchange.js';

/** Exchanges an assertion for an access token; warnings go to `context.warn` once the token is there. */
export async function issueToken(input: ExchangeInput, context: ServiceContext): Promise<TokenCommandResult> {
  const prepared = await prepareExchange(input, context.secrets, context.now);
  const token = await runExchange(prepared, context);
  // Before the command prints it: in GitHub Actions the log shows *** instead.
  context.mask?.(token.accessToken);
  for (const warning of token.warnings) context.warn(warning);
  return tokenResultOf(token);
}

/** Copies the token into a plain JSON-safe object (no class instances, no `signature`). */
export function tokenResultOf(token: TokenResult & { keyFingerprint?: string }): TokenCommandResult {
  return {
    accessToken: token.accessToken,
    instanceUrl: token.instanceUrl,
    id: token.id,
    orgId: token.orgId,
    userId: token.userId,
    ...(token.scope === undefined ? {} : { scope: token.scope }),
    ...(token.issuedAt === undefined ? {} : { issuedAt: token.issuedAt }),
    ...(token.tokenType === undefined ? {} : { tokenType: token.tokenType }),
    tokenHost: token.tokenHost,
    ...(token.audience === undefined ? {} : { audience: token.audience }),
    attempts: token.attempts,
    ...(token.keyFingerprint === undefined ? {} : { keyFingerprint: token.keyFingerprint }),
  };
}
