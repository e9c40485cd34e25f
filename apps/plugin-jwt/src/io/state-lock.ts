/**
 * One `sf jwt login` at a time in sf's state folder. @salesforce/core reads `alias.json` without a lock when it
 * starts (and creates it, unlocked, when missing), while a concurrent writer truncates and rewrites it: parallel
 * logins into one HOME then fail with a JSON SyntaxError, or silently lose aliases. Every read and write of sf's state
 * by a login happens inside this lock, so parallel logins queue for the few milliseconds each save takes.
 *
 * The lock is a file created with O_EXCL holding `<pid> <epoch ms>`. A lock whose process is gone, or older than
 * {@link STALE_LOCK_MS}, is taken over; a live one is waited for at most {@link LOCK_WAIT_MS}.
 */
import { open, readFile, rename, unlink, mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pluginError } from '../errors/plugin-error.js';
import { isProcessAlive } from './process-alive.js';

/** The lock file's name, next to @salesforce/core's `alias.json` in ~/.sfdx. */
export const STATE_LOCK_NAME = 'sfjwt-state.lock';

/** Longest wait for another login's lock before giving up with `ERR_AUTH_STORE_LOCKED`. */
export const LOCK_WAIT_MS = 30_000;

/** A lock older than this is left over from a crash (a save holds it for well under a second). */
export const STALE_LOCK_MS = 60_000;

/** Options of {@link withStateLock} (tests shorten the waits). */
export interface StateLockOptions {
  readonly dir?: string;
  readonly waitMs?: number;
  readonly staleMs?: number;
  readonly now?: () => number;
}

/** True when the lock at `path` is left over: its process is gone or it is too old. Unreadable = not stale. */
async function isStale(path: string, staleMs: number, now: number): Promise<boolean> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return false;
  }
  const [pid, since] = text.trim().split(' ').map(Number);
  // A lock being written this instant is empty: give its owner time to finish.
  if (pid === undefined || since === undefined || Number.isNaN(since)) return false;
  return !isProcessAlive(pid) || now - since > staleMs;
}

async function tryCreate(path: string, now: number): Promise<boolean> {
  try {
    const handle = await open(path, 'wx', 0o600);
    try {
      await handle.writeFile(`${process.pid} ${now}`);
    } finally {
      await handle.close();
    }
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
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
  const staleMs = options.staleMs ?? STALE_LOCK_MS;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const started = now();
  for (let delay = 5; !(await tryCreate(path, now())); delay = Math.min(delay * 2, 100)) {
    if (await isStale(path, staleMs, now())) {
      // Moved aside first, so that of two processes finding it stale only one removes it.
      const aside = `${path}.${process.pid}.stale`;
      await rename(path, aside).then(
        () => unlink(aside),
        () => undefined,
      );
      continue;
    }
    if (now() - started > waitMs) throw pluginError('AuthStoreLocked', [String(Math.round(waitMs / 1000)), path]);
    await sleep(delay);
  }
  try {
    return await work();
  } finally {
    await unlink(path).catch(() => undefined);
  }
}
