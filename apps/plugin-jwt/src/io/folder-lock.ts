/**
 * One writer per folder: `.sfjwt.lock`, holding the writer's pid. Two `keygen --force` runs into one folder would
 * otherwise interleave their renames and leave a key with another run's certificate, both exiting 0. The lock is
 * written complete before it is visible and heals when its owner is gone (io/lock-file.ts): a dead pid at once, an
 * empty or garbled lock after a short grace, each with a warning. It is removed when the write ends, and on Ctrl-C /
 * SIGTERM (io/interrupts.ts).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pluginError } from '../errors/plugin-error.js';
import { removeOnInterrupt } from './interrupts.js';
import { abandonedBecause, createLockSync, LOCK_GRACE_MS, readLock, takeOver } from './lock-file.js';

/** The lock file's name inside the folder. */
export const LOCK_NAME = '.sfjwt.lock';

/** Options of {@link lockFolder} (tests inject the clock and the grace). */
export interface FolderLockOptions {
  readonly now?: () => number;
  readonly graceMs?: number;
  /** Told when an abandoned lock is taken over. */
  readonly warn?: ((message: string) => void) | undefined;
}

/**
 * Takes the folder's lock.
 *
 * @param dir - An existing folder (absolute).
 * @returns A function that releases the lock.
 * @throws `ERR_FOLDER_LOCKED` while another live process holds it (or it is empty/garbled and younger than the grace).
 */
export async function lockFolder(dir: string, options: FolderLockOptions = {}): Promise<() => Promise<void>> {
  const path = join(dir, LOCK_NAME);
  // One take-over at most: after taking over an abandoned lock, if another run took it in between, we lose. A lock
  // released while we looked (readLock: undefined) is simply tried again.
  for (let tookOver = false; ;) {
    // Synchronous, as is the release: no signal handler can run between taking (or dropping) the lock and
    // registering (or unregistering) it for removal on Ctrl-C, so a SIGINT never leaves it behind.
    if (createLockSync(path, `${process.pid}\n`)) {
      const forget = removeOnInterrupt(path);
      return () => {
        rmSync(path, { force: true });
        forget();
        return Promise.resolve();
      };
    }
    const found = await readLock(path);
    if (found === undefined) continue;
    const why = abandonedBecause(found, (options.now ?? Date.now)(), options.graceMs ?? LOCK_GRACE_MS);
    if (tookOver || why === undefined) {
      const holder = found.content.kind === 'held' ? found.content.pid : 0;
      throw pluginError('FolderLocked', [holder > 0 ? `process ${holder}` : 'another process', dir], [path], {
        path: dir,
        ...(holder > 0 ? { pid: holder } : {}),
      });
    }
    options.warn?.(`Took over the lock ${path}: ${why}.`);
    await takeOver(path, found);
    tookOver = true;
  }
}
