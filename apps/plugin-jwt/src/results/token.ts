/** The plain-data result of an exchange, as `sf jwt token --json` returns it. */
import type { TokenResult } from '@sfjwt/jwt-core';

/**
 * `--json` result of `sf jwt token`: jwt-core's token result (every attempt included) without the response's
 * `signature`, and the public-key fingerprint (SHA-256) of the key that worked (with several `--jwt-key-file`, the
 * first one Salesforce accepted).
 */
export type TokenCommandResult = Omit<TokenResult, 'signature'> & { keyFingerprint?: string };
