/**
 * `.sfjwt.replacing`: the marker that says "a replacement of these files is in progress in this folder". It exists
 * only between the first and the last rename of one write (io/crash-safe-write.ts); finding it later means a run was
 * killed in between, so the files it names may not belong together, and their `NAME.previous.*` copies (made before
 * that run's renames) are the set to trust.
 *
 * It is never a way in: it is created with O_EXCL|O_NOFOLLOW (a planted symlink or file makes the create fail, never
 * redirects the write), it names the files it protects, and a marker found later is acted on only for the files it
 * names. One that is a symlink, not ours, or unreadable is reported with a coded error, never obeyed.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, constants, fsyncSync, linkSync, openSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pluginError } from '../errors/plugin-error.js';
import { readExistingFile } from './bounded-read.js';

/** The marker's name inside the folder. */
export const MARKER_NAME = '.sfjwt.replacing';

/** The marker's first line: what it is, so a file that merely has this name is not taken for one. */
const MAGIC = 'sfjwt replacing v1';

/** A marker is a few names; anything bigger is not ours. */
const MAX_MARKER_BYTES = 64 * 1024;

/** What a marker left in a folder says. */
export interface LeftoverMarker {
  readonly path: string;
  /** The names (in that folder) of the files whose replacement was interrupted. */
  readonly names: readonly string[];
}

/**
 * The marker left in `dir` by a killed run, or `undefined` when there is none.
 *
 * @throws `ERR_REPLACE_MARKER_FOREIGN` when a file by that name is a symlink, not a regular file, not owned by us,
 *   or not a marker we wrote (with the fix: look at the files, then delete it).
 */
export async function readLeftoverMarker(dir: string): Promise<LeftoverMarker | undefined> {
  const path = join(dir, MARKER_NAME);
  const info = await lstat(path).catch(() => undefined);
  if (info === undefined) return undefined;
  const foreign = (why: string): never => {
    throw pluginError('ReplaceMarkerForeign', [path, why], [path], { path });
  };
  if (info.isSymbolicLink()) foreign('a symbolic link');
  if (!info.isFile()) foreign('a directory, device or pipe');
  if (typeof process.getuid === 'function' && info.uid !== process.getuid())
    foreign(`a file owned by user ${info.uid}`);
  const bytes = await readExistingFile(path, { maxBytes: MAX_MARKER_BYTES }).catch(() => foreign('an unreadable file'));
  const names = parseMarker(Buffer.from(bytes ?? []).toString('utf8'), dir);
  if (names === undefined) foreign('a file in another format');
  return { path, names: names ?? [] };
}

/**
 * The names a marker protects: ours (`sfjwt replacing v1` then one name per line), or the older form (one absolute
 * path per line, all in `dir`). Anything else: `undefined`.
 */
function parseMarker(text: string, dir: string): string[] | undefined {
  const lines = text.split('\n').filter((line) => line !== '');
  if (lines[0] === MAGIC) {
    const names = lines.slice(1);
    return names.length > 0 && names.every(isPlainName) ? names : undefined;
  }
  const inDir = lines.map((line) => (line.startsWith(`${dir}/`) ? line.slice(dir.length + 1) : ''));
  return inDir.length > 0 && inDir.every(isPlainName) ? inDir : undefined;
}

/** A file name in the folder itself: no separators, no `.`/`..`, no control characters. */
function isPlainName(name: string): boolean {
  // eslint-disable-next-line no-control-regex
  return name !== '' && name !== '.' && name !== '..' && !/[/\\\u0000-\u001f]/.test(name);
}

/**
 * Creates the marker naming `paths` (all in `dir`) and makes it durable. Synchronous: it is part of the swap that no
 * signal handler may interrupt (io/crash-safe-write.ts).
 *
 * Complete before it is visible: written to a temp file of ours, then hard-linked to the name (link() fails with
 * EEXIST for anything there, a planted symlink included, and never follows it). Created at the name directly, a run
 * killed between create and write left an empty marker, which reads as foreign and stopped every later write in the
 * folder. A kill before the link leaves only the temp file (`.sfjwt.replacing.<hex>.tmp`), which the next write
 * removes with the other temp files of ours.
 *
 * @throws EEXIST (a file or link appeared at the name): the write stops, nothing was renamed yet.
 */
export function createMarkerSync(dir: string, paths: readonly string[]): string {
  const path = join(dir, MARKER_NAME);
  const temp = join(dir, `${MARKER_NAME}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  try {
    writeSync(fd, `${[MAGIC, ...paths.map((p) => basename(p))].join('\n')}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temp, path);
  } finally {
    rmSync(temp, { force: true });
  }
  return path;
}

/** Removes a marker (ours, or the leftover this write has just healed). */
export function removeMarkerSync(path: string): void {
  unlinkSync(path);
}
