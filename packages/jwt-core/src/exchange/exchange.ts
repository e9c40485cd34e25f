import { normalizeTokenHost } from '../audience/normalize-url.js';
import type { Diagnosis } from '../diagnose/diagnosis-types.js';
import {
  JwtCoreError,
  TokenExchangeError,
  TransportError,
  type ErrorHint,
  type TransportErrorCode,
} from '../errors.js';
import { backoffDelay, parseRetryAfter } from './backoff.js';
import { classifyResponse, type Classified } from './classify-response.js';
import { DEFAULT_ATTEMPT_TIMEOUT_MS, startBudget, type ExchangeBudget, type SetTimer } from './deadline.js';
import { describeNetworkError } from './network-error.js';
import { MAX_TOKEN_RESPONSE_BYTES, readCappedText, unlessAborted } from './read-body.js';
import { assertSecureInstanceUrl } from './secure-instance.js';
import { platformFetch } from '../internal/platform.js';
import { tokenEndpoint, tokenRequestBody } from './request.js';
import type { ExchangeAttempt, ExchangeResponse, FetchLike, RejectionFacts, TokenResult } from './types.js';

/** Options of {@link exchangeAssertion}. */
export interface ExchangeOptions {
  /** Where to POST: login, test, My Domain or site URL (scheme + host). */
  readonly tokenHost: string;
  /** The signed compact JWS. Never logged, never put in an error. */
  readonly assertion: string;
  /**
   * `fetch` to use: the global one (the default), a fake, or a proxy-aware one such as
   * `(url, init) => undiciFetch(url, { ...init, dispatcher: new ProxyAgent(proxyUrl) })`.
   */
  readonly fetch?: FetchLike | undefined;
  /** The assertion's `aud`, recorded in attempts and used by the diagnosis. */
  readonly audience?: string | undefined;
  /**
   * Limit of one POST, response body included. Default 30 000 ms. Each attempt also stops at the overall
   * {@link ExchangeOptions.deadlineMs}, whichever comes first.
   */
  readonly timeoutMs?: number | undefined;
  /**
   * Overall deadline of the exchange: every attempt, backoff wait and (in {@link exchangeWithFallback}) every
   * candidate together, from the first POST. Default 30 000 ms. No retry starts that could not finish before it.
   */
  readonly deadlineMs?: number | undefined;
  /**
   * Stops everything at once when it aborts: the POST in flight, any backoff wait, any further retry or candidate.
   * The exchange then throws `TransportError` `ERR_ABORTED` whose `cause` is the signal's `reason`.
   */
  readonly signal?: AbortSignal | undefined;
  /**
   * Called after each POST with what happened (token host, `aud`, status, OAuth error, outcome, duration), for
   * logging. Never given the assertion or a token. An exception thrown by the hook is ignored: logging must not
   * change the outcome.
   */
  readonly onAttempt?: ((attempt: ExchangeAttempt) => void) | undefined;
  /** Byte cap of a response body. Default 64 KiB; a larger answer is `ERR_RESPONSE_TOO_LARGE`, never retried. */
  readonly maxResponseBytes?: number | undefined;
  /** Extra attempts after a network error, timeout, 5xx or non-JSON page. Default 2. OAuth errors are never retried. */
  readonly retries?: number | undefined;
  /** First retry delay before jitter; doubles each retry. Default 250 ms. */
  readonly backoffMs?: number | undefined;
  /** Uniform [0, 1) source for jitter. Default `Math.random`. */
  readonly random?: (() => number) | undefined;
  /** Waits between attempts; should end early when `signal` aborts. Default: an abortable timer. */
  readonly sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
  /** Arms the per-attempt timer (tests inject one they fire themselves). Default `setTimeout`. */
  readonly setTimer?: SetTimer | undefined;
  /** Monotonic milliseconds for attempt durations and the deadline. Default `performance.now`. */
  readonly monotonic?: (() => number) | undefined;
  /**
   * Explains an OAuth rejection. {@link exchangeAssertion} itself knows no claims or keys; callers plug
   * {@link diagnoseFailure} in with what they know (see {@link exchangeWithFallback}). `attempt` is the rejected POST
   * (its duration bounds when the server stamped its `Date` header).
   */
  readonly diagnose?: ((failure: RejectionFacts, attempt: ExchangeAttempt) => Diagnosis) | undefined;
}

export const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

type Outcome =
  | { readonly kind: 'response'; readonly response: ExchangeResponse; readonly text: string }
  | { readonly kind: 'too-large'; readonly response: ExchangeResponse; readonly bytes: number }
  | { readonly kind: 'aborted' }
  | { readonly kind: 'network-error'; readonly problem: string; readonly code?: string; readonly tls?: boolean }
  | { readonly kind: 'timeout'; readonly problem: string };

interface PostLimits {
  readonly budget: ExchangeBudget;
  /** This attempt's time limit: the per-attempt timeout or what is left of the deadline. */
  readonly limitMs: number;
  /** How the limit is described when it is hit. */
  readonly limitText: string;
  readonly maxBytes: number;
}

async function post(url: string, body: string, fetch: FetchLike, limits: PostLimits): Promise<Outcome> {
  const { budget } = limits;
  const controller = new AbortController();
  let timedOut = false;
  const disarm = budget.setTimer(
    () => {
      timedOut = true;
      controller.abort(new DOMException('The token request timed out', 'TimeoutError'));
    },
    Math.max(0, limits.limitMs),
  );
  const onCallerAbort = (): void => controller.abort(budget.signal?.reason);
  budget.signal?.addEventListener('abort', onCallerAbort, { once: true });
  try {
    const response = await unlessAborted(
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body,
        signal: controller.signal,
        redirect: 'manual',
      }),
      controller.signal,
    );
    // The body read is inside the timeout too: a server that sends headers and then hangs (or drips) is a timeout.
    const read = await readCappedText(response, limits.maxBytes, controller.signal);
    return read.kind === 'text'
      ? { kind: 'response', response, text: read.text }
      : { kind: 'too-large', response, bytes: read.bytes };
  } catch (error) {
    if (budget.signal?.aborted === true) return { kind: 'aborted' };
    // A coded error from the injected fetch (e.g. an invalid proxy setting) is a configuration problem: no retry.
    if (error instanceof JwtCoreError) throw error;
    if (timedOut) return { kind: 'timeout', problem: `no complete answer within ${limits.limitText}` };
    const p = describeNetworkError(error);
    if (p.proxyStatus === 407) {
      // Retrying cannot fix missing proxy credentials.
      throw new TransportError(
        'ERR_PROXY_INVALID',
        `The proxy in front of ${url.replace(/\/services\/oauth2\/token$/, '')} requires authentication (HTTP 407).`,
        {
          fix: 'Give the proxy URL its credentials (http://user:password@proxy:port, percent-encoded) in the proxy-aware fetch, or exempt the host from the proxy.',
          hint: { kind: 'proxy-auth-required' },
          details: { proxyStatus: 407 },
        },
      );
    }
    return {
      kind: 'network-error',
      problem: p.description,
      ...(p.code === undefined ? {} : { code: p.code }),
      tls: p.tls,
    };
  } finally {
    disarm();
    budget.signal?.removeEventListener('abort', onCallerAbort);
  }
}

/** A Date header that came back but is not an HTTP date: worth telling apart from none (the clock check says which). */
function unparseableDate(response: ExchangeResponse, serverDate: number | undefined): { serverDateUnparseable?: true } {
  return serverDate === undefined && response.headers.get('date') !== null ? { serverDateUnparseable: true } : {};
}

function serverDateOf(response: ExchangeResponse): number | undefined {
  const header = response.headers.get('date');
  const ms = header === null ? NaN : Date.parse(header);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * Exchanges a signed JWT bearer assertion for an access token: one form POST to
 * `<tokenHost>/services/oauth2/token` with exactly `grant_type` and `assertion`.
 *
 * Network errors, timeouts, 5xx and non-JSON pages are retried with exponential backoff, all within one overall
 * deadline; an OAuth error (4xx JSON) is final and throws {@link TokenExchangeError}. Transport failures throw
 * {@link TransportError} (`ERR_NETWORK`, `ERR_NETWORK_TIMEOUT`, `ERR_HTTP_SERVER_ERROR`, `ERR_TOKEN_RESPONSE_INVALID`,
 * `ERR_PROXY_INVALID`, `ERR_RESPONSE_TOO_LARGE`, `ERR_ABORTED`, `ERR_INSECURE_INSTANCE_URL`).
 * Every attempt is recorded; neither the assertion nor the token ever appears in an error.
 *
 * @example
 * ```ts
 * const token = await exchangeAssertion({ tokenHost: 'https://acme.my.salesforce.com', assertion, fetch })
 * console.log(token.instanceUrl, token.orgId)
 * ```
 */
export async function exchangeAssertion(options: ExchangeOptions): Promise<TokenResult> {
  return exchangeWithin({ ...options, fetch: platformFetch(options.fetch) }, startBudget(options));
}

/** {@link ExchangeOptions} with the platform defaults resolved (what the internals receive). */
export type ResolvedExchangeOptions = ExchangeOptions & { readonly fetch: FetchLike };

/** Reads the flag afresh (TypeScript would keep a narrowing of `signal.aborted` across awaits). */
function isAborted(signal: AbortSignal | undefined): signal is AbortSignal {
  return signal?.aborted === true;
}

function abortedError(tokenHost: string, attempts: readonly ExchangeAttempt[], signal: AbortSignal): TransportError {
  const tries = attempts.length === 1 ? '1 attempt' : `${attempts.length} attempts`;
  return new TransportError(
    'ERR_ABORTED',
    `The token request to ${tokenHost} was aborted by the caller's signal (${tries}).`,
    {
      fix: 'Nothing to fix if the abort was intended; otherwise find out which code aborted the signal passed as `signal`.',
      details: { tokenHost },
      attempts,
      cause: signal.reason,
    },
  );
}

/**
 * {@link exchangeAssertion} within a budget shared with other exchanges (the fallback's candidates share one).
 * @internal
 */
export async function exchangeWithin(options: ResolvedExchangeOptions, budget: ExchangeBudget): Promise<TokenResult> {
  const tokenHost = normalizeTokenHost(options.tokenHost);
  const body = tokenRequestBody(options.assertion);
  const url = tokenEndpoint(tokenHost);
  const {
    timeoutMs = DEFAULT_ATTEMPT_TIMEOUT_MS,
    retries = 2,
    backoffMs = 250,
    random = Math.random,
    sleep = defaultSleep,
  } = options;
  const { monotonic, signal } = budget;
  const maxBytes = options.maxResponseBytes ?? MAX_TOKEN_RESPONSE_BYTES;
  const aud = options.audience === undefined ? {} : { audience: options.audience };
  const attempts: ExchangeAttempt[] = [];
  const record = (attempt: ExchangeAttempt): void => {
    attempts.push(attempt);
    try {
      options.onAttempt?.(attempt);
    } catch {
      // A logging hook must not change the outcome.
    }
  };
  let retryAfterMs: number | undefined;
  let leftAfterLast = Infinity;
  let lastFailure: () => TransportError = () => deadlinePassed(tokenHost, attempts, budget.deadlineMs);

  for (let attempt = 0; ; attempt++) {
    if (isAborted(signal)) throw abortedError(tokenHost, attempts, signal);
    if (attempt > 0) {
      const delay = backoffDelay(attempt - 1, backoffMs, random, retryAfterMs);
      // A retry that cannot start before the deadline would only wait for nothing: fail now with the last answer.
      if (delay >= leftAfterLast) throw lastFailure();
      await (signal === undefined ? sleep(delay) : unlessAborted(sleep(delay, signal), signal).catch(() => {}));
      if (isAborted(signal)) throw abortedError(tokenHost, attempts, signal);
    }
    const started = monotonic();
    const left = budget.remainingAt(started);
    if (left <= 0) throw attempts.length === 0 ? deadlinePassed(tokenHost, attempts, budget.deadlineMs) : lastFailure();
    const overall = left < timeoutMs;
    const limits: PostLimits = {
      budget,
      limitMs: overall ? left : timeoutMs,
      limitText: overall ? `the overall deadline of ${budget.deadlineMs} ms` : `${timeoutMs} ms`,
      maxBytes,
    };
    const outcome = await post(url, body, options.fetch, limits);
    const ended = monotonic();
    leftAfterLast = budget.remainingAt(ended);
    const durationMs = Math.round(ended - started);
    const base = { host: tokenHost, ...aud, durationMs };

    if (outcome.kind === 'aborted') {
      record({ ...base, outcome: 'aborted', problem: 'aborted by the caller' });
      throw abortedError(tokenHost, attempts, signal!);
    }
    if (outcome.kind === 'network-error' || outcome.kind === 'timeout') {
      const failed = outcome;
      record({ ...base, outcome: failed.kind, problem: failed.problem });
      lastFailure = () =>
        transportFailure(
          failed.kind === 'timeout' ? 'ERR_NETWORK_TIMEOUT' : 'ERR_NETWORK',
          tokenHost,
          attempts,
          failed,
        );
      if (attempt < retries) continue;
      throw lastFailure();
    }
    const { response } = outcome;
    const serverDate = serverDateOf(response);
    const status = {
      status: response.status,
      ...(serverDate === undefined ? {} : { serverDate }),
      ...unparseableDate(response, serverDate),
    };
    if (outcome.kind === 'too-large') {
      const problem = `the body passed the ${maxBytes}-byte cap (${outcome.bytes} bytes read or declared)`;
      record({ ...base, ...status, outcome: 'invalid-response', problem });
      throw tooLarge(tokenHost, attempts, maxBytes, response.status);
    }
    const c: Classified = classifyResponse(response.status, response.headers, outcome.text, tokenHost);
    switch (c.kind) {
      case 'token': {
        const insecure = assertSecureInstanceUrl(c.parsed.instanceUrl, tokenHost);
        if (insecure !== undefined) {
          record({ ...base, ...status, outcome: 'invalid-response', problem: 'the instance URL is plain http' });
          throw insecure.withAttempts(attempts);
        }
        record({ ...base, ...status, outcome: 'success' });
        return { ...c.parsed, tokenHost, ...aud, attempts };
      }
      case 'rejected': {
        const described = c.errorDescription === undefined ? {} : { errorDescription: c.errorDescription };
        const rejected: ExchangeAttempt = { ...base, ...status, outcome: 'rejected', error: c.error, ...described };
        record(rejected);
        const facts: RejectionFacts = {
          status: response.status,
          error: c.error,
          ...described,
          ...(serverDate === undefined ? {} : { serverDate }),
          tokenHost,
          ...aud,
        };
        const diagnosis = options.diagnose?.(facts, rejected);
        throw new TokenExchangeError({ ...facts, attempts, ...(diagnosis === undefined ? {} : { diagnosis }) });
      }
      case 'fatal':
        record({ ...base, ...status, outcome: 'invalid-response', problem: c.failure.message });
        throw c.failure.withAttempts(attempts);
      case 'retryable': {
        const oauth =
          c.error === undefined
            ? {}
            : { error: c.error, ...(c.errorDescription === undefined ? {} : { errorDescription: c.errorDescription }) };
        record({ ...base, ...status, outcome: c.outcome, problem: c.problem, ...oauth });
        retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
        lastFailure = () =>
          transportFailure(
            c.outcome === 'server-error' ? 'ERR_HTTP_SERVER_ERROR' : 'ERR_TOKEN_RESPONSE_INVALID',
            tokenHost,
            attempts,
            c,
          );
        if (attempt < retries) continue;
        throw lastFailure();
      }
    }
  }
}

function tooLarge(
  tokenHost: string,
  attempts: readonly ExchangeAttempt[],
  maxBytes: number,
  status: number,
): TransportError {
  return new TransportError(
    'ERR_RESPONSE_TOO_LARGE',
    `${tokenHost} answered the token request with more than ${maxBytes} bytes (HTTP ${status}); the rest was not read.`,
    {
      fix: "Salesforce's token answers are a few hundred bytes: check that the login URL reaches Salesforce and not another service or a misbehaving proxy.",
      details: { tokenHost, status, maxBytes },
      attempts,
    },
  );
}

function deadlinePassed(tokenHost: string, attempts: readonly ExchangeAttempt[], deadlineMs: number): TransportError {
  return new TransportError(
    'ERR_NETWORK_TIMEOUT',
    `The overall deadline of ${deadlineMs} ms passed before ${tokenHost} could be asked for a token.`,
    {
      fix: 'Check the network or the proxy of the fetch; raise `deadlineMs` if the link is slow.',
      hint: { kind: 'network-timeout', limit: 'deadline' },
      details: { tokenHost, deadlineMs },
      attempts,
    },
  );
}

function transportFailure(
  code: TransportErrorCode,
  tokenHost: string,
  attempts: readonly ExchangeAttempt[],
  last: { readonly problem: string; readonly code?: string; readonly tls?: boolean },
): TransportError {
  const tries = attempts.length === 1 ? '1 attempt' : `${attempts.length} attempts`;
  const messages: Partial<Record<TransportErrorCode, string>> = {
    ERR_NETWORK: `Could not reach ${tokenHost}: ${last.problem} (${tries}).`,
    ERR_NETWORK_TIMEOUT: `${tokenHost} did not answer the token request: ${last.problem} (${tries}).`,
    ERR_HTTP_SERVER_ERROR: `${tokenHost} failed with a server error: ${last.problem} (${tries}).`,
    ERR_TOKEN_RESPONSE_INVALID: `${tokenHost} did not answer with Salesforce's token JSON: ${last.problem} (${tries}).`,
  };
  const fixes: Partial<Record<TransportErrorCode, string>> = {
    ERR_NETWORK: last.tls
      ? 'A TLS-intercepting proxy is likely: make the fetch (or Node) trust its root certificate (PEM).'
      : 'Check the login URL and your network; behind a proxy pass a proxy-aware fetch (proxyForUrl picks the proxy).',
    ERR_NETWORK_TIMEOUT: 'Check the network or the proxy of the fetch; raise `timeoutMs` if the link is slow.',
    ERR_HTTP_SERVER_ERROR: 'Salesforce or a proxy is failing; retry later and check https://status.salesforce.com.',
    ERR_TOKEN_RESPONSE_INVALID:
      'Check that the login URL points at Salesforce, not at a proxy page or another service.',
  };
  const hints: Partial<Record<TransportErrorCode, ErrorHint>> = {
    ERR_NETWORK: { kind: 'network-unreachable', tls: last.tls === true },
    ERR_NETWORK_TIMEOUT: { kind: 'network-timeout', limit: 'attempt' },
  };
  return new TransportError(code, messages[code] ?? last.problem, {
    fix: fixes[code] ?? 'Check the login URL and your network.',
    hint: hints[code],
    details: { tokenHost, ...(last.code === undefined ? {} : { networkCode: last.code }) },
    attempts,
  });
}
