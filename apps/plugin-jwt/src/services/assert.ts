/** `sf jwt assert`: build the claims, load the key, sign. Claims are checked first, so a typo never costs a prompt. */
import { ASSERTION_HEADER, buildClaims, resolveEndpoints, signAssertion } from '@sfjwt/jwt-core';
import { resolvePrivateKey } from '../io/key-input.js';
import type { JwtAssertResult } from '../results/assert.js';
import type { ServiceContext } from './context.js';

/** What to sign (flag values). */
export interface AssertInput {
  readonly clientId: string;
  readonly username: string;
  readonly jwtKeyFile: string | undefined;
  readonly instanceUrl: string | undefined;
  readonly audience: string | undefined;
  /** An explicit lifetime is the opt-in for a long-lived assertion; undefined = the standard 180 s. */
  readonly expiresIn: number | undefined;
  readonly jti: boolean;
}

/** Signs an assertion; the resolver's and the claims' warnings go to `context.warn` once it is signed. */
export async function signAssertionFor(input: AssertInput, context: ServiceContext): Promise<JwtAssertResult> {
  const endpoints = resolveEndpoints({ instanceUrl: input.instanceUrl, audience: input.audience });
  const { claims, warnings } = buildClaims({
    clientId: input.clientId,
    username: input.username,
    audience: endpoints.audience,
    now: context.now,
    ...(input.expiresIn === undefined ? {} : { lifetimeSeconds: input.expiresIn, longLived: true }),
    ...(input.jti ? { jti: true as const } : {}),
  });
  const { key } = await resolvePrivateKey({ jwtKeyFile: input.jwtKeyFile, ...context.secrets });
  const token = signAssertion(claims, key.keyObject);
  for (const warning of [...endpoints.warnings, ...warnings.map((w) => w.message)]) context.warn(warning);
  return {
    token,
    header: { ...ASSERTION_HEADER },
    claims: { ...claims },
    tokenHost: endpoints.tokenHost,
    audienceReason: endpoints.reason,
    expiresAt: new Date(claims.exp * 1000).toISOString(),
  };
}
