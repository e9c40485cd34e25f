/**
 * The one clock-skew policy of jwt-core: how far the local clock may be from Salesforce's before it matters. The
 * diagnosis of a rejected grant, `sf jwt doctor` and the default tolerance of {@link validateAssertion} all use it,
 * so they cannot disagree about the same clock.
 *
 * Rules:
 * - The server's clock is its HTTP `Date` header, stamped somewhere between sending the request and receiving the
 *   answer, truncated to whole seconds. So the skew that counts is |Date − answer time| minus the round trip minus
 *   1 s; what remains cannot be explained by the measurement.
 * - Up to {@link CLOCK_SKEW_TOLERANCE_MS} (30 s) is `ok`: ordinary drift, which Salesforce tolerates.
 * - Up to {@link CLOCK_SKEW_LIMIT_MS} (120 s) is `warn`: a 180 s assertion still works, with less margin.
 * - Beyond is `fail`: a 180 s assertion has under a minute left, or is already past `exp`, when it arrives.
 * - A local clock *behind* the server's makes `exp` land early ("expired authorization code"); one *ahead* delays
 *   `exp` instead, and at worst makes `iat`/`nbf` look like the future.
 */

/** Skew tolerated without comment: 30 s. Also `validateAssertion`'s default tolerance for `exp`, `iat` and `nbf`. */
export const CLOCK_SKEW_TOLERANCE_MS = 30_000;

/** Skew beyond which a default 180 s assertion has under a minute left: 120 s. */
export const CLOCK_SKEW_LIMIT_MS = 120_000;

// The HTTP Date header (RFC 9110 IMF-fixdate) has whole-second resolution.
const DATE_HEADER_RESOLUTION_MS = 1_000;

/** `ok` within the tolerance, `warn` up to the limit, `fail` beyond. */
export type ClockSkewGrade = 'ok' | 'warn' | 'fail';

/** What {@link assessClockSkew} compares: the server's `Date` header and the local clock around the request. */
export interface ClockSkewInput {
  /** The server's `Date` header, epoch milliseconds. */
  readonly serverDate: number;
  /** The local clock when the answer arrived, epoch milliseconds. */
  readonly responseAt: number;
  /** The local clock when the request was sent, epoch milliseconds. Without it only the 1 s resolution is allowed for. */
  readonly requestStartedAt?: number | undefined;
}

/** The verdict of {@link assessClockSkew}. */
export interface ClockSkewAssessment {
  /** `serverDate − responseAt` as measured: positive when the local clock is behind the server's. */
  readonly offsetMs: number;
  /** The skew the measurement cannot explain (round trip and the header's 1 s resolution removed); never negative. */
  readonly skewMs: number;
  /** Which side of the server's clock the local one is on; `in-sync` when {@link ClockSkewAssessment.skewMs} is 0. */
  readonly direction: 'behind' | 'ahead' | 'in-sync';
  readonly grade: ClockSkewGrade;
}

/**
 * Grades the difference between the local clock and a server's `Date` header (see the rules above).
 *
 * @example
 * ```ts
 * const sent = Date.now()
 * const response = await fetch('https://login.salesforce.com/services/oauth2/token', { method: 'POST', body })
 * const verdict = assessClockSkew({ serverDate: Date.parse(response.headers.get('date')!), requestStartedAt: sent, responseAt: Date.now() })
 * if (verdict.grade !== 'ok') console.warn(`The local clock is ${Math.round(verdict.skewMs / 1000)} s ${verdict.direction}.`)
 * ```
 */
export function assessClockSkew(input: ClockSkewInput): ClockSkewAssessment {
  const offsetMs = input.serverDate - input.responseAt;
  const roundTripMs = input.requestStartedAt === undefined ? 0 : Math.max(0, input.responseAt - input.requestStartedAt);
  const skewMs = Math.max(0, Math.abs(offsetMs) - roundTripMs - DATE_HEADER_RESOLUTION_MS);
  const direction = skewMs === 0 ? 'in-sync' : offsetMs > 0 ? 'behind' : 'ahead';
  const grade = skewMs <= CLOCK_SKEW_TOLERANCE_MS ? 'ok' : skewMs <= CLOCK_SKEW_LIMIT_MS ? 'warn' : 'fail';
  return { offsetMs, skewMs, direction, grade };
}
