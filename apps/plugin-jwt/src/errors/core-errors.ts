/** jwt-core's errors, recognised by shape so that a module need not load jwt-core to tell them apart. */
import type { JwtCoreError, TokenExchangeError } from '@sfjwt/jwt-core';

/** True for jwt-core's errors, recognised by shape so this module need not load jwt-core. */
export function isJwtCoreError(err: unknown): err is JwtCoreError {
  return (
    err instanceof Error &&
    typeof (err as Partial<JwtCoreError>).code === 'string' &&
    typeof (err as Partial<JwtCoreError>).fix === 'string' &&
    typeof (err as Partial<JwtCoreError>).details === 'object'
  );
}

/** True for jwt-core's TokenExchangeError, recognised by shape (no need to load jwt-core). */
export function isTokenExchangeError(err: unknown): err is TokenExchangeError {
  return (
    err instanceof Error &&
    (err as { code?: unknown }).code === 'ERR_TOKEN_GRANT_REJECTED' &&
    Array.isArray((err as { attempts?: unknown }).attempts)
  );
}
