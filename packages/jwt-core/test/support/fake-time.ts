// A manual clock with timers that fire only when the test moves the clock: deadlines without waiting.
import type { SetTimer } from '../../src/exchange/deadline.js';

export interface FakeTime {
  readonly monotonic: () => number;
  readonly setTimer: SetTimer;
  /** Moves the clock forward and fires every timer now due, in order. */
  advance(ms: number): void;
  /** A `sleep` that moves the clock instead of waiting. */
  readonly sleep: (ms: number) => Promise<void>;
  /** Delays of the timers armed so far, in order. */
  readonly armed: number[];
}

export function fakeTime(start = 0): FakeTime {
  let now = start;
  const timers = new Set<{ readonly at: number; readonly fire: () => void }>();
  const armed: number[] = [];
  const advance = (ms: number): void => {
    now += ms;
    for (const timer of [...timers].sort((a, b) => a.at - b.at)) {
      if (timer.at > now) break;
      timers.delete(timer);
      timer.fire();
    }
  };
  return {
    monotonic: () => now,
    setTimer: (fire, ms) => {
      armed.push(ms);
      const timer = { at: now + ms, fire };
      timers.add(timer);
      return () => timers.delete(timer);
    },
    advance,
    sleep: (ms) => {
      advance(ms);
      return Promise.resolve();
    },
    armed,
  };
}
