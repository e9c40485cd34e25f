import type { AppType } from '../audience/resolve.js';
import { CLOCK_SKEW_TOLERANCE_MS } from '../clock/clock-skew.js';
import { prepareCandidates, type SignatureCandidate } from './candidates.js';
import { checkAudience } from './check-audience.js';
import { checkHeader } from './check-header.js';
import { checkIssuer, checkSubject } from './check-identity.js';
import { checkSignature, type SignatureCheck } from './check-signature.js';
import { checkTimes } from './check-times.js';
import { decodeAssertion, type JsonObject } from './decode.js';
import type { Finding } from './findings.js';

/** What the assertion is expected to say. Every field is optional; each given one is checked. */
export interface ValidationExpectation {
  /** Expected `iss` (consumer key). */
  readonly clientId?: string | undefined;
  /** Expected `sub` (username). */
  readonly username?: string | undefined;
  /** The login/instance URL the assertion will be sent to: `aud` must fit it. */
  readonly instanceUrl?: string | undefined;
  /** Exact expected `aud`. */
  readonly audience?: string | undefined;
  /** External Client Apps accept only My Domain as `aud`. */
  readonly appType?: AppType | undefined;
}

/** Options of {@link validateAssertion}. */
export interface ValidateAssertionOptions {
  /** The clock, epoch milliseconds. */
  readonly now: () => number;
  readonly expected?: ValidationExpectation | undefined;
  /** Certificates or keys to verify the signature against; the first is the expected one (the app's certificate). */
  readonly certificates?: readonly SignatureCandidate[] | undefined;
  /** Tolerated clock difference in seconds; default 30 (jwt-core's one clock-skew tolerance, `CLOCK_SKEW_TOLERANCE_MS`). */
  readonly skewSeconds?: number | undefined;
  /** Size cap for decoding; default 16384 bytes. */
  readonly maxBytes?: number | undefined;
}

/** The outcome of {@link validateAssertion}. */
export interface AssertionValidation {
  readonly header: JsonObject;
  readonly claims: JsonObject;
  /** Errors first, then warnings, then info; each with a fix. */
  readonly findings: readonly Finding[];
  readonly signature: SignatureCheck;
  /** True when there is no `error` finding. */
  readonly ok: boolean;
}

const RANK = { error: 0, warning: 1, info: 2 } as const;

/**
 * Check an assertion offline the way Salesforce treats it: errors for what Salesforce rejects, warnings for what it
 * tolerates (millisecond or string `exp`, lifetime over 3 minutes, missing `typ`, expired certificate), and which key signed it when certificates are given.
 *
 * @throws AssertionFormatError when the input is not a compact JWS at all (see `decodeAssertion`)
 * @throws UrlError when `expected.instanceUrl` or `expected.audience` is unusable
 * @throws CertificateError when a certificate candidate cannot be read
 * @example
 * ```ts
 * const result = validateAssertion(assertion, {
 *   now: Date.now,
 *   expected: { clientId, username, instanceUrl: 'https://acme.my.salesforce.com' },
 *   certificates: [{ label: 'server.crt', pem: certPem }],
 * })
 * if (!result.ok) for (const f of result.findings) console.log(f.severity, f.code, f.message, f.fix)
 * ```
 */
export function validateAssertion(assertion: string, options: ValidateAssertionOptions): AssertionValidation {
  const decoded = decodeAssertion(assertion, options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes });
  const expected = options.expected ?? {};
  const candidates = prepareCandidates(options.certificates ?? []);
  const nowMs = options.now();
  const skew = options.skewSeconds ?? CLOCK_SKEW_TOLERANCE_MS / 1000;
  const { header, claims } = decoded;
  const signature = checkSignature(decoded, candidates, nowMs);
  const findings = [
    ...checkHeader(header),
    ...checkIssuer(claims, expected.clientId),
    ...checkSubject(claims, expected.username),
    ...checkAudience(claims, expected),
    ...checkTimes(claims, nowMs, skew),
    ...signature.findings,
  ].sort((a, b) => RANK[a.severity] - RANK[b.severity]);
  return { header, claims, findings, signature: signature.check, ok: !findings.some((f) => f.severity === 'error') };
}
