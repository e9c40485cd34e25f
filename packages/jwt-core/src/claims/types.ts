/** The claims of a Salesforce JWT bearer assertion, times in integer seconds since the epoch. */
export interface AssertionClaims {
  /** Consumer key of the app that holds the certificate. */
  readonly iss: string;
  /** Username of the Salesforce user (not the email address). */
  readonly sub: string;
  /** Audience: login, test, My Domain or site URL. */
  readonly aud: string;
  /** Expiry, NumericDate seconds (RFC 7519). */
  readonly exp: number;
  /** Issued-at, NumericDate seconds. */
  readonly iat: number;
  /** Not-before, NumericDate seconds. */
  readonly nbf?: number;
  /** Unique id: Salesforce accepts an assertion with a given `jti` once. */
  readonly jti?: string;
}

/** Codes of the warnings {@link buildClaims} returns as data. */
export type ClaimWarningCode =
  'LONG_LIVED_BEARER' | 'SHORT_LIFETIME' | 'USERNAME_NOT_EMAIL' | 'CLIENT_ID_LOOKS_LIKE_SECRET' | 'CLIENT_ID_UNUSUAL';

/** Something worth telling the user about claims that were still built. */
export interface ClaimWarning {
  readonly code: ClaimWarningCode;
  readonly message: string;
}
