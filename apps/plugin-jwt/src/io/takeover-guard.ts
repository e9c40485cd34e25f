/**
 * The take-over guard of a lock file: `<lock>.takeover`, a folder holding one token file `<pid>.<epoch ms>.<8 hex>`.
 * Only the guard's holder may take over an abandoned lock (io/lock-file.ts), so that of many processes finding one
 * abandoned lock at once, one replaces it and the others, each under the guard in turn, see that it changed.
 *
 * Why a folder, when the lock is a file: the guard must heal (a process killed mid-take-over must not wedge every
 * later run), and healing must never remove a guard taken in between, or two processes would hold it. A file cannot
 * be removed "only if it is still the one judged"; a folder can: its token is unlinked by name (only the judged guard
 * holds that token: a later one has its own), then the folder is removed with rmdir, which fails unless it is empty.
 * Taking the guard is the lock's "complete, then EEXIST-atomic" in folder form: a temp folder holding the token is
 * renamed onto the guard path, which fails while a guard (a non-empty folder) is there and succeeds over nothing, or
 * over a guard a healer emptied and was killed before removing.
 *
 * The guard is held only inside one synchronous step (re-read the lock, replace it): no signal handler can run while
 * it exists, so Ctrl-C never leaves it behind. SIGKILL can; its dead pid then heals it at once. A guard whose pid runs
 * heals after {@link GUARD_STALE_MS} (the pid was reused, or the process is stopped): far beyond any real step.
 */
import { randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isProcessAlive } from './process-alive.js';

/** Appended to the lock's path to name its guard. */
export const GUARD_SUFFIX = '.takeover';

/** A guard older than this is abandoned even if its pid runs. */
export const GUARD_STALE_MS = 10_000;

/** What renaming a folder onto a guard that is there fails with (a folder that is not empty; a file). */
const GUARD_THERE = new Set(['ENOTEMPTY', 'EEXIST', 'ENOTDIR']);

/** Tries in one step before giving up as busy: each retry follows another process's progress (a release, a heal). */
const MAX_TRIES = 4;

/** A guard as found: its entries, and the pid and time its token names (pid 0: not a guard of ours). */
interface FoundGuard {
  readonly names: readonly string[];
  readonly isFolder: boolean;
  readonly pid: number;
  readonly since: number;
}

/** Held: `release` removes the guard. Busy: another process holds it (`pid` 0 when that cannot be told). */
export type GuardAttempt = { readonly release: () => void } | { readonly busyPid: number };

/**
 * Takes the guard of the lock at `lockPath`, healing an abandoned one, without waiting.
 *
 * @param now - The time (the caller's clock): written into the token, and the age of a guard found.
 */
export function tryGuardSync(lockPath: string, now: number): GuardAttempt {
  const guard = `${lockPath}${GUARD_SUFFIX}`;
  for (let tries = 0; tries < MAX_TRIES; tries++) {
    const token = placeGuardSync(guard, now);
    if (token !== undefined) {
      removeDeadTempsSync(guard);
      return { release: () => removeGuardSync(guard, token) };
    }
    const found = readGuardSync(guard);
    if (found === undefined) continue; // released (or emptied) since: place it again
    if (!guardAbandoned(found, now)) return { busyPid: found.pid };
    healGuardSync(guard, found);
  }
  return { busyPid: 0 };
}

/** Renames a temp folder holding a new token onto `guard`. @returns The token, or `undefined` when a guard is there. */
function placeGuardSync(guard: string, now: number): string | undefined {
  const tag = randomBytes(4).toString('hex');
  const temp = `${guard}.${process.pid}.${tag}.tmp`;
  const token = `${process.pid}.${now}.${tag}`;
  mkdirSync(temp, { mode: 0o700 });
  try {
    writeFileSync(join(temp, token), '', { mode: 0o600, flag: 'wx' });
    renameSync(temp, guard);
    return token;
  } catch (err) {
    if (GUARD_THERE.has((err as NodeJS.ErrnoException).code ?? '')) return undefined;
    throw err;
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

/** The guard at `guard`, or `undefined` when there is none (or an emptied one, which a rename replaces). */
function readGuardSync(guard: string): FoundGuard | undefined {
  const info = lstatSync(guard, { throwIfNoEntry: false });
  if (info === undefined) return undefined;
  const isFolder = info.isDirectory();
  let names: string[] = [];
  if (isFolder) {
    try {
      names = readdirSync(guard);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    if (names.length === 0) return undefined;
  }
  const match = names.length === 1 ? /^(\d{1,10})\.(\d{1,16})\.[0-9a-f]{8}$/.exec(names[0] ?? '') : null;
  if (match === null) return { names, isFolder, pid: 0, since: info.mtimeMs };
  return { names, isFolder, pid: Number(match[1]), since: Number(match[2]) };
}

/** A dead holder at once; any guard (ours with a live pid, or something else) after {@link GUARD_STALE_MS}. */
function guardAbandoned(found: FoundGuard, now: number): boolean {
  if (found.pid > 0 && !isProcessAlive(found.pid)) return true;
  return now - found.since > GUARD_STALE_MS;
}

/**
 * Removes the abandoned guard `found`, and nothing taken since: its entries by name (a later guard's token differs),
 * then the folder only if that left it empty.
 */
function healGuardSync(guard: string, found: FoundGuard): void {
  if (!found.isFolder) {
    rmSync(guard, { force: true }); // not a guard of ours (a file), older than the bound
    return;
  }
  for (const name of found.names) rmSync(join(guard, name), { recursive: true, force: true });
  removeIfEmptySync(guard);
}

/** Our release: our token, then the folder. If a healer judged ours abandoned meanwhile, the guard there is not ours. */
function removeGuardSync(guard: string, token: string): void {
  try {
    rmSync(join(guard, token));
  } catch {
    return; // healed away: whatever guard is there now belongs to another process
  }
  removeIfEmptySync(guard);
}

function removeIfEmptySync(guard: string): void {
  try {
    rmdirSync(guard);
  } catch {
    // Not empty (another process placed its guard since) or gone (another healer removed it): not ours to remove.
  }
}

/** Temp folders of guards being placed by processes since killed (SIGKILL between mkdir and rename). */
function removeDeadTempsSync(guard: string): void {
  const prefix = `${basename(guard)}.`;
  for (const name of readdirSync(dirname(guard))) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const pid = name.slice(prefix.length).split('.')[0] ?? '';
    if (/^\d{1,10}$/.test(pid) && !isProcessAlive(Number(pid)))
      rmSync(join(dirname(guard), name), { recursive: true, force: true });
  }
}
