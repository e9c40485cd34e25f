/**
 * Shapes shared by the token exchange: the injected `fetch`, one recorded attempt, and the typed token result.
 * `fetch` is described structurally so that the global `fetch`, undici's `fetch` and test fakes all fit.
 * Type-only and import-free, so that `errors.ts` can name these shapes without an import cycle.
 */

/**
 * The token fields of a successful exchange, as parsed from Salesforce's JSON. There is never a
 * refresh token and never `expires_in`: renew by signing a new assertion.
 */
export interface ParsedToken {
  /** The access token (a session id, or a JWT for apps issuing JWT-based tokens). A secret: print only on request. */
  readonly accessToken: string;
  /** API base URL; may differ from the token host. */
  readonly instanceUrl: string;
  /** Identity URL `…/id/<orgId>/<userId>`. */
  readonly id: string;
  /** Org id: next-to-last segment of {@link ParsedToken.id}. */
  readonly orgId: string;
  /** User id: last segment of {@link ParsedToken.id}. */
  readonly userId: string;
  /** Granted scopes, space-separated. */
  readonly scope?: string;
  /** Issue time, epoch milliseconds (`issued_at`). */
  readonly issuedAt?: number;
  /** Usually `Bearer`. */
  readonly tokenType?: string;
  /** HMAC of `id` and `issued_at` (base64). */
  readonly signature?: string;
}

/** The subset of `RequestInit` the exchange sends. */
export interface ExchangeRequestInit {
  readonly method: 'POST';
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly signal: AbortSignal;
  /** 'manual': a redirected token POST is a wrong host, not something to follow (a 302 would turn it into a GET). */
  readonly redirect: 'manual';
}

/** The reader of a response body stream (the part of `ReadableStreamDefaultReader` the exchange uses). */
export interface ResponseBodyReader {
  read(): Promise<{ readonly done: boolean; readonly value?: Uint8Array | undefined }>;
  cancel(reason?: unknown): Promise<void>;
}

/** A response body stream (the part of `ReadableStream<Uint8Array>` the exchange uses). */
export interface ResponseBody {
  getReader(): ResponseBodyReader;
}

/** The subset of `Response` the exchange reads. */
export interface ExchangeResponse {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  /**
   * The body as a stream. When present it is read chunk by chunk and cancelled past the byte cap, so an endless body
   * costs at most the cap. A `fetch` without streams (a test fake) may omit it; `text()` is then read whole.
   */
  readonly body?: ResponseBody | null;
  text(): Promise<string>;
}

/** A `fetch`-compatible function. The global `fetch` satisfies it. */
export type FetchLike = (url: string, init: ExchangeRequestInit) => Promise<ExchangeResponse>;

/** How one POST to a token endpoint ended. */
export type AttemptOutcome =
  | 'success'
  /** The server answered with an OAuth error (`error`, `error_description`). Never retried. */
  | 'rejected'
  /** Connection refused or reset, DNS failure, TLS failure, proxy failure. */
  | 'network-error'
  /** No complete answer within the timeout. */
  | 'timeout'
  /** The caller's `AbortSignal` fired during the attempt. */
  | 'aborted'
  /** HTTP 5xx (or 408/429 without an OAuth body). */
  | 'server-error'
  /** Not Salesforce's token JSON: an HTML page, malformed JSON, a redirect, a 200 missing fields, a body too large. */
  | 'invalid-response';

/**
 * One POST to a token endpoint, as reported to the user. Never contains the assertion or a token.
 */
export interface ExchangeAttempt {
  /** Token endpoint host (scheme + host, no trailing slash), e.g. `https://acme.my.salesforce.com`. */
  readonly host: string;
  /** The assertion's `aud`, when the caller said which it was. */
  readonly audience?: string;
  /** Why this (host, `aud`) pair was tried: the resolver's reason, or why the previous one failed. */
  readonly reason?: string;
  readonly outcome: AttemptOutcome;
  /** HTTP status, when a response arrived. */
  readonly status?: number;
  /** OAuth `error` (e.g. `invalid_grant`), or Salesforce's `errorCode` for REST-shaped errors. */
  readonly error?: string;
  /** OAuth `error_description` (e.g. `user hasn't approved this consumer`). */
  readonly errorDescription?: string;
  /** Transport failure in words (never secret), for network errors, timeouts and invalid responses. */
  readonly problem?: string;
  /** The response's `Date` header, epoch ms: the server's clock, for skew checks. */
  readonly serverDate?: number;
  /** True when the response had a `Date` header that is not an HTTP date (so there is no `serverDate`). */
  readonly serverDateUnparseable?: true;
  /** Wall time of this attempt, response body included. */
  readonly durationMs: number;
  /**
   * Public-key fingerprint (SHA-256) of the key that signed the assertion, when the token client or
   * `mintAccessToken` made the attempt: how a key rotation names the key in use, never by content.
   */
  readonly keyFingerprint?: string;
}

/** A successful JWT bearer exchange: the parsed token, where it came from, and every attempt. */
export interface TokenResult extends ParsedToken {
  /** The token host that answered. */
  readonly tokenHost: string;
  /** The `aud` of the assertion that succeeded, when known. */
  readonly audience?: string;
  /** Every POST made, in order, the successful one last. */
  readonly attempts: readonly ExchangeAttempt[];
}

/** What the exchange learned from a rejection (handed to `ExchangeOptions.diagnose`, kept by `TokenExchangeError`). */
export interface RejectionFacts {
  /** HTTP status of the answer (400 for OAuth errors). */
  readonly status: number;
  /** OAuth `error`, e.g. `invalid_grant`. */
  readonly error: string;
  /** OAuth `error_description`, e.g. `user hasn't approved this consumer`. */
  readonly errorDescription?: string;
  /** The server's `Date` header as epoch ms, for clock-skew checks. */
  readonly serverDate?: number;
  /** Token host that answered. */
  readonly tokenHost: string;
  /** `aud` of the assertion it rejected, when known. */
  readonly audience?: string;
}
