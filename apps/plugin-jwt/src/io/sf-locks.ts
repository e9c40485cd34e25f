/**
 * sf's own locks: @salesforce/core takes `<file>.lock` (a directory, through proper-lockfile) to write alias.json,
 * an auth file or a config file, and its holder refreshes the directory's time while it works; one untouched for
 * {@link SF_LOCK_STALE_MS} is abandoned, and core takes it over by itself. A login checks the locks its save will
 * take before it writes anything, so that a held one ends it with nothing saved (core would otherwise retry for
 * ~10 s per file and fail between two writes), waiting for them at most {@link SF_LOCK_WAIT_MS}.
 */
import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { existsSync } from 'node:fs';
import { setTimeout as sleepMs } from 'node:timers/promises';
import { pluginError } from '../errors/plugin-error.js';
import { shellWord } from '../text/shell-word.js';

/** @salesforce/core's `lockOptions.stale`: a lock whose time is older than this is abandoned. */
export const SF_LOCK_STALE_MS = 10_000;

/** Longest wait for a held sf lock before the login gives up, nothing saved. */
export const SF_LOCK_WAIT_MS = 5_000;

/** What a login's save writes, and so which of sf's locks it needs. */
export interface SfSaveTargets {
  readonly username: string;
  readonly alias: string | undefined;
  /** True when `--set-default` or `--set-default-dev-hub` writes sf's config. */
  readonly config: boolean;
}

/** Options of {@link waitForSfLocks} (tests inject the home, the clock and shorter waits). */
export interface SfLockOptions {
  readonly home?: string;
  readonly cwd?: string;
  readonly waitMs?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<unknown>;
}

/** The sf project config a `--set-default` writes: the nearest sfdx-project.json's `.sf/config.json`, if any. */
export function projectConfig(cwd: string): string | undefined {
  for (let dir = cwd; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'sfdx-project.json'))) return join(dir, '.sf', 'config.json');
    if (dirname(dir) === dir) return undefined;
  }
}

/** The files whose sf locks the save takes, in the order it writes them. */
export function sfLockedFiles(targets: SfSaveTargets, home: string, cwd: string): string[] {
  const sfdx = join(home, '.sfdx');
  const files = [join(sfdx, `${targets.username}.json`)];
  if (targets.alias !== undefined) files.push(join(sfdx, 'alias.json'));
  if (targets.config) files.push(projectConfig(cwd) ?? join(home, '.sf', 'config.json'));
  return files;
}

/** The first of `files` whose sf lock is held now (present and refreshed within the stale time), or undefined. */
async function heldLock(files: readonly string[], now: number): Promise<string | undefined> {
  for (const file of files) {
    const lock = `${file}.lock`;
    const found = await stat(lock).catch(() => undefined);
    if (found !== undefined && now - found.mtimeMs < SF_LOCK_STALE_MS) return lock;
  }
  return undefined;
}

/**
 * Returns once none of the sf locks the save needs is held.
 *
 * @throws `ERR_SF_STATE_LOCKED` (naming the lock, nothing saved) when one is still held after the wait.
 */
export async function waitForSfLocks(targets: SfSaveTargets, options: SfLockOptions = {}): Promise<void> {
  const files = sfLockedFiles(targets, options.home ?? homedir(), options.cwd ?? process.cwd());
  const now = options.now ?? Date.now;
  const waitMs = options.waitMs ?? SF_LOCK_WAIT_MS;
  const sleep = options.sleep ?? sleepMs;
  const started = now();
  for (;;) {
    const held = await heldLock(files, now());
    if (held === undefined) return;
    if (now() - started >= waitMs) {
      throw pluginError('SfStateLocked', [held, String(Math.round(waitMs / 1000))], [shellWord(held)], {
        lock: held,
      });
    }
    await sleep(100);
  }
}
