/**
 * The verification step of `sf jwt app create`: a JWT bearer exchange for the integration user at the org's My
 * Domain, through the same exchange as `sf jwt token` and `login`, retried with backoff until it succeeds or the
 * wait ends. Salesforce applies a new or changed app within about ten minutes; until then the grant answers as if the
 * app were absent or unchanged (`invalid_client_id`, an old certificate's `invalid assertion`, `user hasn't approved
 * this consumer`), so every rejection is worth another try until the deadline.
 */
import type { TokenExchangeError } from '@sfjwt/jwt-core';
import { isJwtCoreError, isTokenExchangeError } from '../errors/core-errors.js';
import { serverText } from '../io/admin-org.js';
import type { AppVerificationAttempt } from '../results/app-create.js';
import { runExchange, type PreparedExchange } from './exchange.js';

/** First pause between attempts, its growth, and its cap. */
const FIRST_DELAY_MS = 2000;
const MAX_DELAY_MS = 30_000;
/** No single attempt may outlast this, whatever the wait left. */
const ATTEMPT_TIMEOUT_MS = 30_000;
/** Transport failures worth another try (a refused connection, a timeout, a 5xx, a proxy's error page). */
const TRANSIENT: ReadonlySet<string> = new Set([
  'ERR_NETWORK',
  'ERR_NETWORK_TIMEOUT',
  'ERR_HTTP_SERVER_ERROR',
  'ERR_TOKEN_RESPONSE_INVALID',
]);

export interface VerifyOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly deadline: number;
  /** Called before each pause with what is awaited, for how long so far, and the next pause. */
  readonly progress: (status: string) => void;
}

export type VerifyOutcome =
  | { readonly ok: true; readonly attempts: AppVerificationAttempt[]; readonly waitedMs: number }
  | {
      readonly ok: false;
      readonly attempts: AppVerificationAttempt[];
      readonly waitedMs: number;
      readonly last: TokenExchangeError | Error;
    };

/** Exchanges until a token comes back or the deadline passes (at least one attempt is always made). */
export async function verifyLogin(prepared: PreparedExchange, options: VerifyOptions): Promise<VerifyOutcome> {
  const started = options.now();
  const attempts: AppVerificationAttempt[] = [];
  let delay = FIRST_DELAY_MS;
  for (;;) {
    const elapsedMs = options.now() - started;
    let last: Error;
    try {
      const left = Math.max(1000, options.deadline - options.now());
      await runExchange(prepared, {
        env: options.env,
        now: options.now,
        timeoutMs: Math.min(ATTEMPT_TIMEOUT_MS, left),
      });
      attempts.push({ elapsedMs, outcome: 'success', error: null, errorDescription: null });
      return { ok: true, attempts, waitedMs: options.now() - started };
    } catch (err) {
      if (isTokenExchangeError(err)) {
        attempts.push({
          elapsedMs,
          outcome: 'rejected',
          // Server text as data (bidi controls dropped: JSON would not escape them).
          error: serverText(err.error),
          errorDescription: err.errorDescription === undefined ? null : serverText(err.errorDescription),
        });
        last = err;
      } else if (isJwtCoreError(err) && TRANSIENT.has(err.code)) {
        attempts.push({ elapsedMs, outcome: 'network-error', error: err.code, errorDescription: null });
        last = err;
      } else {
        // A local problem (the key, the claims): waiting will not change it.
        throw err;
      }
    }
    const left = options.deadline - options.now();
    if (left <= 0) return { ok: false, attempts, waitedMs: options.now() - started, last };
    const pause = Math.min(delay, left);
    options.progress(
      `${describe(attempts.at(-1))}; waited ${clock(options.now() - started)} of ${clock(options.deadline - started)}, next try in ${Math.ceil(pause / 1000)} s`,
    );
    await options.sleep(pause);
    delay = Math.min(delay * 2, MAX_DELAY_MS);
  }
}

function describe(attempt: AppVerificationAttempt | undefined): string {
  if (attempt === undefined) return '';
  return attempt.errorDescription === null
    ? `${attempt.error ?? ''}`
    : `${attempt.error ?? ''}: ${attempt.errorDescription}`;
}

/** 75000 → "1:15". */
export function clock(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
