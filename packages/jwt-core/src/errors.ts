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
  'ERR_CERT_EMPTY' | 'ERR_CERT_NOT_PEM' | 'ERR_CERT_IS_PRIVATE_KEY' | 'ERR_CERT_INVALID' | 'ERR_CERT_KEY_MISMATCH';

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
  | 'ERR_URL_REDIRECT_SCHEME'
  /** A token client request aimed at another origin than the token's instance URL: the bearer token stays home. */
  | 'ERR_URL_OTHER_ORIGIN';

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
  | 'ERR_INSECURE_INSTANCE_URL'
  /** No `fetch` was passed and the runtime has no global one. */
  | 'ERR_FETCH_UNAVAILABLE';

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

/**
 * Structured advice attached to an error (or a validation finding) when what to do depends on how the input reached
 * jwt-core: a front end (a CLI, a web form) can word the fix in its own terms — which flag, which setting, which
 * command — by switching on `kind`, and fall back to `fix` for anything it does not know. The fields are the values
 * such wording needs; never secret. Kinds are a public API, like codes: added, never renamed.
 */
export type ErrorHint =
  /** An encrypted private key and no `passphrase`. */
  | { readonly kind: 'passphrase-required' }
  /** The `passphrase` does not decrypt the private key. */
  | { readonly kind: 'passphrase-wrong' }
  /** The text holds no PEM private key at all. */
  | { readonly kind: 'key-not-pem' }
  /** A key Salesforce cannot use (not RSA, or too small): a new RSA key pair is needed. */
  | { readonly kind: 'new-key-pair'; readonly minimumBits: number }
  /** An OpenSSH-format private key: convert it to PEM, or make a new key pair. */
  | { readonly kind: 'key-openssh' }
  /** OpenSSL could not parse the key at all. */
  | { readonly kind: 'key-unparseable' }
  /** A keystore was asked for a key size Salesforce's keystore import refuses. */
  | { readonly kind: 'keystore-key-size'; readonly supportedBits: readonly number[] }
  /** A lifetime over the documented maximum without `longLived`. */
  | { readonly kind: 'lifetime-needs-long-lived'; readonly maxSeconds: number }
  /** A long-lived lifetime over the upper bound. */
  | { readonly kind: 'lifetime-too-long'; readonly maxSeconds: number }
  /** `jti` asked for on a long-lived assertion. */
  | { readonly kind: 'jti-with-long-lived'; readonly maxSeconds: number }
  /** Not a certificate where one was expected. */
  | { readonly kind: 'certificate-expected' }
  /** A private key where its certificate was expected. */
  | { readonly kind: 'certificate-is-private-key' }
  /** A CSR where a certificate was expected. */
  | { readonly kind: 'certificate-from-csr' }
  /** The private key does not belong to the certificate. */
  | { readonly kind: 'key-certificate-mismatch' }
  /** Something other than a signed assertion was given to the token request. */
  | { readonly kind: 'assertion-expected' }
  /** The assertion to decode is not a well-formed compact JWS. */
  | { readonly kind: 'assertion-malformed' }
  /** Salesforce rejected the grant and no diagnosis names a cause. */
  | { readonly kind: 'grant-rejected' }
  /** A proxy setting (`httpsProxy` or `httpProxy` of `proxyForUrl`) is not an http(s) URL. */
  | { readonly kind: 'proxy-url-invalid'; readonly setting: 'httpsProxy' | 'httpProxy'; readonly protocol?: string }
  /** The proxy answered 407: it wants credentials. */
  | { readonly kind: 'proxy-auth-required' }
  /** The token host could not be reached; `tls` when the server certificate was not trusted (an intercepting proxy). */
  | { readonly kind: 'network-unreachable'; readonly tls: boolean }
  /** No answer in time: per attempt (`'attempt'`) or over the whole exchange (`'deadline'`). */
  | { readonly kind: 'network-timeout'; readonly limit: 'attempt' | 'deadline' }
  // --- validation findings (Finding.hint) ---
  /** Sign a fresh assertion; `hoursBehind` when exp looks like local time used as UTC, `checkClock` when it may just be the clock. */
  | { readonly kind: 'sign-fresh'; readonly hoursBehind?: number; readonly checkClock?: boolean }
  /** Sign with RS256 and the key whose certificate is on the app. */
  | { readonly kind: 'sign-rs256' }
  /** The assertion has no signature. */
  | { readonly kind: 'signature-missing' }
  /** The signature was not checked: pass the app's certificate to check it. */
  | { readonly kind: 'signature-not-checked' }
  /** The aud does not fit the instance: sign with `audience` for `instanceUrl`. */
  | { readonly kind: 'audience-for-instance'; readonly audience: string; readonly instanceUrl: string };

/** The kinds of {@link ErrorHint}. */
export type ErrorHintKind = ErrorHint['kind'];

/** Options common to every {@link JwtCoreError}. */
export interface JwtCoreErrorOptions {
  /** What the user should do about it, in one or two sentences, in terms of jwt-core's functions and options. */
  readonly fix: string;
  /** Structured advice for front ends that word the fix in their own terms; see {@link ErrorHint}. */
  readonly hint?: ErrorHint | undefined;
  /** The underlying error, kept for debugging. Never contains secret material. */
  readonly cause?: unknown;
  /** Structured, non-secret context (for example `{ bits: 1024 }`) for programs that report the error. */
  readonly details?: Readonly<Record<string, unknown>> | undefined;
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
  /** Structured advice for front ends that word the fix in their own terms; `undefined` when `fix` says it all. */
  readonly hint: ErrorHint | undefined;

  constructor(code: Code, message: string, options: JwtCoreErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.fix = options.fix;
    this.details = options.details ?? {};
    this.hint = options.hint;
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
 * typed, in {@link TransportError.attempts} (and, as plain data, in `details.attempts`).
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
      hint: this.hint,
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
    const said =
      failure.errorDescription === undefined ? failure.error : `${failure.error}: ${failure.errorDescription}`;
    const top = failure.diagnosis?.causes[0];
    const likely = top !== undefined && top.likelihood === 'likely' ? ` Most likely: ${top.title}` : '';
    super(
      'ERR_TOKEN_GRANT_REJECTED',
      `Salesforce rejected the JWT bearer grant at ${failure.tokenHost} (${said}).${likely}`,
      {
        fix:
          top?.fix ??
          "Check the app's certificate, its pre-authorization and the login URL; `diagnosis` lists what the local checks found.",
        hint: top === undefined ? { kind: 'grant-rejected' } : undefined,
        details: {
          status: failure.status,
          error: failure.error,
          errorDescription: failure.errorDescription,
          tokenHost: failure.tokenHost,
          audience: failure.audience,
          attempts: failure.attempts,
        },
      },
    );
    this.status = failure.status;
    this.error = failure.error;
    this.errorDescription = failure.errorDescription;
    this.serverDate = failure.serverDate;
    this.tokenHost = failure.tokenHost;
    this.audience = failure.audience;
    this.attempts = failure.attempts;
    this.diagnosis = failure.diagnosis;
  }

  /**
   * The same rejection with `attempts` as its attempt list (the fallback adds the pairs it tried first, a key ring
   * the keys refused first) and, when given, another diagnosis (a key ring's).
   */
  withAttempts(attempts: readonly ExchangeAttempt[], diagnosis = this.diagnosis): TokenExchangeError {
    const copy = new TokenExchangeError({
      status: this.status,
      error: this.error,
      tokenHost: this.tokenHost,
      ...(this.errorDescription === undefined ? {} : { errorDescription: this.errorDescription }),
      ...(this.serverDate === undefined ? {} : { serverDate: this.serverDate }),
      ...(this.audience === undefined ? {} : { audience: this.audience }),
      ...(diagnosis === undefined ? {} : { diagnosis }),
      attempts,
    });
    if (this.stack !== undefined) copy.stack = this.stack;
    return copy;
  }
}

/** True when `value` is a {@link JwtCoreError}, optionally with the given code (and then typed with that code). */
export function isJwtCoreError<Code extends JwtCoreErrorCode = JwtCoreErrorCode>(
  value: unknown,
  code?: Code,
): value is JwtCoreError<Code> {
  return value instanceof JwtCoreError && (code === undefined || value.code === code);
}
