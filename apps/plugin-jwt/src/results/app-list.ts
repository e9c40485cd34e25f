/** `--json` result of `sf jwt app list` (also the `result` of its error envelope when `--expiring-within` finds apps). */

/** The kinds of app that can take a JWT bearer login. */
export type AppKind = 'external-client-app' | 'connected-app';

/**
 * `expired`: past its certificate's notAfter; `expiring`: within the window (`--expiring-within`, else 30 days);
 * `valid`: later; `unknown`: the org did not tell (see `unknownReason`).
 */
export type AppCertificateStatus = 'expired' | 'expiring' | 'valid' | 'unknown';

export type AppListCertificate = {
  /** The subject as `CN=sfjwt, O=Acme`. */
  subject: string;
  /** SHA-256 of the DER, upper-case colon hex, as OpenSSL and Setup show it. */
  sha256Fingerprint: string;
  /** ISO 8601. */
  notAfter: string;
  /** Whole days until notAfter (negative once expired). */
  daysLeft: number;
};

export type AppPreAuthorization = {
  /** `admin-approved` (pre-authorized), `self-authorized`, or `unknown` when the org did not tell. */
  policy: 'admin-approved' | 'self-authorized' | 'unknown';
  profiles: string[];
  permissionSets: string[];
};

export type AppLastLogin = {
  /** The latest successful login through the app (LoginHistory), ISO 8601. */
  at: string;
  /** Usernames of the users of the recent successful logins through the app, latest first. */
  usernames: string[];
};

export type AppListRow = {
  name: string;
  type: AppKind;
  /** The consumer key shown in part (`3MVG9abc…wxyz`); null when the org did not return it. */
  consumerKey: string | null;
  certificate: AppListCertificate | null;
  status: AppCertificateStatus;
  /** Why the status is `unknown` (the org refused, withheld or garbled the certificate); null otherwise. */
  unknownReason: string | null;
  preAuthorized: AppPreAuthorization;
  /** null when the org keeps no successful login through the app, or did not tell (see `loginHistory`). */
  lastLogin: AppLastLogin | null;
  /** The command that rotates the app's certificate. */
  rotateCommand: string;
};

export type AppListResult = {
  /** The admin org's username. */
  org: string;
  /** The apps, sorted by certificate expiry (the soonest first; unknown ones last). */
  apps: AppListRow[];
  /** The window of `--expiring-within` in days (fractional for hours), or null without the flag. */
  expiringWithinDays: number | null;
  /** Names of the apps whose certificate has expired or expires within the window (with `--expiring-within`). */
  expiring: string[];
  /** `read` when LoginHistory was read; `unavailable` when the org refused it (every `lastLogin` is then null). */
  loginHistory: 'read' | 'unavailable';
  /** Parts of the org that could not be listed at all (a kind of app the admin may not list), with why. */
  unlisted: Array<{ type: AppKind; reason: string }>;
};
