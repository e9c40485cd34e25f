/**
 * The lock files' one mechanism (the folder lock `.sfjwt.lock`, the state lock `~/.sfdx/sfjwt-state.lock`):
 *
 * - A lock is complete before it is visible: its text goes to a temp file of ours first, which is then hard-linked
 *   as the lock (link() fails with EEXIST atomically). No reader ever sees an empty lock from a live writer.
 * - A lock whose owner is gone heals: a dead pid at once; an empty or garbled lock (left by an older version killed
 *   between create and write, or by something else) once it is older than a short grace. Taking over says so.
 * - Taking over moves the lock aside first and checks it moved the one it judged (same inode), so that of two
 *   processes finding it abandoned, only one removes it, and never a fresh lock taken in between.
 */
import { randomBytes } from 'node:crypto';
import { linkSync, rmSync, writeFileSync } from 'node:fs';
import { link, lstat, readFile, rename, unlink } from 'node:fs/promises';
import { isProcessAlive } from './process-alive.js';

/** How long an empty or garbled lock is left alone before it counts as abandoned. */
export const LOCK_GRACE_MS = 2_000;

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

/**
 * Creates the lock at `path` holding `text`, complete: a temp file next to it, then a hard link. Synchronous, so a
 * caller can register the lock for removal on Ctrl-C with no signal handler running in between.
 *
 * @returns true when taken, false when a lock is already there.
 */
export function createLockSync(path: string, text: string): boolean {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temp, text, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temp, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    rmSync(temp, { force: true });
  }
}

/** The lock at `path`, or `undefined` when there is none. */
export async function readLock(path: string): Promise<FoundLock | undefined> {
  const info = await lstat(path).catch(() => undefined);
  if (info === undefined) return undefined;
  let text = '?';
  if (info.isFile() && info.size <= MAX_LOCK_BYTES) {
    // Released between the lstat and the read: there is no lock (reading it as empty would stop the caller with
    // "locked by another process" although nobody holds it).
    const read = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) =>
      err.code === 'ENOENT' ? undefined : '',
    );
    if (read === undefined) return undefined;
    text = read;
  }
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
 * Removes the abandoned lock `found` from `path`: moved aside, checked to be the same file, then deleted. If another
 * process replaced it in between, the fresh lock is put back.
 */
export async function takeOver(path: string, found: FoundLock): Promise<void> {
  const aside = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.stale`;
  try {
    await rename(path, aside);
  } catch {
    return; // gone already: someone else took it over
  }
  const moved = await lstat(aside).catch(() => undefined);
  if (moved !== undefined && moved.ino !== found.ino) await link(aside, path).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}
