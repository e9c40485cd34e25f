/**
 * One writer per folder: `.sfjwt.lock`, created with O_EXCL and holding the writer's pid. Two `keygen --force` runs
 * into one folder would otherwise interleave their renames and leave a key with another run's certificate, both
 * exiting 0. A lock whose pid is no longer running (the writer was killed) is stale: it is replaced, so a crash never
 * blocks the folder for good. The lock is removed when the write ends, and on Ctrl-C / SIGTERM (io/interrupts.ts).
 */
import { randomBytes } from 'node:crypto';
import { linkSync, rmSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pluginError } from '../errors/plugin-error.js';
import { removeOnInterrupt } from './interrupts.js';
import { isProcessAlive } from './process-alive.js';

/** The lock file's name inside the folder. */
export const LOCK_NAME = '.sfjwt.lock';

/**
 * Takes the folder's lock.
 *
 * @param dir - An existing folder (absolute).
 * @returns A function that releases the lock.
 * @throws `ERR_FOLDER_LOCKED` while another live process holds it.
 */
export async function lockFolder(dir: string): Promise<() => Promise<void>> {
  const path = join(dir, LOCK_NAME);
  // The pid is written to a file of our own first and then hard-linked as the lock: link() fails with EEXIST
  // atomically, and a lock file is never seen empty (a writer killed between create and write would leave one).
  const mine = join(dir, `${LOCK_NAME}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const forgetMine = removeOnInterrupt(mine);
  await writeFile(mine, `${process.pid}\n`, { mode: 0o600, flag: 'wx' });
  try {
    // Two tries: the second after removing a stale lock. If another run took it in between, we lose.
    for (let attempt = 0; ; attempt++) {
      try {
        // Synchronous, as is the release: no signal handler can run between taking (or dropping) the lock and
        // registering (or unregistering) it for removal on Ctrl-C, so a SIGINT never leaves it behind.
        linkSync(mine, path);
        const forget = removeOnInterrupt(path);
        return () => {
          rmSync(path, { force: true });
          forget();
          return Promise.resolve();
        };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const holder = await lockHolder(path);
        if (attempt > 0 || isProcessAlive(holder)) {
          throw pluginError('FolderLocked', [holder > 0 ? `process ${holder}` : 'another process', dir], [path], {
            path: dir,
            ...(holder > 0 ? { pid: holder } : {}),
          });
        }
        await rm(path, { force: true });
      }
    }
  } finally {
    await rm(mine, { force: true });
    forgetMine();
  }
}

/** The pid in a lock file; 0 when it is gone or not one of ours (such a lock counts as stale). */
async function lockHolder(path: string): Promise<number> {
  const pid = Number.parseInt((await readFile(path, 'utf8').catch(() => '')).trim(), 10);
  return Number.isSafeInteger(pid) && pid > 0 ? pid : 0;
}
