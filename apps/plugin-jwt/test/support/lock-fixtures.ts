// What the lock tests plant locks with: a pid that runs no process, a process that runs (for "held by a live pid"),
// and a fresh folder per test.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A pid that runs no process (the kernel's pid_max is far below it). */
export const DEAD_PID = 2147483646;

/** The suite's live process and the current test's folder. */
export interface LockFixtures {
  readonly dir: () => string;
  readonly livePid: () => number;
}

/** Registers the suite's hooks: one live process for the suite, a fresh folder (`<prefix>…` in tmp) per test. */
export function useLockFixtures(prefix: string): LockFixtures {
  let dir = '';
  let sleeper: ChildProcess | undefined;
  before(() => {
    sleeper = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  });
  after(async () => {
    sleeper?.kill('SIGKILL');
    if (sleeper !== undefined) await once(sleeper, 'exit');
  });
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), prefix))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  return { dir: () => dir, livePid: () => sleeper?.pid ?? 0 };
}
