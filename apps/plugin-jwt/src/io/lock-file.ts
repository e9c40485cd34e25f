/**
 * The lock files' one mechanism (the folder lock `.sfjwt.lock`, the state lock `~/.sfdx/sfjwt-state.lock`):
 *
 * - A lock is complete before it is visible: its text goes to a temp file of ours first, which is then hard-linked
 *   as the lock (link() fails with EEXIST atomically). No reader ever sees an empty lock from a live writer.
 * - A lock whose owner is gone heals: a dead pid at once; an empty or garbled lock (left by an older version killed
 *   between create and write, or by something else) once it is older than a short grace. Taking over says so, once,
 *   in the process that did it.
 * - Take-overs are serialized by a guard next to the lock (io/takeover-guard.ts). Under the guard the lock is read
 *   again and taken over only if it is still the very lock judged abandoned (inode, mtime and text); it is then
 *   replaced by ours with one rename(), so the lock path is never empty and the taker holds it. Why: without the
 *   guard, of several processes that judged one lock abandoned, a late one moved aside (or removed) the fresh lock a
 *   third had taken meanwhile, and while the path was empty a fourth took it too: two holders. Under the guard, the
 *   lock can change between the re-read and the rename only by its own owner releasing it, and an abandoned lock's
 *   owner is gone (a state lock judged stale by age alone is the one exception: see {@link holding}).
 * - A guard held by a live process (a take-over takes microseconds) is waited for, up to {@link GUARD_WAIT_MS} of
 *   pauses; then the caller reports the lock busy, as for a live holder. Nothing waits forever.
 * - Ctrl-C: a held lock is registered with io/interrupts.ts in the same synchronous step that takes it; the guard
 *   and every temp file exist only inside synchronous steps, where no signal handler runs.
 */
import { randomBytes } from 'node:crypto';
import { linkSync, lstatSync, readFileSync, renameSync, rmSync, writeFileSync, type Stats } from 'node:fs';
import { lstat, readFile } from 'node:fs/promises';
import { removeOnInterrupt } from './interrupts.js';
import { isProcessAlive } from './process-alive.js';
import { tryGuardSync } from './takeover-guard.js';

/** How long an empty or garbled lock is left alone before it counts as abandoned. */
export const LOCK_GRACE_MS = 2_000;

/** Longest wait, in pauses, for another process's take-over guard before the lock counts as busy. */
export const GUARD_WAIT_MS = 1_000;

/** Longest lock text read: a pid and a time. */
const MAX_LOCK_BYTES = 256;

/** What a lock file holds. */
export type LockContent =
  | { readonly kind: 'held'; readonly pid: number; readonly since: number | undefined }
  | { readonly kind: 'empty' }
  | { readonly kind: 'garbled' };

/** A lock as found: its content, its inode and when it was last written. */
export interface FoundLock {
  readonly content: LockContent;
  readonly ino: number;
  readonly mtimeMs: number;
}

/** Releases a lock we hold: removes it if it is still ours, and forgets it for Ctrl-C. */
export type ReleaseLock = () => void;

/**
 * Creates the lock at `path` holding `text`, complete: a temp file next to it, then a hard link.
 *
 * @returns true when taken, false when a lock is already there.
 */
export function createLockSync(path: string, text: string): boolean {
  return linkLockSync(path, text) !== undefined;
}

/**
 * Takes the lock at `path` holding `text` if there is none, registered for removal on Ctrl-C in the same synchronous
 * step, so that no signal handler runs between taking it and registering it.
 *
 * @returns Its release, or `undefined` when a lock is already there.
 */
export function acquireLockSync(path: string, text: string): ReleaseLock | undefined {
  const ino = linkLockSync(path, text);
  return ino === undefined ? undefined : holding(path, ino);
}

/** {@link createLockSync}, giving the lock's inode (how its holder knows it is still its own). */
function linkLockSync(path: string, text: string): number | undefined {
  return withTempLockSync(path, text, (temp, ino) => {
    try {
      linkSync(temp, path);
      return ino;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
      throw err;
    }
  });
}

/** Writes `text` to a temp file of ours next to `path`, gives it to `use`, and removes the temp name after. */
function withTempLockSync<T>(path: string, text: string, use: (temp: string, ino: number) => T): T {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temp, text, { mode: 0o600, flag: 'wx' });
  try {
    return use(temp, lstatSync(temp).ino);
  } finally {
    rmSync(temp, { force: true });
  }
}

/**
 * The lock at `path` (inode `ino`) is ours: registered for removal on Ctrl-C, released only while it is still ours.
 * A state lock held past the stale limit is taken over although its owner runs; that owner's release must not then
 * remove the new holder's lock.
 */
function holding(path: string, ino: number): ReleaseLock {
  const forget = removeOnInterrupt(path);
  return () => {
    if (lstatSync(path, { throwIfNoEntry: false })?.ino === ino) rmSync(path, { force: true });
    forget();
  };
}

/** The lock at `path`, or `undefined` when there is none. */
export async function readLock(path: string): Promise<FoundLock | undefined> {
  const info = await lstat(path).catch(() => undefined);
  if (info === undefined) return undefined;
  // Released between the lstat and the read: there is no lock (reading it as empty would stop the caller with
  // "locked by another process" although nobody holds it).
  const text = readable(info) ? await readFile(path, 'utf8').catch(unreadable) : '?';
  return text === undefined ? undefined : foundLock(info, text);
}

/** {@link readLock}, in one synchronous step (under the take-over guard). */
function readLockSync(path: string): FoundLock | undefined {
  const info = lstatSync(path, { throwIfNoEntry: false });
  if (info === undefined) return undefined;
  let text: string | undefined = '?';
  if (readable(info)) {
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      text = unreadable(err as NodeJS.ErrnoException);
    }
  }
  return text === undefined ? undefined : foundLock(info, text);
}

/** A regular file small enough to be one of ours; anything else reads as garbled ('?'). */
const readable = (info: Stats): boolean => info.isFile() && info.size <= MAX_LOCK_BYTES;

/** A failed read: gone (`undefined`: no lock), or unreadable (read as empty). */
const unreadable = (err: NodeJS.ErrnoException): string | undefined => (err.code === 'ENOENT' ? undefined : '');

function foundLock(info: Stats, text: string): FoundLock {
  return { content: parseLock(text), ino: info.ino, mtimeMs: info.mtimeMs };
}

/** `<pid>` or `<pid> <epoch ms>`; nothing = empty; anything else = garbled. */
function parseLock(text: string): LockContent {
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'empty' };
  const match = /^(\d{1,10})(?: (\d{1,16}))?$/.exec(trimmed);
  const pid = Number(match?.[1]);
  if (match === null || !Number.isSafeInteger(pid) || pid <= 0) return { kind: 'garbled' };
  return { kind: 'held', pid, since: match[2] === undefined ? undefined : Number(match[2]) };
}

/**
 * Why the lock is abandoned (to say when taking it over), or `undefined` while its owner may still be using it.
 *
 * @param now - The clock (tests inject theirs).
 * @param graceMs - How long an empty or garbled lock is given.
 * @param staleMs - A held lock older than this is abandoned even if its pid runs (a reused pid); none: never.
 */
export function abandonedBecause(
  lock: FoundLock,
  now: number,
  graceMs: number = LOCK_GRACE_MS,
  staleMs?: number,
): string | undefined {
  const { content } = lock;
  if (content.kind === 'held') {
    if (!isProcessAlive(content.pid)) return `its process ${content.pid} is no longer running`;
    if (staleMs !== undefined && content.since !== undefined && now - content.since > staleMs)
      return `it is older than ${Math.round(staleMs / 1000)} s`;
    return undefined;
  }
  if (now - lock.mtimeMs < graceMs) return undefined;
  return content.kind === 'empty' ? 'it is empty (its writer was killed)' : 'it does not hold a process id';
}

/**
 * What a take-over ended in: the lock is ours (its release); it changed since it was judged (look again); or another
 * process's take-over held the guard for longer than the wait (busy).
 */
export type TakeOverOutcome = ReleaseLock | 'changed' | 'busy';

/** How a take-over waits for the guard (the callers' clock and pause). */
export interface TakeOverOptions {
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<unknown>;
  /** The longest wait for the guard, in pauses (default {@link GUARD_WAIT_MS}). */
  readonly waitMs?: number;
}

/**
 * Takes over the abandoned lock `found` at `path`, replacing it with ours holding `text`, if it is still that lock.
 * The wait for the guard is counted in the pauses asked for, not read from a clock: bounded however the clock runs.
 */
export async function takeOver(
  path: string,
  found: FoundLock,
  text: string,
  options: TakeOverOptions,
): Promise<TakeOverOutcome> {
  const waitMs = options.waitMs ?? GUARD_WAIT_MS;
  for (let waited = 0, pause = 1; ; waited += pause, pause = Math.min(pause * 2, 50)) {
    const outcome = takeOverSync(path, found, text, options.now());
    if (outcome !== 'busy' || waited >= waitMs) return outcome;
    await options.sleep(pause);
  }
}

/** One try, synchronous from taking the guard to releasing it: no signal handler runs in between. */
function takeOverSync(path: string, found: FoundLock, text: string, now: number): TakeOverOutcome {
  const guard = tryGuardSync(path, now);
  if (!('release' in guard)) return 'busy';
  try {
    if (!sameLock(readLockSync(path), found)) return 'changed';
    return withTempLockSync(path, text, (temp, ino) => {
      renameSync(temp, path);
      return holding(path, ino);
    });
  } finally {
    guard.release();
  }
}

/** The very lock judged: the same inode, written at the same time, holding the same text. */
function sameLock(now: FoundLock | undefined, judged: FoundLock): boolean {
  return (
    now !== undefined &&
    now.ino === judged.ino &&
    now.mtimeMs === judged.mtimeMs &&
    JSON.stringify(now.content) === JSON.stringify(judged.content)
  );
}
