/** Default overall deadline of one exchange: every attempt, backoff and candidate of it together. */
export const DEFAULT_DEADLINE_MS = 30_000;

/** Default limit of one POST, response body included (also capped by what is left of the deadline). */
export const DEFAULT_ATTEMPT_TIMEOUT_MS = 30_000;

/**
 * Arms a one-shot timer and returns a function that disarms it. The default uses `setTimeout`; tests inject one
 * they fire themselves, so deadlines are exercised without waiting.
 */
export type SetTimer = (callback: () => void, ms: number) => () => void;

/** The global timer, as a {@link SetTimer}. */
export const defaultSetTimer: SetTimer = (callback, ms) => {
  const handle = setTimeout(callback, ms);
  return () => clearTimeout(handle);
};

/** Inputs of {@link startBudget}. */
export interface BudgetOptions {
  readonly deadlineMs?: number | undefined;
  readonly monotonic?: (() => number) | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly setTimer?: SetTimer | undefined;
}

/**
 * The time and cancellation shared by every POST of one exchange, across retries and fallback candidates: one
 * deadline on the monotonic clock, and the caller's signal. The deadline starts at the first clock reading (the first
 * POST), so it bounds network time; local signing between candidates is counted once the clock has started.
 */
export interface ExchangeBudget {
  readonly deadlineMs: number;
  readonly monotonic: () => number;
  readonly signal: AbortSignal | undefined;
  readonly setTimer: SetTimer;
  /** Milliseconds left at monotonic time `t` (≤ 0 once the deadline has passed). The first call starts the clock. */
  remainingAt(t: number): number;
}

/** Starts the budget of one exchange (its clock starts at the first {@link ExchangeBudget.remainingAt}). */
export function startBudget(options: BudgetOptions): ExchangeBudget {
  const deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
  let deadlineAt: number | undefined;
  return {
    deadlineMs,
    monotonic: options.monotonic ?? (() => performance.now()),
    signal: options.signal,
    setTimer: options.setTimer ?? defaultSetTimer,
    remainingAt: (t) => (deadlineAt ??= t + deadlineMs) - t,
  };
}
