// A limit on how many tasks run at once: the examples run in parallel (they share no state), but the machine has
// two cores and other engineers' tests on them.

/** A scheduler running at most `limit` tasks at a time, in the order they were given. */
export function concurrencyLimit(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running < limit) running += 1;
    else await new Promise<void>((resolve) => waiting.push(resolve)); // a finished task hands its slot over
    try {
      return await task();
    } finally {
      const waiter = waiting.shift();
      if (waiter === undefined) running -= 1;
      else waiter();
    }
  };
}
