import { randomUUID } from 'node:crypto';
import { normalizeAudience } from '../audience/normalize-url.js';
import { ClaimError } from '../errors.js';
import { checkClientId } from './client-id.js';
import { checkLifetime, DEFAULT_LIFETIME_SECONDS } from './lifetime.js';
import type { AssertionClaims, ClaimWarning } from './types.js';
import { checkUsername } from './username.js';

/** Input of {@link buildClaims}. */
export interface BuildClaimsOptions {
  /** Consumer key (`iss`); trimmed and shape-checked. */
  readonly clientId: string;
  /** Salesforce username (`sub`). */
  readonly username: string;
  /** `aud`, usually from `resolveEndpoints`; normalized to scheme + host (a site keeps its path). */
  readonly audience: string;
  /** The clock, in epoch milliseconds. */
  readonly now: () => number;
  /** Seconds until `exp`; default 180. Over 180 needs `longLived`. */
  readonly lifetimeSeconds?: number | undefined;
  /** `true` adds a random UUID `jti`; a string is used as the `jti`. Never with a long-lived assertion. */
  readonly jti?: true | string | undefined;
  /** `true` sets `nbf = iat`; a number n backdates it, `nbf = iat − n`, for a server clock that runs behind. */
  readonly notBefore?: boolean | number | undefined;
  /** Allow a lifetime over 180 s: an assertion handed to a third party. */
  readonly longLived?: boolean | undefined;
  /** Source of random `jti` values; default `crypto.randomUUID`. */
  readonly randomId?: (() => string) | undefined;
}

/** What {@link buildClaims} returns: the claims and warnings for the user. */
export interface BuiltClaims {
  readonly claims: AssertionClaims;
  readonly warnings: readonly ClaimWarning[];
}

/**
 * Build the claims of a JWT bearer assertion: `iss`, `sub`, `aud`, `exp` = now + lifetime and `iat`, in integer
 * seconds (RFC 7519 NumericDate), plus optional `jti` and `nbf`.
 *
 * @throws ClaimError `ERR_CLAIM_CLIENT_ID`, `ERR_CLAIM_USERNAME`, `ERR_CLAIM_LIFETIME`, `ERR_CLAIM_INVALID`
 * @throws UrlError when `audience` is not a usable URL
 * @example
 * ```ts
 * const { claims } = buildClaims({
 *   clientId: '3MVG9abc.def_ghi',
 *   username: 'ci@acme.com',
 *   audience: 'https://login.salesforce.com',
 *   now: () => 1_700_000_000_000,
 * })
 * // { iss: '3MVG9abc.def_ghi', sub: 'ci@acme.com', aud: 'https://login.salesforce.com', exp: 1700000180, iat: 1700000000 }
 * ```
 */
export function buildClaims(options: BuildClaimsOptions): BuiltClaims {
  const warnings: ClaimWarning[] = [];
  const iss = checkClientId(options.clientId, warnings);
  const sub = checkUsername(options.username, warnings);
  const aud = normalizeAudience(options.audience);
  const longLived = options.longLived === true;
  const lifetime = checkLifetime(options.lifetimeSeconds ?? DEFAULT_LIFETIME_SECONDS, longLived, warnings);

  const nowMs = options.now();
  if (!Number.isFinite(nowMs) || nowMs <= 0) {
    throw new ClaimError(
      'ERR_CLAIM_INVALID',
      `The clock returned ${String(nowMs)}, not a time in epoch milliseconds.`,
      {
        fix: 'Pass now: () => Date.now() (milliseconds).',
      },
    );
  }
  // Integer seconds: the CLI's millisecond exp is tolerated, not conforming.
  const iat = Math.floor(nowMs / 1000);
  const claims: { -readonly [K in keyof AssertionClaims]: AssertionClaims[K] } = {
    iss,
    sub,
    aud,
    exp: iat + lifetime,
    iat,
  };

  if (options.notBefore !== undefined && options.notBefore !== false) {
    const back = options.notBefore === true ? 0 : options.notBefore;
    if (!Number.isSafeInteger(back) || back < 0 || back > DEFAULT_LIFETIME_SECONDS) {
      throw new ClaimError(
        'ERR_CLAIM_INVALID',
        `notBefore must be true or 0 to ${DEFAULT_LIFETIME_SECONDS} seconds of backdating, not ${String(back)}.`,
        {
          fix: 'Use notBefore: true (nbf = iat), or a small number of seconds to allow for a server clock that runs behind.',
        },
      );
    }
    claims.nbf = iat - back;
  }
  if (options.jti !== undefined) claims.jti = makeJti(options.jti, lifetime, options.randomId ?? randomUUID);
  return { claims, warnings };
}

function makeJti(jti: true | string, lifetime: number, randomId: () => string): string {
  if (lifetime > DEFAULT_LIFETIME_SECONDS) {
    // A third party reuses a long-lived assertion; with a jti Salesforce would accept it only once.
    throw new ClaimError(
      'ERR_CLAIM_INVALID',
      'A long-lived assertion cannot carry a jti: Salesforce accepts a jti only once, so it could not be reused.',
      {
        fix: `Leave \`jti\` out of long-lived assertions, or keep the default lifetime of ${DEFAULT_LIFETIME_SECONDS} s.`,
        hint: { kind: 'jti-with-long-lived', maxSeconds: DEFAULT_LIFETIME_SECONDS },
      },
    );
  }
  const value = jti === true ? randomId() : jti.trim();
  if (value === '' || /\s/.test(value) || value.length > 256) {
    throw new ClaimError('ERR_CLAIM_INVALID', 'The jti must be 1 to 256 characters without whitespace.', {
      fix: 'Pass jti: true for a random UUID, or a short unique string.',
    });
  }
  return value;
}
