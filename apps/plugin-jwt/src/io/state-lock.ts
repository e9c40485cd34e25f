/**
 * One `sf jwt login` at a time in sf's state folder. @salesforce/core reads `alias.json` without a lock when it
 * starts (and creates it, unlocked, when missing), while a concurrent writer truncates and rewrites it: parallel
 * logins into one HOME then fail with a JSON SyntaxError, or silently lose aliases. Every read and write of sf's state
 * by a login happens inside this lock, so parallel logins queue for the few milliseconds each save takes.
 *
 * The lock holds `<pid> <epoch ms>`, written complete before it is visible (io/lock-file.ts). A lock whose process is
 * gone, older than {@link STALE_LOCK_MS}, or empty/garbled for longer than a short grace is taken over with a
 * warning (of many logins finding it at once, one takes it over and the others queue behind it); a live one is waited
 * for at most {@link LOCK_WAIT_MS}.
 */
import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleepMs } from 'node:timers/promises';
import { pluginError } from '../errors/plugin-error.js';
import { abandonedBecause, acquireLockSync, LOCK_GRACE_MS, readLock, takeOver, type ReleaseLock } from './lock-file.js';

/** The lock file's name, next to @salesforce/core's `alias.json` in ~/.sfdx. */
export const STATE_LOCK_NAME = 'sfjwt-state.lock';

/** Longest wait for another login's lock before giving up with `ERR_AUTH_STORE_LOCKED`. */
export const LOCK_WAIT_MS = 30_000;

/** A lock older than this is left over from a crash (a save holds it for well under a second). */
export const STALE_LOCK_MS = 60_000;

/** Options of {@link withStateLock} (tests inject the clock, the pause between tries and shorter waits). */
export interface StateLockOptions {
  readonly dir?: string;
  readonly waitMs?: number;
  readonly staleMs?: number;
  /** How long an empty or garbled lock is left alone (default {@link LOCK_GRACE_MS}). */
  readonly graceMs?: number;
  readonly now?: () => number;
  /** The pause between tries (default: a real timer). */
  readonly sleep?: (ms: number) => Promise<unknown>;
  /** Told when an abandoned lock is taken over. */
  readonly warn?: (message: string) => void;
}

/**
 * Runs `work` holding the state lock, and releases it however `work` ends.
 *
 * @throws `ERR_AUTH_STORE_LOCKED` when another live process holds the lock for longer than the wait.
 */
export async function withStateLock<T>(work: () => Promise<T>, options: StateLockOptions = {}): Promise<T> {
  const dir = options.dir ?? join(homedir(), '.sfdx');
  const path = join(dir, STATE_LOCK_NAME);
  const now = options.now ?? Date.now;
  const waitMs = options.waitMs ?? LOCK_WAIT_MS;
  const sleep = options.sleep ?? sleepMs;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const started = now();
  let release: ReleaseLock | undefined;
  for (let delay = 5; release === undefined; delay = Math.min(delay * 2, 100)) {
    release = acquireLockSync(path, `${process.pid} ${now()}`);
    if (release !== undefined) break;
    const found = await readLock(path);
    if (found === undefined) continue;
    const why = abandonedBecause(found, now(), options.graceMs ?? LOCK_GRACE_MS, options.staleMs ?? STALE_LOCK_MS);
    if (why !== undefined) {
      const outcome = await takeOver(path, found, `${process.pid} ${now()}`, { now, sleep });
      if (outcome === 'changed') continue;
      if (outcome !== 'busy') {
        options.warn?.(`Took over the lock ${path}: ${why}.`);
        release = outcome;
        break;
      }
    }
    if (now() - started >= waitMs) throw pluginError('AuthStoreLocked', [String(Math.round(waitMs / 1000)), path]);
    await sleep(delay);
  }
  try {
    return await work();
  } finally {
    release();
  }
}
