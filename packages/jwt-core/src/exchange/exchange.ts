import { normalizeTokenHost } from '../audience/normalize-url.js';
import type { Diagnosis } from '../diagnose/diagnosis-types.js';
import { JwtCoreError, TokenExchangeError, TransportError, type TransportErrorCode } from '../errors.js';
import { backoffDelay, parseRetryAfter } from './backoff.js';
import { classifyResponse, type Classified } from './classify-response.js';
import { describeNetworkError } from './network-error.js';
import { tokenEndpoint, tokenRequestBody } from './request.js';
import type { ExchangeAttempt, ExchangeResponse, FetchLike, RejectionFacts, TokenResult } from './types.js';

/** Options of {@link exchangeAssertion}. */
export interface ExchangeOptions {
  /** Where to POST: login, test, My Domain or site URL (scheme + host). */
  readonly tokenHost: string;
  /** The signed compact JWS. Never logged, never put in an error. */
  readonly assertion: string;
  /** `fetch` to use (the global one, undici's with a proxy dispatcher, or a fake). */
  readonly fetch: FetchLike;
  /** The assertion's `aud`, recorded in attempts and used by the diagnosis. */
  readonly audience?: string;
  /** Per-attempt timeout, response body included. Default 30 000 ms. */
  readonly timeoutMs?: number;
  /** Extra attempts after a network error, timeout, 5xx or non-JSON page. Default 2. OAuth errors are never retried. */
  readonly retries?: number;
  /** First retry delay before jitter; doubles each retry. Default 250 ms. */
  readonly backoffMs?: number;
  /** Uniform [0, 1) source for jitter. Default `Math.random`. */
  readonly random?: () => number;
  /** Waits between attempts. Default: a timer. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Monotonic milliseconds for attempt durations. Default `performance.now`. */
  readonly monotonic?: () => number;
  /**
   * Explains an OAuth rejection. {@link exchangeAssertion} itself knows no claims or keys; callers plug
   * {@link diagnoseFailure} in with what they know (see {@link exchangeWithFallback}). `attempt` is the rejected POST
   * (its duration bounds when the server stamped its `Date` header).
   */
  readonly diagnose?: (failure: RejectionFacts, attempt: ExchangeAttempt) => Diagnosis;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

type Outcome =
  | { readonly kind: 'response'; readonly response: ExchangeResponse; readonly text: string }
  | { readonly kind: 'network-error' | 'timeout'; readonly problem: string; readonly code?: string; readonly tls?: boolean };

async function post(url: string, body: string, fetch: FetchLike, timeoutMs: number): Promise<Outcome> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
      signal: controller.signal,
      redirect: 'manual',
    });
    // The body read is inside the timeout too: a server that sends headers and then hangs is still a timeout.
    return { kind: 'response', response, text: await response.text() };
  } catch (error) {
    // A coded error from the injected fetch (e.g. an invalid proxy setting) is a configuration problem: no retry.
    if (error instanceof JwtCoreError) throw error;
    if (timedOut) return { kind: 'timeout', problem: `no complete answer within ${timeoutMs} ms` };
    const p = describeNetworkError(error);
    if (p.proxyStatus === 407) {
      // Retrying cannot fix missing proxy credentials.
      throw new TransportError('ERR_PROXY_INVALID', `The proxy in front of ${url.replace(/\/services\/oauth2\/token$/, '')} requires authentication (HTTP 407).`, {
        fix: 'Put the proxy credentials in HTTPS_PROXY / HTTP_PROXY (http://user:password@proxy:port, percent-encoded), or exempt the host in NO_PROXY.',
        details: { proxyStatus: 407 },
      });
    }
    return { kind: 'network-error', problem: p.description, ...(p.code === undefined ? {} : { code: p.code }), tls: p.tls };
  } finally {
    clearTimeout(timer);
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
 * Exchanges a signed JWT bearer assertion for an access token (reference §3): one form POST to
 * `<tokenHost>/services/oauth2/token` with exactly `grant_type` and `assertion`.
 *
 * Network errors, timeouts, 5xx and non-JSON pages are retried with exponential backoff; an OAuth error (4xx JSON)
 * is final and throws {@link TokenExchangeError}. Transport failures throw {@link TransportError}
 * (`ERR_NETWORK`, `ERR_NETWORK_TIMEOUT`, `ERR_HTTP_SERVER_ERROR`, `ERR_TOKEN_RESPONSE_INVALID`, `ERR_PROXY_INVALID`).
 * Every attempt is recorded; neither the assertion nor the token ever appears in an error.
 *
 * @example
 * ```ts
 * const token = await exchangeAssertion({ tokenHost: 'https://acme.my.salesforce.com', assertion, fetch })
 * console.log(token.instanceUrl, token.orgId)
 * ```
 */
export async function exchangeAssertion(options: ExchangeOptions): Promise<TokenResult> {
  const tokenHost = normalizeTokenHost(options.tokenHost);
  const body = tokenRequestBody(options.assertion);
  const url = tokenEndpoint(tokenHost);
  const { timeoutMs = 30_000, retries = 2, backoffMs = 250, random = Math.random, sleep = defaultSleep } = options;
  const monotonic = options.monotonic ?? (() => performance.now());
  const aud = options.audience === undefined ? {} : { audience: options.audience };
  const attempts: ExchangeAttempt[] = [];
  let retryAfterMs: number | undefined;

  for (let attempt = 0; ; attempt++) {
    if (attempt > 0) await sleep(backoffDelay(attempt - 1, backoffMs, random, retryAfterMs));
    const started = monotonic();
    const outcome = await post(url, body, options.fetch, timeoutMs);
    const durationMs = Math.round(monotonic() - started);
    const base = { host: tokenHost, ...aud, durationMs };

    if (outcome.kind !== 'response') {
      attempts.push({ ...base, outcome: outcome.kind, problem: outcome.problem });
      if (attempt < retries) continue;
      throw transportFailure(outcome.kind === 'timeout' ? 'ERR_NETWORK_TIMEOUT' : 'ERR_NETWORK', tokenHost, attempts, outcome);
    }
    const { response, text } = outcome;
    const serverDate = serverDateOf(response);
    const status = { status: response.status, ...(serverDate === undefined ? {} : { serverDate }), ...unparseableDate(response, serverDate) };
    const c: Classified = classifyResponse(response.status, response.headers, text, tokenHost);
    switch (c.kind) {
      case 'token':
        attempts.push({ ...base, ...status, outcome: 'success' });
        return { ...c.parsed, tokenHost, ...aud, attempts };
      case 'rejected': {
        const described = c.errorDescription === undefined ? {} : { errorDescription: c.errorDescription };
        const rejected: ExchangeAttempt = { ...base, ...status, outcome: 'rejected', error: c.error, ...described };
        attempts.push(rejected);
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
        attempts.push({ ...base, ...status, outcome: 'invalid-response', problem: c.failure.message });
        throw c.failure.withAttempts(attempts);
      case 'retryable': {
        const oauth = c.error === undefined ? {} : { error: c.error, ...(c.errorDescription === undefined ? {} : { errorDescription: c.errorDescription }) };
        attempts.push({ ...base, ...status, outcome: c.outcome, problem: c.problem, ...oauth });
        retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
        if (attempt < retries) continue;
        throw transportFailure(c.outcome === 'server-error' ? 'ERR_HTTP_SERVER_ERROR' : 'ERR_TOKEN_RESPONSE_INVALID', tokenHost, attempts, c);
      }
    }
  }
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
      ? 'A TLS-intercepting proxy is likely: point NODE_EXTRA_CA_CERTS at its root certificate (PEM).'
      : 'Check the login URL and your network; behind a proxy set HTTPS_PROXY (and NO_PROXY for exceptions).',
    ERR_NETWORK_TIMEOUT: 'Check the network or proxy (HTTPS_PROXY, NO_PROXY); raise the timeout if the link is slow.',
    ERR_HTTP_SERVER_ERROR: 'Salesforce or a proxy is failing; retry later and check https://status.salesforce.com.',
    ERR_TOKEN_RESPONSE_INVALID: 'Check that the login URL points at Salesforce, not at a proxy page or another service.',
  };
  return new TransportError(code, messages[code] ?? last.problem, {
    fix: fixes[code] ?? 'Check the login URL and your network.',
    details: { tokenHost, ...(last.code === undefined ? {} : { networkCode: last.code }) },
    attempts,
  });
}
