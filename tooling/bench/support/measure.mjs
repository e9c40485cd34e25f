// Small measuring helpers shared by the benchmarks.
import { spawnSync } from 'node:child_process';

/** Median of a list of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median wall time in ms of `fn` (sync or async) over `runs` runs after `warmup` runs. */
export async function timeMedian(fn, { runs = 15, warmup = 2 } = {}) {
  for (let i = 0; i < warmup; i++) await fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(times);
}

/** Median wall time in ms of running a process to completion; throws if it fails. */
export async function timeProcess(cmd, args, { runs = 10, warmup = 1, env = process.env, cwd } = {}) {
  return timeMedian(
    () => {
      const r = spawnSync(cmd, args, { env, cwd, stdio: ['ignore', 'ignore', 'pipe'] });
      if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
    },
    { runs, warmup },
  );
}
