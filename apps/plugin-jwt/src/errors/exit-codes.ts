/**
 * Exit codes a pipeline can act on: every error code belongs to one failure class, and each class has its own exit
 * code, in the spirit of sysexits(3). The same number is the `exitCode` (and `status`) of the `--json` envelope and
 * the README's "Exit codes" table. The classes and numbers are a public API: a code may be added to a class, never
 * moved to another.
 */
import type { JwtCoreErrorCode } from '@sfjwt/jwt-core';

/** What a failure asks of the pipeline. */
export type FailureClass =
  | 'usage'
  | 'configuration'
  | 'refused'
  | 'retryable'
  | 'invalid-answer'
  | 'expiring'
  | 'unexpected'
  | 'interrupted'
  | 'terminated';

/** Each class's exit code. */
export const exitCodes: Readonly<Record<FailureClass, number>> = {
  /** EX_USAGE: the command line is wrong (a flag missing, unknown or out of range). Fix the command. */
  usage: 64,
  /** EX_TEMPFAIL: try again later: the network, a time-out, a server error or a lock held by another run. */
  retryable: 75,
  /** EX_PROTOCOL: a server's answer was malformed, too large or unsafe to use. */
  'invalid-answer': 76,
  /** EX_NOPERM: Salesforce (or the org) refused: the grant, a permission, a setting. Fix the org or the app. */
  refused: 77,
  /** EX_CONFIG: something the user must fix outside the command line: a key, certificate, passphrase, file. */
  configuration: 78,
  /** Not a failure of the command: a check it was asked to make found certificates expiring within the window. */
  expiring: 10,
  /** EX_SOFTWARE: a bug. */
  unexpected: 70,
  /** Ctrl-C (SIGINT), as shells report it. */
  interrupted: 130,
  /** SIGTERM, as shells report it. */
  terminated: 143,
};

/** The class of parse errors (oclif's exit 2) and of our own usage errors, as the envelope names it. */
export const USAGE_CODE = 'ERR_USAGE';

const coreClasses: Readonly<Record<JwtCoreErrorCode, FailureClass>> = {
  ERR_KEY_EMPTY: 'configuration',
  ERR_KEY_BINARY: 'configuration',
  ERR_KEY_NOT_PEM: 'configuration',
  ERR_KEY_TRUNCATED: 'configuration',
  ERR_KEY_IS_CERTIFICATE: 'configuration',
  ERR_KEY_IS_CSR: 'configuration',
  ERR_KEY_IS_PUBLIC_KEY: 'configuration',
  ERR_KEY_NOT_RSA: 'configuration',
  ERR_KEY_TOO_SMALL: 'configuration',
  ERR_KEY_PASSPHRASE_REQUIRED: 'configuration',
  ERR_KEY_PASSPHRASE_WRONG: 'configuration',
  ERR_KEY_INVALID: 'configuration',
  ERR_KEYGEN_INVALID_OPTIONS: 'usage',
  ERR_CERT_EMPTY: 'configuration',
  ERR_CERT_NOT_PEM: 'configuration',
  ERR_CERT_IS_PRIVATE_KEY: 'configuration',
  ERR_CERT_INVALID: 'configuration',
  ERR_CERT_KEY_MISMATCH: 'configuration',
  ERR_KEYSTORE_INVALID_OPTIONS: 'usage',
  ERR_KEYSTORE_KEY_SIZE: 'configuration',
  ERR_APP_NAME_INVALID: 'usage',
  ERR_APP_TEXT_INVALID: 'usage',
  ERR_APP_CONTACT_EMAIL_INVALID: 'usage',
  ERR_APP_CALLBACK_URL_INVALID: 'usage',
  ERR_APP_SCOPE_INVALID: 'usage',
  ERR_APP_CONSUMER_KEY_INVALID: 'usage',
  ERR_APP_PROFILE_INVALID: 'usage',
  ERR_APP_PERMISSION_SET_INVALID: 'usage',
  ERR_APP_NO_PERMITTED_USERS: 'usage',
  ERR_APP_API_VERSION_INVALID: 'usage',
  ERR_APP_PACKAGE_DIRECTORY_INVALID: 'configuration',
  ERR_APP_CERTIFICATE_INVALID: 'configuration',
  ERR_APP_CERTIFICATE_IS_PRIVATE_KEY: 'configuration',
  ERR_APP_CERTIFICATE_IS_CSR: 'configuration',
  ERR_APP_CERTIFICATE_IS_PUBLIC_KEY: 'configuration',
  ERR_APP_CERTIFICATE_NOT_RSA: 'configuration',
  ERR_APP_CERTIFICATE_KEY_TOO_SMALL: 'configuration',
  ERR_URL_INVALID: 'usage',
  ERR_URL_NOT_HTTPS: 'usage',
  ERR_URL_LIGHTNING: 'usage',
  ERR_URL_HAS_CREDENTIALS: 'usage',
  ERR_URL_HAS_QUERY_OR_FRAGMENT: 'usage',
  ERR_URL_AUDIENCE_HAS_PATH: 'usage',
  ERR_URL_REDIRECT_SCHEME: 'usage',
  ERR_URL_OTHER_ORIGIN: 'usage',
  ERR_CLAIM_CLIENT_ID: 'usage',
  ERR_CLAIM_USERNAME: 'usage',
  ERR_CLAIM_LIFETIME: 'usage',
  ERR_CLAIM_INVALID: 'usage',
  ERR_ASSERTION_TOO_LARGE: 'configuration',
  ERR_ASSERTION_MALFORMED: 'configuration',
  ERR_TOKEN_RESPONSE_INVALID: 'invalid-answer',
  ERR_HTTP_SERVER_ERROR: 'retryable',
  ERR_NETWORK: 'retryable',
  ERR_NETWORK_TIMEOUT: 'retryable',
  ERR_PROXY_INVALID: 'configuration',
  ERR_RESPONSE_TOO_LARGE: 'invalid-answer',
  // A deadline (--timeout) fired; Ctrl-C never gets here (io/interrupts exits 130 first).
  ERR_ABORTED: 'retryable',
  ERR_INSECURE_INSTANCE_URL: 'invalid-answer',
  ERR_FETCH_UNAVAILABLE: 'configuration',
  ERR_TOKEN_GRANT_REJECTED: 'refused',
};

/** The plugin's own codes (errors.md, the commands' bundles, app create). */
const pluginClasses: Readonly<Record<string, FailureClass>> = {
  ERR_USAGE: 'usage',
  ERR_TIMEOUT_INVALID: 'usage',
  ERR_KEY_INPUT_MISSING: 'usage',
  ERR_ASSERTION_INPUT_MISSING: 'usage',
  ERR_STDIN_IS_TERMINAL: 'usage',
  ERR_STDIN_TWICE: 'usage',
  ERR_HANDOFF_FILE_UNSET: 'usage',
  ERR_HANDOFF_VALUE_INVALID: 'usage',
  ERR_KEY_WRITE_ENCRYPTED: 'usage',
  ERR_NOTHING_TO_INSPECT: 'usage',
  ERR_INVALID_NAME: 'usage',
  ERR_KEYSTORE_FORMAT_UNKNOWN: 'usage',
  ERR_OUTPUT_IS_INPUT: 'usage',
  ERR_OUTSIDE_OUTPUT_DIR: 'usage',
  ERR_APP_CONTACT_EMAIL_REQUIRED: 'usage',
  ERR_APP_CREATE_PERMISSION_SET_AMBIGUOUS: 'usage',
  ERR_SF_TARGET_ORG_MISSING: 'usage',
  ERR_STDIN_EMPTY: 'configuration',
  ERR_FILE_EXISTS: 'configuration',
  ERR_FILE_NOT_FOUND: 'configuration',
  ERR_NOT_A_FILE: 'configuration',
  ERR_FILE_UNREADABLE: 'configuration',
  ERR_NOT_A_REGULAR_FILE: 'configuration',
  ERR_FILE_TOO_LARGE: 'configuration',
  ERR_FILE_UNWRITABLE: 'configuration',
  ERR_FOLDER_NOT_OURS: 'configuration',
  ERR_SYMLINK_IN_PATH: 'configuration',
  ERR_REPLACE_MARKER_FOREIGN: 'configuration',
  ERR_REPLACE_INTERRUPTED: 'configuration',
  ERR_PASSPHRASE_MISSING: 'configuration',
  ERR_PASSPHRASE_MISMATCH: 'configuration',
  ERR_PASSPHRASE_EMPTY: 'configuration',
  ERR_KEYSTORE_PASSWORD_MISSING: 'configuration',
  ERR_KEYSTORE_PASSWORD_MISMATCH: 'configuration',
  ERR_KEYSTORE_PASSWORD_EMPTY: 'configuration',
  ERR_ASSERTION_INVALID: 'configuration',
  ERR_CLOCK_SKEW: 'configuration',
  ERR_APP_KEY_CERT_MISMATCH: 'configuration',
  ERR_APP_CONSUMER_KEY_MISMATCH: 'configuration',
  // sf's saved state (auth files, alias.json, key.json, config) as core reads it: the user's files to repair.
  ERR_SF_STATE_UNREADABLE: 'configuration',
  ERR_SF_STATE_TOO_LARGE: 'configuration',
  ERR_SF_TARGET_ORG_NOT_FOUND: 'configuration',
  ERR_FOLDER_LOCKED: 'retryable',
  ERR_AUTH_STORE_LOCKED: 'retryable',
  ERR_SF_STATE_LOCKED: 'retryable',
  // sf's lock stopped the save half-way; the message gives the commands that finish it, and a rerun does too.
  ERR_LOGIN_INCOMPLETE: 'retryable',
  ERR_ORG_LOOKUP_TIMEOUT: 'retryable',
  ERR_APP_ORG_NO_ANSWER: 'retryable',
  ERR_APP_ORG_UNREACHABLE: 'retryable',
  ERR_APP_WAIT_EXHAUSTED: 'retryable',
  ERR_APP_DEPLOY_NOT_FINISHED: 'retryable',
  ERR_ORG_RESPONSE_TOO_LARGE: 'invalid-answer',
  ERR_APP_ORG_RESPONSE_INVALID: 'invalid-answer',
  ERR_APP_CONSUMER_KEY_UNREADABLE: 'invalid-answer',
  ERR_APP_ADMIN_CANNOT_MANAGE_APPS: 'refused',
  ERR_APP_ADMIN_CANNOT_DEPLOY: 'refused',
  ERR_APP_ADMIN_CANNOT_ASSIGN: 'refused',
  ERR_APP_ECA_DISABLED: 'refused',
  ERR_APP_SECRETS_VIA_METADATA_DISABLED: 'refused',
  ERR_APP_IN_PACKAGE: 'refused',
  ERR_APP_USER_NOT_FOUND: 'refused',
  ERR_APP_USER_INACTIVE: 'refused',
  ERR_APP_USER_PROFILE_MISMATCH: 'refused',
  ERR_APP_PERMISSION_SET_NOT_FOUND: 'refused',
  ERR_APP_PERMISSION_SET_API_INTEGRATION: 'refused',
  ERR_APP_DEPLOY_FAILED: 'refused',
  ERR_APP_ORG_CALL_FAILED: 'refused',
  ERR_APP_CONTACT_EMAIL_UNKNOWN: 'refused',
  ERR_ABORTED: 'retryable',
  ERR_APP_NOT_FOUND: 'usage',
  ERR_APP_ROTATE_USERNAME_REQUIRED: 'usage',
  ERR_APP_ROTATE_CERTIFICATE_UNREADABLE: 'refused',
  ERR_APP_ROTATE_VERIFY_FAILED: 'refused',
  ERR_APP_ROTATE_RESTORE_FAILED: 'refused',
  ERR_APP_CERTIFICATES_EXPIRING: 'expiring',
  ERR_UNEXPECTED: 'unexpected',
};

/**
 * The failure class of an error code; a code no table knows is `unexpected` (a test checks that every code the
 * plugin and jwt-core use is in a table).
 */
export function failureClassOf(code: string): FailureClass {
  return (coreClasses as Readonly<Record<string, FailureClass>>)[code] ?? pluginClasses[code] ?? 'unexpected';
}

/** True when `code` is in a table (for the completeness test). */
export function isClassified(code: string): boolean {
  return Object.hasOwn(coreClasses, code) || Object.hasOwn(pluginClasses, code);
}

/** The exit code of an error code. */
export function exitCodeOf(code: string): number {
  return exitCodes[failureClassOf(code)];
}

type ExitCarrier = Error & { exitCode?: unknown; code?: unknown; oclif?: { exit?: unknown } };

/**
 * Gives `error` the exit code of its class, in place: oclif's parse errors (exit 2, no code) become `ERR_USAGE` with
 * exit 64; an error named by a code gets that code's exit code. sf's own bug codes (10 for a TypeError, 20 for a
 * gack) and an explicit exit (oclif's `EEXIT`) are left as they are.
 */
export function withClassExitCode<E extends Error>(error: E): E {
  const e = error as E & ExitCarrier;
  if (e.code === 'EEXIT') return error;
  if (e.oclif !== undefined && e.oclif.exit === 2) {
    e.oclif.exit = exitCodes.usage;
    e.name = USAGE_CODE;
    e.code = USAGE_CODE;
    return error;
  }
  if (e.name.startsWith('ERR_') && (e.exitCode === undefined || e.exitCode === 1)) e.exitCode = exitCodeOf(e.name);
  return error;
}
