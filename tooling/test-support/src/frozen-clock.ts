// Stops the process's clocks for in-process runs of code that reads them itself (the plugin's commands hand
// Date.now to jwt-core, which times attempts with performance.now): what they print about time is then exact.

/** The current time rounded down to a whole second: HTTP Date headers carry no milliseconds. */
export const wholeSecondNow = (): number => Math.floor(Date.now() / 1000) * 1000;

/**
 * Runs `fn` with `Date.now()` answering `epochMs` and `performance.now()` standing still, then restores both.
 * Timers still run: only what code reads from the clock is frozen.
 */
export async function withFrozenClock<T>(epochMs: number, fn: () => Promise<T>): Promise<T> {
  const { now: dateNow } = Date;
  const performanceNow = Object.getOwnPropertyDescriptor(performance, 'now');
  const monotonic = performance.now();
  Date.now = () => epochMs;
  Object.defineProperty(performance, 'now', { value: () => monotonic, configurable: true, writable: true });
  try {
    return await fn();
  } finally {
    Date.now = dateNow;
    if (performanceNow === undefined) Reflect.deleteProperty(performance, 'now');
    else Object.defineProperty(performance, 'now', performanceNow);
  }
}
