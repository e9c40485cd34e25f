import { ClaimError } from '../errors.js';
import type { ClaimWarning } from './types.js';

/** Default and documented maximum lifetime: Salesforce wants `exp` "within 3 minutes" of the request. */
export const DEFAULT_LIFETIME_SECONDS = 180;
/** Upper bound for a long-lived assertion: two years, the longest a third-party integration has been seen to ask for. */
export const MAX_LONG_LIVED_SECONDS = 2 * 366 * 24 * 60 * 60;
// Below this the assertion may already be past `exp` at Salesforce with ordinary clock skew (use now + 60…180).
const SHORT_LIFETIME_SECONDS = 60;

/**
 * Check a lifetime in seconds. Over 180 s needs `longLived` (the caller asked for it explicitly), and then comes with a
 * bearer-credential warning.
 *
 * @throws ClaimError `ERR_CLAIM_LIFETIME`
 */
export function checkLifetime(seconds: number, longLived: boolean, warnings: ClaimWarning[]): number {
  if (!Number.isSafeInteger(seconds) || seconds <= 0) {
    throw new ClaimError(
      'ERR_CLAIM_LIFETIME',
      `The lifetime must be a whole number of seconds above 0, not ${String(seconds)}.`,
      {
        fix: `Use the default ${DEFAULT_LIFETIME_SECONDS} seconds, or a whole number of seconds.`,
        details: { lifetimeSeconds: seconds },
      },
    );
  }
  if (seconds > DEFAULT_LIFETIME_SECONDS && !longLived) {
    throw new ClaimError(
      'ERR_CLAIM_LIFETIME',
      `A lifetime of ${seconds} s is over the documented 3 minutes (${DEFAULT_LIFETIME_SECONDS} s).`,
      {
        fix: 'Sign a fresh assertion for each login instead. If a third party really needs a long-lived assertion, pass `longLived: true` with the lifetime.',
        hint: { kind: 'lifetime-needs-long-lived', maxSeconds: DEFAULT_LIFETIME_SECONDS },
        details: { lifetimeSeconds: seconds },
      },
    );
  }
  if (seconds > MAX_LONG_LIVED_SECONDS) {
    throw new ClaimError(
      'ERR_CLAIM_LIFETIME',
      `A lifetime of ${seconds} s is over the two-year limit (${MAX_LONG_LIVED_SECONDS} s).`,
      {
        fix: `Choose a lifetime of at most ${MAX_LONG_LIVED_SECONDS} s, and as short as the third party allows: anyone holding the assertion can log in as the user until it expires.`,
        hint: { kind: 'lifetime-too-long', maxSeconds: MAX_LONG_LIVED_SECONDS },
        details: { lifetimeSeconds: seconds },
      },
    );
  }
  if (seconds > DEFAULT_LIFETIME_SECONDS) {
    // Salesforce sets no upper bound on exp, so the assertion is a bearer credential until then.
    warnings.push({
      code: 'LONG_LIVED_BEARER',
      message: `This assertion is valid for ${describe(seconds)}: anyone who holds it can log in as the user until it expires. Treat it like a password and revoke access by replacing the app's certificate.`,
    });
  } else if (seconds < SHORT_LIFETIME_SECONDS) {
    warnings.push({
      code: 'SHORT_LIFETIME',
      message: `A lifetime of ${seconds} s leaves little room for clock skew; Salesforce rejects a past exp ("expired authorization code").`,
    });
  }
  return seconds;
}

function describe(seconds: number): string {
  const units: ReadonlyArray<readonly [number, string]> = [
    [86400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, name] of units) {
    if (seconds >= size && seconds % size === 0) {
      const n = seconds / size;
      return `${n} ${name}${n === 1 ? '' : 's'}`;
    }
  }
  return `${seconds} seconds`;
}
