// One answer of the token endpoint judged within an exchange: a token (returned), a rejection or a fatal answer
// (thrown), or a retryable one (the exchange's last failure is updated and the loop decides whether to retry).
import type { Diagnosis } from '../diagnose/diagnosis-types.js';
import { TokenExchangeError, type TransportError } from '../errors.js';
import { parseRetryAfter } from './backoff.js';
import { classifyResponse, type Classified } from './classify-response.js';
import { tooLarge, transportFailure } from './exchange-failures.js';
import { assertSecureInstanceUrl } from './secure-instance.js';
import type { ExchangeAttempt, ExchangeResponse, RejectionFacts, TokenResult } from './types.js';

/** What every attempt of one exchange shares, and what the attempts so far left behind. */
export interface ExchangeRun {
  readonly tokenHost: string;
  readonly maxBytes: number;
  /** `{ audience }` when the caller gave it, else `{}`: spread into attempts, facts and the result. */
  readonly aud: { readonly audience?: string };
  readonly attempts: ExchangeAttempt[];
  readonly record: (attempt: ExchangeAttempt) => void;
  readonly diagnose: ((facts: RejectionFacts, attempt: ExchangeAttempt) => Diagnosis) | undefined;
  /** The error to end with when no further attempt is made: the last answer's, or the deadline's. */
  lastFailure: () => TransportError;
  /** The last answer's Retry-After, for the next backoff. */
  retryAfterMs: number | undefined;
}

/** An answer with a body (read within the cap, or over it). */
export type Answer =
  | { readonly kind: 'response'; readonly response: ExchangeResponse; readonly text: string }
  | { readonly kind: 'too-large'; readonly response: ExchangeResponse; readonly bytes: number };

/** What an attempt records about itself before its outcome: host, audience and duration. */
type AttemptBase = Pick<ExchangeAttempt, 'host' | 'audience' | 'durationMs'>;

/** The token, or `'retry'` after updating the run's last failure; rejections and fatal answers throw. */
export function judgeAnswer(run: ExchangeRun, answer: Answer, base: AttemptBase): TokenResult | 'retry' {
  const { response } = answer;
  const serverDate = serverDateOf(response);
  const seen = {
    ...base,
    status: response.status,
    ...(serverDate === undefined ? {} : { serverDate }),
    ...unparseableDate(response, serverDate),
  };
  if (answer.kind === 'too-large') {
    const problem = `the body passed the ${run.maxBytes}-byte cap (${answer.bytes} bytes read or declared)`;
    run.record({ ...seen, outcome: 'invalid-response', problem });
    throw tooLarge(run.tokenHost, run.attempts, run.maxBytes, response.status);
  }
  const c: Classified = classifyResponse(response.status, response.headers, answer.text, run.tokenHost);
  switch (c.kind) {
    case 'token': {
      const insecure = assertSecureInstanceUrl(c.parsed.instanceUrl, run.tokenHost);
      if (insecure !== undefined) {
        run.record({ ...seen, outcome: 'invalid-response', problem: 'the instance URL is plain http' });
        throw insecure.withAttempts(run.attempts);
      }
      run.record({ ...seen, outcome: 'success' });
      return { ...c.parsed, tokenHost: run.tokenHost, ...run.aud, attempts: run.attempts };
    }
    case 'rejected':
      throw rejection(run, c, seen, serverDate);
    case 'fatal':
      run.record({ ...seen, outcome: 'invalid-response', problem: c.failure.message });
      throw c.failure.withAttempts(run.attempts);
    case 'retryable': {
      const oauth =
        c.error === undefined
          ? {}
          : { error: c.error, ...(c.errorDescription === undefined ? {} : { errorDescription: c.errorDescription }) };
      run.record({ ...seen, outcome: c.outcome, problem: c.problem, ...oauth });
      run.retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      const code = c.outcome === 'server-error' ? 'ERR_HTTP_SERVER_ERROR' : 'ERR_TOKEN_RESPONSE_INVALID';
      run.lastFailure = () => transportFailure(code, run.tokenHost, run.attempts, c);
      return 'retry';
    }
  }
}

/** An OAuth error answer: recorded, diagnosed when the caller asked, and final. */
function rejection(
  run: ExchangeRun,
  c: Extract<Classified, { kind: 'rejected' }>,
  seen: AttemptBase & { readonly status: number },
  serverDate: number | undefined,
): TokenExchangeError {
  const described = c.errorDescription === undefined ? {} : { errorDescription: c.errorDescription };
  const rejected: ExchangeAttempt = { ...seen, outcome: 'rejected', error: c.error, ...described };
  run.record(rejected);
  const facts: RejectionFacts = {
    status: seen.status,
    error: c.error,
    ...described,
    ...(serverDate === undefined ? {} : { serverDate }),
    tokenHost: run.tokenHost,
    ...run.aud,
  };
  const diagnosis = run.diagnose?.(facts, rejected);
  return new TokenExchangeError({
    ...facts,
    attempts: run.attempts,
    ...(diagnosis === undefined ? {} : { diagnosis }),
  });
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
