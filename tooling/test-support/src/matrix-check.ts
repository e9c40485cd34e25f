// One test of a matrix, started once on demand: the matrix starts them all together, and each test awaits its own.

/** A test of the matrix: its title, why it is skipped (if it is), and its outcome (started on first ask). */
export interface MatrixCheck {
  title: string;
  skip?: string;
  result(): Promise<void>;
}

/** A check whose work (synchronous or not) starts once, on the first call of `result()`. */
export function lazyCheck(title: string, work: () => Promise<void> | void, skip?: string): MatrixCheck {
  let outcome: Promise<void> | undefined;
  return { title, ...(skip === undefined ? {} : { skip }), result: () => (outcome ??= Promise.resolve().then(work)) };
}
