/**
 * Ctrl-C (SIGINT), SIGTERM and SIGHUP end a command promptly and cleanly: in-flight work is aborted, the files we
 * were in the middle of writing (temp copies of keys, our lock) are removed, one line goes to stderr and the process
 * exits with 128 + the signal's number (130, 143, 129) — never a stack trace.
 *
 * Why not leave it to SfCommand: its listeners call `this.exit(130)`, which throws an ExitError inside the signal
 * handler; oclif then prints its stack and exits 1. Ours are prepended, so they run first and exit.
 * Why synchronous removal: after a signal nothing asynchronous is guaranteed to run before the exit.
 */
import { rmSync } from 'node:fs';

const SIGNALS = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;
type HandledSignal = keyof typeof SIGNALS;

/** Paths to remove if a signal ends the process now: temp files being written, lock files held. */
const pendingRemovals = new Set<string>();

/**
 * Registers a file to remove if the process is interrupted before the returned function is called.
 *
 * @returns A function that unregisters it (the file was renamed into place, or removed).
 */
export function removeOnInterrupt(path: string): () => void {
  pendingRemovals.add(path);
  return () => void pendingRemovals.delete(path);
}

/** What a command holds while it runs. */
export interface InterruptScope {
  /** Aborted when a signal arrives: pass it to anything that waits on the network. */
  readonly signal: AbortSignal;
  /** Removes the handlers (the command finished). */
  dispose(): void;
}

/** The exit code for a signal: 128 + its number. */
export function exitCodeFor(signal: HandledSignal): number {
  return 128 + SIGNALS[signal];
}

/**
 * Installs the handlers for one command run.
 *
 * @param exit - How to end the process; `process.exit` (tests may pass their own).
 * @param stderr - Where the one line goes.
 */
export function handleInterrupts(
  exit: (code: number) => void = (code) => process.exit(code),
  stderr: { write(text: string): unknown } = process.stderr,
): InterruptScope {
  const controller = new AbortController();
  const handlers = (Object.keys(SIGNALS) as HandledSignal[]).map((name) => {
    const handler = (): void => {
      controller.abort(new Error(`Interrupted by ${name}`));
      for (const path of pendingRemovals) {
        try {
          rmSync(path, { force: true });
        } catch {
          // Nothing more can be done while exiting; the next run reports stale files of ours.
        }
      }
      pendingRemovals.clear();
      stderr.write(`\nInterrupted (${name}); nothing was left half-written.\n`);
      exit(exitCodeFor(name));
    };
    process.prependListener(name, handler);
    return { name, handler };
  });
  return {
    signal: controller.signal,
    dispose(): void {
      for (const { name, handler } of handlers) process.removeListener(name, handler);
    },
  };
}
