/**
 * The one error hierarchy of jwt-core. Every failure caused by input (a key, a certificate, a URL, a claim,
 * an assertion, a server's answer) is a {@link JwtCoreError} with a stable string `code`, a message that names the
 * cause, and a `fix` that says what to do. Programmer misuse (a wrong argument type from TypeScript callers) may
 * still throw a plain `TypeError`; user input never does.
 *
 * Codes are a public API: the plugin maps them to sf error names and exit codes, and users script against them.
 * Add codes here; never rename one.
 */

import type { Diagnosis } from './diagnose/diagnosis-types.js';
import type { ExchangeAttempt, RejectionFacts } from './exchange/types.js';

/** Codes of {@link KeyError}: a private key that cannot be used. */
export type KeyErrorCode =
  | 'ERR_KEY_EMPTY'
  | 'ERR_KEY_BINARY'
  | 'ERR_KEY_NOT_PEM'
  | 'ERR_KEY_TRUNCATED'
  | 'ERR_KEY_IS_CERTIFICATE'
  | 'ERR_KEY_IS_CSR'
  | 'ERR_KEY_IS_PUBLIC_KEY'
  | 'ERR_KEY_NOT_RSA'
  | 'ERR_KEY_TOO_SMALL'
  | 'ERR_KEY_PASSPHRASE_REQUIRED'
  | 'ERR_KEY_PASSPHRASE_WRONG'
  | 'ERR_KEY_INVALID';

/** Codes of {@link KeyGenerationError}: key and certificate generation. */
export type KeyGenerationErrorCode = 'ERR_KEYGEN_INVALID_OPTIONS';

/** Codes of {@link CertificateError}: certificate and CSR input. */
export type CertificateErrorCode =
  | 'ERR_CERT_EMPTY'
  | 'ERR_CERT_NOT_PEM'
  | 'ERR_CERT_IS_PRIVATE_KEY'
  | 'ERR_CERT_INVALID'
  | 'ERR_CERT_KEY_MISMATCH';

/** Codes of {@link KeystoreError}: keystores (JKS, PKCS#12). */
export type KeystoreErrorCode = 'ERR_KEYSTORE_INVALID_OPTIONS' | 'ERR_KEYSTORE_KEY_SIZE';

/** Codes of {@link AppMetadataError}: External Client App / Connected App source files. */
export type AppMetadataErrorCode =
  | 'ERR_APP_NAME_INVALID'
  | 'ERR_APP_TEXT_INVALID'
  | 'ERR_APP_CONTACT_EMAIL_INVALID'
  | 'ERR_APP_CALLBACK_URL_INVALID'
  | 'ERR_APP_SCOPE_INVALID'
  | 'ERR_APP_CONSUMER_KEY_INVALID'
  | 'ERR_APP_PROFILE_INVALID'
  | 'ERR_APP_PERMISSION_SET_INVALID'
  | 'ERR_APP_NO_PERMITTED_USERS'
  | 'ERR_APP_API_VERSION_INVALID'
  | 'ERR_APP_PACKAGE_DIRECTORY_INVALID'
  | 'ERR_APP_CERTIFICATE_INVALID'
  | 'ERR_APP_CERTIFICATE_IS_PRIVATE_KEY'
  | 'ERR_APP_CERTIFICATE_IS_CSR'
  | 'ERR_APP_CERTIFICATE_IS_PUBLIC_KEY'
  | 'ERR_APP_CERTIFICATE_NOT_RSA'
  | 'ERR_APP_CERTIFICATE_KEY_TOO_SMALL';

/** Codes of {@link UrlError}: URLs, audiences and endpoints. */
export type UrlErrorCode =
  | 'ERR_URL_INVALID'
  | 'ERR_URL_NOT_HTTPS'
  | 'ERR_URL_LIGHTNING'
  | 'ERR_URL_HAS_CREDENTIALS'
  | 'ERR_URL_HAS_QUERY_OR_FRAGMENT'
  | 'ERR_URL_AUDIENCE_HAS_PATH'
  | 'ERR_URL_REDIRECT_SCHEME';

/** Codes of {@link ClaimError}: claim values. */
export type ClaimErrorCode = 'ERR_CLAIM_CLIENT_ID' | 'ERR_CLAIM_USERNAME' | 'ERR_CLAIM_LIFETIME' | 'ERR_CLAIM_INVALID';

/** Codes of {@link AssertionFormatError}: assertion decoding. */
export type AssertionFormatErrorCode = 'ERR_ASSERTION_TOO_LARGE' | 'ERR_ASSERTION_MALFORMED';

/** Codes of {@link TransportError}: the HTTP side of the token exchange. */
export type TransportErrorCode =
  | 'ERR_TOKEN_RESPONSE_INVALID'
  | 'ERR_HTTP_SERVER_ERROR'
  | 'ERR_NETWORK'
  | 'ERR_NETWORK_TIMEOUT'
  | 'ERR_PROXY_INVALID'
  /** A response body passed the byte cap (a hostile or broken server); never retried. */
  | 'ERR_RESPONSE_TOO_LARGE'
  /** The caller's `AbortSignal` fired; `cause` is the signal's reason. */
  | 'ERR_ABORTED'
  /** A successful token answer named a plain-http `instance_url` (loopback excepted): the token would travel in clear. */
  | 'ERR_INSECURE_INSTANCE_URL';

/** Code of {@link TokenExchangeError}: Salesforce answered with an OAuth error. */
export type TokenExchangeErrorCode = 'ERR_TOKEN_GRANT_REJECTED';

/** Every stable error code jwt-core can throw: the union of each error class's own codes. */
export type JwtCoreErrorCode =
  | KeyErrorCode
  | KeyGenerationErrorCode
  | CertificateErrorCode
  | KeystoreErrorCode
  | AppMetadataErrorCode
  | UrlErrorCode
  | ClaimErrorCode
  | AssertionFormatErrorCode
  | TransportErrorCode
  | TokenExchangeErrorCode;

/** Options common to every {@link JwtCoreError}. */
export interface JwtCoreErrorOptions {
  /** What the user should do about it, in one or two sentences. */
  readonly fix: string;
  /** The underlying error, kept for debugging. Never contains secret material. */
  readonly cause?: unknown;
  /** Structured, non-secret context (for example `{ bits: 1024 }`) for `--json` consumers. */
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * Base class of every error jwt-core throws for bad input.
 *
 * @example
 * ```ts
 * try {
 *   loadPrivateKey(pem)
 * } catch (err) {
 *   if (err instanceof JwtCoreError && err.code === 'ERR_KEY_IS_CERTIFICATE') console.error(err.fix)
 * }
 * ```
 */
export class JwtCoreError<Code extends JwtCoreErrorCode = JwtCoreErrorCode> extends Error {
  /** Stable machine-readable code. */
  readonly code: Code;
  /** What to do about it. */
  readonly fix: string;
  /** Structured, non-secret context. */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: Code, message: string, options: JwtCoreErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.fix = options.fix;
    this.details = options.details ?? {};
  }
}

/** A private key could not be used: unreadable, of the wrong kind, too small, or locked. */
export class KeyError extends JwtCoreError<KeyErrorCode> {}

/** A certificate or CSR could not be read, or does not match the key. */
export class CertificateError extends JwtCoreError<CertificateErrorCode> {}

/** Key or certificate generation was asked for something unsupported. */
export class KeyGenerationError extends JwtCoreError<KeyGenerationErrorCode> {}

/** A keystore (JKS or PKCS#12) was asked for something keytool or Salesforce's keystore import would refuse. */
export class KeystoreError extends JwtCoreError<KeystoreErrorCode> {}

/** A login, instance or audience URL cannot be used for the JWT bearer flow. */
export class UrlError extends JwtCoreError<UrlErrorCode> {}

/** A claim value (client id, username, lifetime, …) is not acceptable. */
export class ClaimError extends JwtCoreError<ClaimErrorCode> {}

/** An assertion could not be decoded at all (not a compact JWS). */
export class AssertionFormatError extends JwtCoreError<AssertionFormatErrorCode> {}

/** Options of {@link TransportError}. */
export interface TransportErrorOptions extends JwtCoreErrorOptions {
  /** Every POST made, in order. Absent when the failure came before any request (e.g. an invalid proxy setting). */
  readonly attempts?: readonly ExchangeAttempt[] | undefined;
}

/**
 * The HTTP exchange failed: network fault, timeout, proxy, server error or unusable response. Keeps every attempt,
 * typed, in {@link TransportError.attempts} (and, for `--json` consumers, in `details.attempts`).
 */
export class TransportError extends JwtCoreError<TransportErrorCode> {
  /** Every POST made, in order; `undefined` when the failure came before any request was made. */
  readonly attempts: readonly ExchangeAttempt[] | undefined;

  constructor(code: TransportErrorCode, message: string, options: TransportErrorOptions) {
    const { attempts, ...rest } = options;
    super(code, message, attempts === undefined ? rest : { ...rest, details: { ...rest.details, attempts } });
    this.attempts = attempts;
  }

  /**
   * The same failure with `attempts` as its attempt list (the exchange and the fallback add the POSTs they made).
   * Code, message, fix, other details, `cause` and stack are kept.
   */
  withAttempts(attempts: readonly ExchangeAttempt[]): TransportError {
    const copy = new TransportError(this.code, this.message, {
      fix: this.fix,
      details: this.details,
      attempts,
      ...(this.cause === undefined ? {} : { cause: this.cause }),
    });
    if (this.stack !== undefined) copy.stack = this.stack;
    return copy;
  }
}

/** Everything known about a grant Salesforce rejected: the final answer, every attempt, the diagnosis. */
export interface TokenExchangeFailure extends RejectionFacts {
  /** Every POST made, in order. */
  readonly attempts: readonly ExchangeAttempt[];
  /** Ranked likely causes with local evidence and fixes. */
  readonly diagnosis?: Diagnosis;
}

/**
 * Salesforce answered the token request with an OAuth error (code `ERR_TOKEN_GRANT_REJECTED`). Keeps the server's
 * `error`, `error_description` and status, every attempt, and a {@link Diagnosis}. Never holds the assertion.
 */
export class TokenExchangeError extends JwtCoreError<TokenExchangeErrorCode> {
  readonly status: number;
  readonly error: string;
  readonly errorDescription: string | undefined;
  readonly serverDate: number | undefined;
  readonly tokenHost: string;
  readonly audience: string | undefined;
  readonly attempts: readonly ExchangeAttempt[];
  readonly diagnosis: Diagnosis | undefined;

  constructor(failure: TokenExchangeFailure) {
    const said = failure.errorDescription === undefined ? failure.error : `${failure.error}: ${failure.errorDescription}`;
    const top = failure.diagnosis?.causes[0];
    const likely = top !== undefined && top.likelihood === 'likely' ? ` Most likely: ${top.title}` : '';
    super('ERR_TOKEN_GRANT_REJECTED', `Salesforce rejected the JWT bearer grant at ${failure.tokenHost} (${said}).${likely}`, {
      fix: top?.fix ?? 'Check the app\'s certificate, pre-authorization and the login URL; run `sf jwt doctor` for every check.',
      details: {
        status: failure.status,
        error: failure.error,
        errorDescription: failure.errorDescription,
        tokenHost: failure.tokenHost,
        audience: failure.audience,
        attempts: failure.attempts,
      },
    });
    this.status = failure.status;
    this.error = failure.error;
    this.errorDescription = failure.errorDescription;
    this.serverDate = failure.serverDate;
    this.tokenHost = failure.tokenHost;
    this.audience = failure.audience;
    this.attempts = failure.attempts;
    this.diagnosis = failure.diagnosis;
  }

  /** The same rejection with `attempts` as its attempt list (the fallback adds the pairs it tried first). */
  withAttempts(attempts: readonly ExchangeAttempt[]): TokenExchangeError {
    const copy = new TokenExchangeError({
      status: this.status,
      error: this.error,
      tokenHost: this.tokenHost,
      ...(this.errorDescription === undefined ? {} : { errorDescription: this.errorDescription }),
      ...(this.serverDate === undefined ? {} : { serverDate: this.serverDate }),
      ...(this.audience === undefined ? {} : { audience: this.audience }),
      ...(this.diagnosis === undefined ? {} : { diagnosis: this.diagnosis }),
      attempts,
    });
    if (this.stack !== undefined) copy.stack = this.stack;
    return copy;
  }
}

/** True when `value` is a {@link JwtCoreError}, optionally with the given code (and then typed with that code). */
export function isJwtCoreError<Code extends JwtCoreErrorCode = JwtCoreErrorCode>(value: unknown, code?: Code): value is JwtCoreError<Code> {
  return value instanceof JwtCoreError && (code === undefined || value.code === code);
}
