/**
 * Crash-safe replacement: several files written so that either all of them appear, complete, or none does, and a
 * replaced key pair stays recoverable — without opening a hole an attacker with write access to a parent folder, or a
 * planted file, could use.
 *
 * - One writer per folder (io/folder-lock.ts); temp file in the same folder, fsync, rename; private keys 0600;
 *   folders we create 0700 whatever the umask.
 * - Never over an existing file or a symlink (even a dangling one) without `force`, never over one of the command's
 *   own inputs, even with it.
 * - Under the folder the command was pointed at (`within`, e.g. `--output-dir`), no path component may be a symlink:
 *   `out/manifest -> /elsewhere` is refused, never followed. A folder written into must be ours (or not writable by
 *   others), so no one else can plant files there.
 * - The replacement marker (io/replace-marker.ts) is created with O_EXCL|O_NOFOLLOW, names the files it protects and
 *   is acted on only for them.
 * - A file with `amend` (a `.gitignore`) is read under the lock and rewritten from what it holds: amended, never
 *   replaced, and never through a symlink.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, constants, fsyncSync, openSync, renameSync } from 'node:fs';
import { chmod, copyFile, lstat, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { pluginError } from '../errors/plugin-error.js';
import { readExistingFile } from './bounded-read.js';
import { describeErrno } from './errno.js';
import { lockFolder, LOCK_NAME } from './folder-lock.js';
import { removeOnInterrupt } from './interrupts.js';
import { isProcessAlive } from './process-alive.js';
import { createMarkerSync, readLeftoverMarker, removeMarkerSync, type LeftoverMarker } from './replace-marker.js';

/** One file to write. */
export interface FileToWrite {
  /** Target path (resolved against the current directory). */
  readonly path: string;
  /** Text (written as UTF-8) or bytes (keystores); with `amend`, what is written when the file does not exist. */
  readonly content: string | Uint8Array;
  /** Permission bits; 0o600 for private keys and keystores, 0o644 for certificates. */
  readonly mode: number;
  /**
   * A user's file we add to (`.gitignore`): given the text in place (read under the lock, never through a symlink),
   * returns the new text. Such a target may exist without `force`, and is never replaced wholesale.
   */
  readonly amend?: (existing: string) => string;
}

/** Options of a write. */
export interface WriteOptions {
  /** Replace existing files and symlinks; without it an existing target is `ERR_FILE_EXISTS`. */
  readonly force: boolean;
  /** The command's input files: a target that is one of them is `ERR_OUTPUT_IS_INPUT`, even with `force`. */
  readonly inputs?: readonly string[];
  /**
   * The folder the command was pointed at (`--output-dir`): every target must be inside it, and no folder between it
   * and a target may be a symlink (`ERR_SYMLINK_IN_PATH`). Without it, only each target's own folder is used.
   */
  readonly within?: string;
  /**
   * Targets whose existing file is kept as `<name>.previous<ext>` (mode 0600) before it is replaced, so that a
   * replaced key pair stays recoverable (see {@link writeFilesAtomically}).
   */
  readonly keepPrevious?: readonly string[];
  /** Told about stale temp files of ours that were removed, and about a killed run's replacement that was healed. */
  readonly warn?: (message: string) => void;
}

/**
 * Our temp files: `.NAME.<12 hex>.tmp` (the marker's too: `.sfjwt.replacing.<12 hex>.tmp`, io/replace-marker.ts), and
 * the lock's `.sfjwt.lock.<pid>.<8 hex>.tmp` (being created) and
 * `….stale` (an abandoned lock moved aside by an older version's take-over): a run killed at the wrong moment leaves
 * either. (The take-over guard's temp folders, `.sfjwt.lock.takeover.<pid>.<8 hex>.tmp`, are folders: the guard
 * removes those of dead pids itself, io/takeover-guard.ts.)
 */
const TEMP_PATTERN = /^\..+\.[0-9a-f]{8,12}\.(?:tmp|stale)$/;

/**
 * Writes several files so that either all of them appear, complete, or none does.
 *
 * 1. Every target is checked (exists, symlink, symlinked folder under `within`, directory, one of the inputs) before
 *    anything is written; missing folders are created with mode 0700; each folder must be ours.
 * 2. Each folder is locked (`.sfjwt.lock`); temp files of ours left there by a killed run are removed (and reported);
 *    a replacement marker left there is read: one naming other files, or not ours, stops the write.
 * 3. Each file is written to `.NAME.<hex>.tmp` in its own folder and fsynced (an `amend` file from what is in place).
 *    Ctrl-C / SIGTERM remove these.
 * 4. For `keepPrevious` targets, the file in place is copied to `NAME.previous.EXT` (temp + fsync + rename) — except
 *    for the files a leftover marker names: a run died between their renames, so the files in place may not belong
 *    together, and the previous ones, from before that run, are kept as they are.
 * 5. `.sfjwt.replacing` (naming the targets) is created, the temp files are renamed into place, the folder is fsynced
 *    and the marker removed — synchronously, so no signal handler runs in between (only SIGKILL or a power cut can
 *    split it).
 *
 * Recovery rule: if `.sfjwt.replacing` exists, the files it names may be mixed; their `NAME.previous.*` are the set
 * that was in place before, complete.
 *
 * @returns The absolute paths written, in order.
 */
export async function writeFilesAtomically(files: readonly FileToWrite[], options: WriteOptions): Promise<string[]> {
  const targets = files.map((file) => ({ ...file, path: resolve(file.path) }));
  const check = async (): Promise<void> => {
    await checkTargets(
      targets.filter((t) => t.amend === undefined).map((t) => t.path),
      options,
    );
    await checkTargets(
      targets.filter((t) => t.amend !== undefined).map((t) => t.path),
      { ...options, force: true, amending: true },
    );
  };
  await check();
  const dirs = [...new Set(targets.map((t) => dirname(t.path)))].sort();
  let current = dirs[0] ?? '';
  const unlocks: Array<() => Promise<void>> = [];
  const temps: Array<{ path: string; forget: () => void }> = [];
  const leftovers = new Map<string, LeftoverMarker>();
  try {
    for (const dir of dirs) {
      current = dir;
      await makeDirectory(dir);
      await refuseForeignFolder(dir);
      unlocks.push(await lockFolder(dir, { warn: options.warn }));
      await removeStaleTemps(dir, options.warn);
      const leftover = await readLeftoverMarker(dir);
      if (leftover !== undefined) leftovers.set(dir, leftoverOfThisWrite(leftover, dir, targets));
    }
    // Checked again under the lock: another writer may have finished in between.
    await check();
    for (const target of targets) {
      current = target.path;
      const content =
        target.amend === undefined ? target.content : await amendedContent(target.path, target.content, target.amend);
      temps.push(await writeTemp(target.path, content, target.mode));
    }
    const keep = new Set((options.keepPrevious ?? []).map((p) => resolve(p)));
    if (keep.size > 0)
      await keepPreviousFiles(
        targets.filter((t) => keep.has(t.path)).map((t) => t.path),
        leftovers,
        options.warn,
      );
    current = targets[0]?.path ?? '';
    swapIntoPlace(
      targets.map((t, i) => ({ temp: temps[i]!.path, target: t.path })),
      dirs,
      leftovers,
    );
    for (const temp of temps) temp.forget();
    temps.length = 0;
  } catch (err) {
    await Promise.all(temps.map(({ path, forget }) => rm(path, { force: true }).then(forget, () => undefined)));
    throw writeError(err, current);
  } finally {
    for (const unlock of unlocks.reverse()) await unlock().catch(() => undefined);
  }
  return targets.map((t) => t.path);
}

/** `server.key` → `server.previous.key`. */
export function previousPath(path: string): string {
  const ext = extname(path);
  return join(dirname(path), `${basename(path, ext)}.previous${ext}`);
}

/**
 * A leftover marker is acted on only when every file it names is one this write replaces (the same pair, written
 * again); one naming other files is another pair's unfinished business: reported, and nothing is written.
 */
function leftoverOfThisWrite(
  leftover: LeftoverMarker,
  dir: string,
  targets: ReadonlyArray<{ path: string }>,
): LeftoverMarker {
  const ours = new Set(targets.filter((t) => dirname(t.path) === dir).map((t) => basename(t.path)));
  if (leftover.names.every((name) => ours.has(name))) return leftover;
  const names = leftover.names.join(', ');
  const previous = leftover.names.map((name) => basename(previousPath(join(dir, name)))).join(', ');
  throw pluginError('ReplaceInterrupted', [dir, names], [names, previous, leftover.path], {
    path: leftover.path,
    files: names,
  });
}

/** What an `amend` target becomes: its function applied to the text in place (or `content` when there is none). */
async function amendedContent(
  path: string,
  content: string | Uint8Array,
  amend: (existing: string) => string,
): Promise<string | Uint8Array> {
  const existing = await readExistingFile(path);
  return existing === undefined ? content : amend(Buffer.from(existing).toString('utf8'));
}

/** Step 4 of {@link writeFilesAtomically}. */
async function keepPreviousFiles(
  paths: readonly string[],
  leftovers: ReadonlyMap<string, LeftoverMarker>,
  warn: ((message: string) => void) | undefined,
): Promise<void> {
  for (const [dir, leftover] of leftovers) {
    const kept: string[] = [];
    for (const name of leftover.names) {
      const previous = previousPath(join(dir, name));
      if ((await lstat(previous).catch(() => undefined))?.isFile() === true) kept.push(basename(previous));
    }
    warn?.(
      `An earlier run was killed while replacing ${leftover.names.join(', ')} in ${dir}; ` +
        (kept.length > 0
          ? `${kept.join(', ')} (from before it) were kept as they are.`
          : 'no earlier copies of them exist, so none were kept.'),
    );
  }
  for (const path of paths) {
    // A leftover marker names it: what is in place may be mixed; the previous file is the good one.
    if (leftovers.get(dirname(path))?.names.includes(basename(path)) === true) continue;
    const existing = await lstat(path).catch(() => undefined);
    if (existing?.isFile() !== true) continue;
    const temp = tempPathFor(path);
    const forget = removeOnInterrupt(temp);
    try {
      await copyFile(path, temp, constants.COPYFILE_EXCL);
      await chmod(temp, 0o600);
      await fsyncFile(temp);
      await rename(temp, previousPath(path));
    } finally {
      forget();
      await rm(temp, { force: true });
    }
  }
}

/**
 * Step 5 of {@link writeFilesAtomically}: synchronous on purpose (signal handlers run only between ticks). A folder
 * gets a marker when more than one file is replaced, or when it heals a leftover one (which this marker replaces).
 */
function swapIntoPlace(
  moves: ReadonlyArray<{ temp: string; target: string }>,
  dirs: readonly string[],
  leftovers: ReadonlyMap<string, LeftoverMarker>,
): void {
  const marked = dirs.filter((dir) => moves.length > 1 || leftovers.has(dir));
  const markers: string[] = [];
  for (const dir of marked) {
    const leftover = leftovers.get(dir);
    if (leftover !== undefined) removeMarkerSync(leftover.path);
    markers.push(
      createMarkerSync(
        dir,
        moves.filter((m) => dirname(m.target) === dir).map((m) => m.target),
      ),
    );
  }
  for (const dir of dirs) syncDirectorySync(dir);
  for (const { temp, target } of moves) renameSync(temp, target);
  for (const dir of dirs) syncDirectorySync(dir);
  for (const marker of markers) removeMarkerSync(marker);
  for (const dir of dirs) syncDirectorySync(dir);
}

/** Removes temp files of ours that a killed run left behind (the lock is held, so no live writer owns them). */
async function removeStaleTemps(dir: string, warn: ((message: string) => void) | undefined): Promise<void> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((name) => TEMP_PATTERN.test(name));
  const removed: string[] = [];
  for (const name of names) {
    const path = join(dir, name);
    // The lock's own temp or moved-aside file belongs to a live process when its pid is running; leave those alone.
    if (name.startsWith(`${LOCK_NAME}.`) && lockTempIsLive(name)) continue;
    if ((await lstat(path).catch(() => undefined))?.isFile() !== true) continue;
    await rm(path, { force: true });
    removed.push(name);
  }
  if (removed.length > 0)
    warn?.(`Removed ${removed.length} temp file(s) left in ${dir} by an interrupted run: ${removed.join(', ')}.`);
}

function lockTempIsLive(name: string): boolean {
  return isProcessAlive(Number(name.slice(LOCK_NAME.length + 1).split('.')[0]));
}

/**
 * Checks that every path can be written: not an existing file or symlink (unless `force`), not a directory, not one
 * of the inputs, under no regular file, and — with `within` — inside that folder with no symlinked folder on the way.
 * Commands call it before expensive work or prompts; {@link writeFilesAtomically} calls it again.
 *
 * @throws `ERR_FILE_EXISTS`, `ERR_NOT_A_FILE`, `ERR_OUTPUT_IS_INPUT`, `ERR_SYMLINK_IN_PATH`, `ERR_FILE_UNWRITABLE`.
 */
export async function checkTargets(
  paths: readonly string[],
  options: Pick<WriteOptions, 'force' | 'inputs' | 'within'> & { readonly amending?: boolean },
): Promise<void> {
  const inputs = await Promise.all(
    (options.inputs ?? []).filter((p) => p !== '-').map((p) => stat(resolve(p)).catch(() => undefined)),
  );
  for (const path of paths.map((p) => resolve(p))) {
    if (options.within !== undefined) await refuseSymlinkedFolders(path, resolve(options.within));
    const link = await lstat(path).catch(() => undefined);
    const existing = await stat(path).catch(() => undefined);
    if (
      existing !== undefined &&
      inputs.some((input) => input !== undefined && input.dev === existing.dev && input.ino === existing.ino)
    ) {
      throw pluginError('OutputIsInput', [path], [], { path });
    }
    if (existing?.isDirectory()) throw pluginError('NotAFile', [path]);
    // A file we amend is never written through a link, even with --force: it is the user's.
    if (link?.isSymbolicLink() === true && (!options.force || options.amending === true)) {
      throw pluginError(
        'SymlinkExists',
        [path, existing === undefined ? 'a dangling symbolic link' : 'a symbolic link'],
        [],
        { path },
      );
    }
    if (existing !== undefined && !options.force) throw pluginError('FileExists', [path], [], { path });
    const blocker = await fileInTheWay(dirname(path));
    if (blocker !== undefined) throw pluginError('FileUnwritable', [path, `${blocker} is a file, not a directory`]);
  }
}

/**
 * `path` must be inside `root`, and no existing folder between `root` and `path` may be a symlink: a link planted
 * there (`out/manifest -> /elsewhere`) would carry the write out of the folder the user chose.
 */
async function refuseSymlinkedFolders(path: string, root: string): Promise<void> {
  const rel = relative(root, dirname(path));
  if (rel.startsWith('..') || isAbsolute(rel)) throw pluginError('OutsideOutputDir', [path, root], [], { path, root });
  let current = root;
  for (const part of rel === '' ? [] : rel.split(sep)) {
    current = join(current, part);
    const info = await lstat(current).catch(() => undefined);
    if (info === undefined) return;
    if (info.isSymbolicLink()) throw pluginError('SymlinkInPath', [path, current], [current], { path, link: current });
  }
}

/**
 * A folder we write into must be ours, or writable by its owner alone: in a folder others may write to (a shared
 * /tmp itself), they could plant the marker, a lock or a symlink between our checks and our writes.
 */
async function refuseForeignFolder(dir: string): Promise<void> {
  if (typeof process.getuid !== 'function') return;
  const info = await stat(dir);
  if (info.uid !== process.getuid() && (info.mode & 0o022) !== 0)
    throw pluginError('FolderNotOurs', [dir, String(info.uid)], [], { path: dir, owner: info.uid });
}

/** Creates the missing folders of `dir`, each 0700 whatever the umask (mkdir's mode is masked by it, chmod is not). */
async function makeDirectory(dir: string): Promise<void> {
  const missing: string[] = [];
  for (
    let current = dir;
    !(await stat(current).then(
      () => true,
      () => false,
    ));
    current = dirname(current)
  ) {
    missing.unshift(current);
    if (dirname(current) === current) break;
  }
  for (const folder of missing) {
    await mkdir(folder, { mode: 0o700 }).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err;
    });
    await chmod(folder, 0o700);
  }
}

/** The nearest existing ancestor of `dir` when it is not a directory (so the directory cannot be created). */
async function fileInTheWay(dir: string): Promise<string | undefined> {
  for (let current = dir; ; current = dirname(current)) {
    const info = await stat(current).catch(() => undefined);
    if (info !== undefined) return info.isDirectory() ? undefined : current;
    if (dirname(current) === current) return undefined;
  }
}

/** `.NAME.<12 hex>.tmp` next to the target. */
function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
}

/** Writes a temp file for `target`, registered for removal on Ctrl-C / SIGTERM until it is renamed into place. */
async function writeTemp(
  target: string,
  content: string | Uint8Array,
  mode: number,
): Promise<{ path: string; forget: () => void }> {
  const path = tempPathFor(target);
  const forget = removeOnInterrupt(path);
  // O_EXCL: a temp name that already exists is never reused. The mode is set explicitly because umask may widen it.
  const handle = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
  try {
    await handle.chmod(mode);
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } catch (err) {
    await handle.close();
    await rm(path, { force: true });
    forget();
    throw err;
  }
  await handle.close();
  return { path, forget };
}

async function fsyncFile(path: string): Promise<void> {
  const handle = await open(path, constants.O_RDONLY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes renames durable. Not possible on every platform (Windows), where it is skipped. */
function syncDirectorySync(dir: string): void {
  try {
    const fd = openSync(dir, constants.O_RDONLY);
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // best effort
  }
}

function writeError(err: unknown, path: string): Error {
  if (err instanceof Error && err.name.startsWith('ERR_')) return err;
  return pluginError('FileUnwritable', [path, describeErrno(err)]);
}
