/**
 * One writer per folder: `.sfjwt.lock`, holding the writer's pid. Two `keygen --force` runs into one folder would
 * otherwise interleave their renames and leave a key with another run's certificate, both exiting 0. The lock is
 * written complete before it is visible and heals when its owner is gone (io/lock-file.ts): a dead pid at once, an
 * empty or garbled lock after a short grace, each with a warning; of many runs finding it at once, one takes it over.
 * It is removed when the write ends, and on Ctrl-C / SIGTERM (io/interrupts.ts).
 */
import { join } from 'node:path';
import { setTimeout as sleepMs } from 'node:timers/promises';
import { pluginError } from '../errors/plugin-error.js';
import { abandonedBecause, acquireLockSync, LOCK_GRACE_MS, readLock, takeOver, type FoundLock } from './lock-file.js';

/** The lock file's name inside the folder. */
export const LOCK_NAME = '.sfjwt.lock';

/** Options of {@link lockFolder} (tests inject the clock and the grace). */
export interface FolderLockOptions {
  readonly now?: () => number;
  readonly graceMs?: number;
  /** Told when an abandoned lock is taken over. */
  readonly warn?: ((message: string) => void) | undefined;
  /** The pause while another run's take-over holds the guard (default: a real timer). */
  readonly sleep?: (ms: number) => Promise<unknown>;
}

/** Take-overs tried before giving up: each one lost means another run changed the lock meanwhile. */
const MAX_TAKEOVERS = 3;

/**
 * Takes the folder's lock.
 *
 * @param dir - An existing folder (absolute).
 * @returns A function that releases the lock.
 * @throws `ERR_FOLDER_LOCKED` while another live process holds it (or it is empty/garbled and younger than the grace).
 */
export async function lockFolder(dir: string, options: FolderLockOptions = {}): Promise<() => Promise<void>> {
  const path = join(dir, LOCK_NAME);
  const now = options.now ?? Date.now;
  // A lock released while we looked (readLock: undefined) is simply tried again; a take-over that finds the lock
  // changed (another run took it over, or it was released) looks again, a few times at most.
  for (let takeovers = 0; ;) {
    // Synchronous, as is the release: no signal handler can run between taking (or dropping) the lock and
    // registering (or unregistering) it for removal on Ctrl-C, so a SIGINT never leaves it behind.
    const release = acquireLockSync(path, `${process.pid}\n`);
    if (release !== undefined) return releasing(release);
    const found = await readLock(path);
    if (found === undefined) continue;
    const why = abandonedBecause(found, now(), options.graceMs ?? LOCK_GRACE_MS);
    if (why === undefined) throw folderLocked(dir, path, found);
    if (takeovers++ >= MAX_TAKEOVERS) throw folderLocked(dir, path, undefined);
    const outcome = await takeOver(path, found, `${process.pid}\n`, { now, sleep: options.sleep ?? sleepMs });
    if (outcome === 'busy') throw folderLocked(dir, path, undefined);
    if (outcome === 'changed') continue;
    options.warn?.(`Took over the lock ${path}: ${why}.`);
    return releasing(outcome);
  }
}

function releasing(release: () => void): () => Promise<void> {
  return () => {
    release();
    return Promise.resolve();
  };
}

/** `ERR_FOLDER_LOCKED`, naming the lock's holder when it is known. */
function folderLocked(dir: string, path: string, found: FoundLock | undefined): Error {
  const holder = found?.content.kind === 'held' ? found.content.pid : 0;
  return pluginError('FolderLocked', [holder > 0 ? `process ${holder}` : 'another process', dir], [path], {
    path: dir,
    ...(holder > 0 ? { pid: holder } : {}),
  });
}
