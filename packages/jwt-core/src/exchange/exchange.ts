import { normalizeTokenHost } from '../audience/normalize-url.js';
import type { Diagnosis } from '../diagnose/diagnosis-types.js';
import { JwtCoreError, TransportError } from '../errors.js';
import { backoffDelay } from './backoff.js';
import { DEFAULT_ATTEMPT_TIMEOUT_MS, startBudget, type ExchangeBudget, type SetTimer } from './deadline.js';
import { abortedError, deadlinePassed, transportFailure } from './exchange-failures.js';
import { judgeAnswer, type Answer, type ExchangeRun } from './judge-answer.js';
import { describeNetworkError } from './network-error.js';
import { MAX_TOKEN_RESPONSE_BYTES, readCappedText, unlessAborted } from './read-body.js';
import { platformFetch } from '../internal/platform.js';
import { tokenEndpoint, tokenRequestBody } from './request.js';
import type { ExchangeAttempt, FetchLike, RejectionFacts, TokenResult } from './types.js';

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
  | Answer
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

/**
 * {@link exchangeAssertion} within a budget shared with other exchanges (the fallback's candidates share one): the
 * first attempt, then a retry after each retryable failure while retries and the deadline allow.
 * @internal
 */
export async function exchangeWithin(options: ResolvedExchangeOptions, budget: ExchangeBudget): Promise<TokenResult> {
  const run = startRun(options, budget);
  const retries = options.retries ?? 2;
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0) await waitToRetry(run, options, attempt);
    else if (isAborted(budget.signal)) throw abortedError(run.tokenHost, run.attempts, budget.signal);
    const result = await attemptOnce(run, options);
    if (result !== 'retry') return result;
    if (attempt >= retries) throw run.lastFailure();
  }
}

/** An exchange's run within its budget: what every attempt shares, and the attempts so far. */
interface BudgetedRun extends ExchangeRun {
  readonly budget: ExchangeBudget;
  readonly url: string;
  readonly body: string;
  /** What was left of the deadline when the last attempt ended (no retry starts that could not finish). */
  leftAfterLast: number;
}

function startRun(options: ResolvedExchangeOptions, budget: ExchangeBudget): BudgetedRun {
  const tokenHost = normalizeTokenHost(options.tokenHost);
  const attempts: ExchangeAttempt[] = [];
  return {
    budget,
    tokenHost,
    url: tokenEndpoint(tokenHost),
    body: tokenRequestBody(options.assertion),
    maxBytes: options.maxResponseBytes ?? MAX_TOKEN_RESPONSE_BYTES,
    aud: options.audience === undefined ? {} : { audience: options.audience },
    attempts,
    record: (attempt) => {
      attempts.push(attempt);
      try {
        options.onAttempt?.(attempt);
      } catch {
        // A logging hook must not change the outcome.
      }
    },
    diagnose: options.diagnose,
    lastFailure: () => deadlinePassed(tokenHost, attempts, budget.deadlineMs),
    retryAfterMs: undefined,
    leftAfterLast: Infinity,
  };
}

/** The backoff before retry number `attempt`: fails at once with the last answer when it would outlast the deadline. */
async function waitToRetry(run: BudgetedRun, options: ResolvedExchangeOptions, attempt: number): Promise<void> {
  const { signal } = run.budget;
  if (isAborted(signal)) throw abortedError(run.tokenHost, run.attempts, signal);
  const { backoffMs = 250, random = Math.random, sleep = defaultSleep } = options;
  const delay = backoffDelay(attempt - 1, backoffMs, random, run.retryAfterMs);
  // A retry that cannot start before the deadline would only wait for nothing: fail now with the last answer.
  if (delay >= run.leftAfterLast) throw run.lastFailure();
  await (signal === undefined ? sleep(delay) : unlessAborted(sleep(delay, signal), signal).catch(() => {}));
  if (isAborted(signal)) throw abortedError(run.tokenHost, run.attempts, signal);
}

/** One POST within what is left of the deadline, judged: the token, `'retry'`, or a thrown final failure. */
async function attemptOnce(run: BudgetedRun, options: ResolvedExchangeOptions): Promise<TokenResult | 'retry'> {
  const { budget } = run;
  const started = budget.monotonic();
  const outcome = await post(run.url, run.body, options.fetch, attemptLimits(run, options, started));
  const ended = budget.monotonic();
  run.leftAfterLast = budget.remainingAt(ended);
  const base = { host: run.tokenHost, ...run.aud, durationMs: Math.round(ended - started) };
  if (outcome.kind === 'aborted') {
    run.record({ ...base, outcome: 'aborted', problem: 'aborted by the caller' });
    throw abortedError(run.tokenHost, run.attempts, budget.signal!);
  }
  if (outcome.kind === 'network-error' || outcome.kind === 'timeout') {
    run.record({ ...base, outcome: outcome.kind, problem: outcome.problem });
    const code = outcome.kind === 'timeout' ? 'ERR_NETWORK_TIMEOUT' : 'ERR_NETWORK';
    run.lastFailure = () => transportFailure(code, run.tokenHost, run.attempts, outcome);
    return 'retry';
  }
  return judgeAnswer(run, outcome, base);
}

/** This attempt's limit: the per-attempt timeout, or what is left of the overall deadline when that comes first. */
function attemptLimits(run: BudgetedRun, options: ResolvedExchangeOptions, started: number): PostLimits {
  const { budget } = run;
  const timeoutMs = options.timeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS;
  const left = budget.remainingAt(started);
  if (left <= 0)
    throw run.attempts.length === 0
      ? deadlinePassed(run.tokenHost, run.attempts, budget.deadlineMs)
      : run.lastFailure();
  const overall = left < timeoutMs;
  return {
    budget,
    limitMs: overall ? left : timeoutMs,
    limitText: overall ? `the overall deadline of ${budget.deadlineMs} ms` : `${timeoutMs} ms`,
    maxBytes: run.maxBytes,
  };
}
