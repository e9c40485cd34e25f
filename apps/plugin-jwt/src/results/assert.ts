/** `--json` result of `sf jwt assert`. The token is the command's output, so it is in the result. */
export type JwtAssertResult = {
  /** The compact JWS: a credential until `claims.exp`. */
  token: string;
  header: { alg: string; typ: string };
  claims: { iss: string; sub: string; aud: string; exp: number; iat: number; jti?: string };
  /** Where to POST it: `<tokenHost>/services/oauth2/token`. */
  tokenHost: string;
  /** Why this audience (the resolver's reason). */
  audienceReason: string;
  /** `exp` as an ISO 8601 instant. */
  expiresAt: string;
};
