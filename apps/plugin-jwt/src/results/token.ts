/** The plain-data result of an exchange, as `sf jwt token --json` returns it. */
import type { ExchangeAttempt } from '@sfjwt/jwt-core';

/** `--json` result of `sf jwt token`: the typed token response plus every attempt. */
export type TokenCommandResult = {
  /** The access token: the purpose of the command, so it is not redacted. */
  accessToken: string;
  instanceUrl: string;
  /** Identity URL `…/id/<orgId>/<userId>`. */
  id: string;
  orgId: string;
  userId: string;
  scope?: string;
  /** Issue time, epoch ms. */
  issuedAt?: number;
  tokenType?: string;
  /** Where the token came from, and with which aud. */
  tokenHost: string;
  audience?: string;
  attempts: ExchangeAttempt[];
};
