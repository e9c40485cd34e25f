/** The plain-data result of an exchange, as `sf jwt token --json` returns it. */
import type { TokenResult } from '@sfjwt/jwt-core';

/** `--json` result of `sf jwt token`: jwt-core's token result (every attempt included) without the response's `signature`. */
export type TokenCommandResult = Omit<TokenResult, 'signature'>;
