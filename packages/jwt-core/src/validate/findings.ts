import type { ErrorHint } from '../errors.js';

/**
 * Finding codes of {@link validateAssertion}: a public API, like error codes. Each code has one fixed severity:
 * - `error`: Salesforce will reject the assertion;
 * - `warning`: non-conforming or risky, but tolerated by Salesforce;
 * - `info`: context.
 */
export const FINDING_SEVERITY = {
  // --- header ---
  ALG_MISSING: 'error',
  ALG_NONE: 'error',
  ALG_HMAC: 'error',
  ALG_NOT_RS256: 'error',
  ALG_UNTESTED: 'warning',
  TYP_MISSING: 'warning',
  TYP_NOT_JWT: 'warning',
  HEADER_KEY_HINT_IGNORED: 'info',
  // --- iss / sub / prn ---
  ISS_MISSING: 'error',
  ISS_TYPE: 'error',
  ISS_WHITESPACE: 'error',
  ISS_INVALID: 'error',
  ISS_MISMATCH: 'error',
  SUB_MISSING: 'error',
  SUB_TYPE: 'error',
  SUB_WHITESPACE: 'error',
  SUB_NOT_USERNAME: 'warning',
  SUB_MISMATCH: 'error',
  PRN_PRESENT: 'warning',
  // --- aud ---
  AUD_MISSING: 'error',
  AUD_TYPE: 'error',
  AUD_ARRAY: 'error',
  AUD_NO_SCHEME: 'error',
  AUD_NOT_HTTPS: 'error',
  AUD_LIGHTNING: 'error',
  AUD_INVALID: 'error',
  AUD_HAS_PATH: 'error',
  AUD_TRAILING_SLASH: 'warning',
  AUD_MISMATCH: 'error',
  AUD_MISMATCH_INSTANCE: 'error',
  // --- exp / iat / nbf / jti ---
  EXP_MISSING: 'error',
  EXP_TYPE: 'error',
  EXP_STRING: 'warning',
  EXP_MILLISECONDS: 'warning',
  EXP_PAST: 'error',
  EXP_WITHIN_SKEW: 'warning',
  EXP_TOO_FAR: 'warning',
  IAT_TYPE: 'warning',
  IAT_FUTURE: 'warning',
  NBF_TYPE: 'warning',
  NBF_FUTURE: 'warning',
  JTI_ON_LONG_LIVED: 'warning',
  // --- signature and certificates ---
  SIGNATURE_MISSING: 'error',
  SIGNATURE_INVALID: 'error',
  SIGNATURE_MATCHES_OTHER: 'error',
  SIGNATURE_VERIFIED: 'info',
  SIGNATURE_NOT_CHECKED: 'info',
  CERT_EXPIRED: 'warning',
} as const satisfies Record<string, FindingSeverity>;

/** How bad a finding is. */
export type FindingSeverity = 'error' | 'warning' | 'info';

/** Every finding code {@link validateAssertion} can report. */
export type FindingCode = keyof typeof FINDING_SEVERITY;

/** One thing the validator noticed, with what to do about it. */
export interface Finding {
  readonly code: FindingCode;
  readonly severity: FindingSeverity;
  readonly message: string;
  readonly fix: string;
  /** Structured advice for front ends that word the fix in their own terms; see {@link ErrorHint}. */
  readonly hint?: ErrorHint;
}

/** A finding with the severity its code fixes. */
export function finding(code: FindingCode, message: string, fix: string, hint?: ErrorHint): Finding {
  return hint === undefined
    ? { code, severity: FINDING_SEVERITY[code], message, fix }
    : { code, severity: FINDING_SEVERITY[code], message, fix, hint };
}
