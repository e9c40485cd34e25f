/**
 * Ctrl-C (SIGINT), SIGTERM and SIGHUP end a command promptly and cleanly: in-flight work is aborted, the files we
 * were in the middle of writing (temp copies of keys, our lock) are removed, one line goes to stderr and the process
 * exits with 128 + the signal's number (130, 143, 129) — never a stack trace.
 *
 * Why not leave it to SfCommand: its listeners call `this.exit(130)`, which throws an ExitError inside the signal
 * handler; oclif then prints its stack and exits 1. Ours are prepended, installed when the command is constructed
 * (before SfCommand's; by bin/run.js even before oclif loads), and kept for the life of the process, so they always
 * run first and exit.
 * Why synchronous removal: after a signal nothing asynchronous is guaranteed to run before the exit.
 * Why the state is process-wide (on `globalThis`): bin/run.js installs the listeners before oclif loads, from lib/io,
 * while each command runs this module's copy inlined in its bundle; both copies must share one guard.
 */
import { rmSync } from 'node:fs';

const SIGNALS = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;
type HandledSignal = keyof typeof SIGNALS;

interface Guard {
  readonly exit: (code: number) => void;
  readonly stderr: { write(text: string): unknown };
}

interface InterruptState {
  /** Paths to remove if a signal ends the process now: temp files being written, lock files held. */
  readonly pendingRemovals: Set<string>;
  /** The scopes of the commands running in this process: each is aborted on a signal. */
  readonly activeScopes: Set<AbortController>;
  /** The process's one set of listeners, installed once and kept until the process ends. */
  guard?: Guard;
  /** What a signal now would leave behind and how to repair it (the latest wins), set by {@link explainInterrupt}. */
  explanations?: string[];
}

const STATE_KEY = Symbol.for('sfjwt.interrupts');
const state: InterruptState = ((globalThis as { [STATE_KEY]?: InterruptState })[STATE_KEY] ??= {
  pendingRemovals: new Set(),
  activeScopes: new Set(),
});
const { pendingRemovals, activeScopes } = state;
const explanations = (state.explanations ??= []);

/** The one line's ending when no command explained otherwise. */
const NOTHING_LEFT = 'nothing was left half-written.';

/**
 * Registers a file to remove if the process is interrupted before the returned function is called.
 *
 * @returns A function that unregisters it (the file was renamed into place, or removed).
 */
export function removeOnInterrupt(path: string): () => void {
  pendingRemovals.add(path);
  return () => void pendingRemovals.delete(path);
}

/**
 * Replaces the one line's "nothing was left half-written." while a command is in a window where that is not true (a
 * change made elsewhere that a signal would leave unproven: `app rotate` between its deploy and its proof), with
 * what was left and the command that repairs it. Ending the process there at once stays the rule; the line says
 * what to run.
 *
 * @param sentence - One line of clean text (the caller sanitizes user and server text); line breaks become spaces.
 * @returns A function that withdraws it (the window closed).
 */
export function explainInterrupt(sentence: string): () => void {
  const entry = sentence.replace(/\s*[\r\n]+\s*/g, ' ');
  explanations.push(entry);
  return () => {
    const at = explanations.lastIndexOf(entry);
    if (at !== -1) explanations.splice(at, 1);
  };
}

/** What a command holds while it runs. */
export interface InterruptScope {
  /** Aborted when a signal arrives: pass it to anything that waits on the network. */
  readonly signal: AbortSignal;
  /** Ends the scope (the command finished); the process keeps its one clean exit on a signal. */
  dispose(): void;
}

/** The exit code for a signal: 128 + its number. */
export function exitCodeFor(signal: HandledSignal): number {
  return 128 + SIGNALS[signal];
}

/**
 * The one thing a signal does: abort every running command, remove our half-written files, print one line, exit
 * with 128 + the signal's number. Synchronous: after a signal nothing asynchronous is guaranteed to run.
 */
function onSignal(name: HandledSignal): void {
  for (const controller of activeScopes) controller.abort(new Error(`Interrupted by ${name}`));
  for (const path of pendingRemovals) {
    try {
      rmSync(path, { force: true });
    } catch {
      // Nothing more can be done while exiting; the next run reports stale files of ours.
    }
  }
  pendingRemovals.clear();
  state.guard?.stderr.write(`\nInterrupted (${name}); ${explanations.at(-1) ?? NOTHING_LEFT}\n`);
  state.guard?.exit(exitCodeFor(name));
}

/**
 * Installs the process's signal listeners once, ahead of any other (SfCommand's own call `this.exit(130)` inside
 * the handler, which throws an ExitError whose stack oclif prints before exiting 1). They stay for the life of the
 * process, so a signal at any moment — while sf loads its config before our command's init, or after the command
 * has finished and the process is flushing — ends the same clean way.
 *
 * When nothing is left to do, the process ends through `exit` rather than by itself: a natural end tears down the
 * signal handlers before the process is gone, and a signal in that window kills it silently (seen: Ctrl-C just after
 * `app generate` printed its result, on a loaded machine). `exit` keeps the handlers to the end. It runs one turn
 * after 'beforeExit', so that the other 'beforeExit' listeners (log flushing) have run; 'exit' listeners run as usual.
 *
 * @param exit - How to end the process; `process.exit` (tests may pass their own).
 * @param stderr - Where the one line goes.
 */
export function guardInterrupts(
  exit: (code: number) => void = (code) => process.exit(code),
  stderr: { write(text: string): unknown } = process.stderr,
): void {
  if (state.guard !== undefined) return;
  state.guard = { exit, stderr };
  for (const name of Object.keys(SIGNALS) as HandledSignal[]) process.prependListener(name, () => onSignal(name));
  process.once('beforeExit', () => setImmediate(() => exit(Number(process.exitCode ?? 0))));
}

/**
 * Starts one command's scope: its abort signal fires if the process is interrupted while it runs.
 *
 * @param exit - How to end the process, if this installs the listeners ({@link guardInterrupts}).
 * @param stderr - Where the one line goes, likewise.
 */
export function handleInterrupts(
  exit?: (code: number) => void,
  stderr?: { write(text: string): unknown },
): InterruptScope {
  guardInterrupts(exit, stderr);
  const controller = new AbortController();
  activeScopes.add(controller);
  return {
    signal: controller.signal,
    dispose(): void {
      activeScopes.delete(controller);
    },
  };
}
