/**
 * The plugin's file I/O, safe against a hostile or unlucky world.
 *
 * Reading: only regular files (or `-` for stdin). A FIFO, device or socket is refused before anything can block on
 * it: stat first, then open with O_NONBLOCK and check the opened file again (it may have been swapped in between).
 * Every read stops at a byte cap, whatever the file's size says (`/dev/zero` says 0).
 *
 * Writing (see {@link writeFilesAtomically}): one writer per folder (io/folder-lock.ts); temp file in the same folder,
 * fsync, rename; private keys 0600; folders we create 0700 whatever the umask; never over an existing file or a
 * symlink (even a dangling one) without `force`, and never over one of the command's own inputs, even with it.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, constants, fsyncSync, openSync, renameSync, type Stats, unlinkSync, writeSync } from 'node:fs';
import { chmod, copyFile, type FileHandle, lstat, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { pluginError } from '../errors/plugin-error.js';
import { lockFolder, LOCK_NAME } from './folder-lock.js';
import { removeOnInterrupt } from './interrupts.js';
import { isProcessAlive } from './process-alive.js';

/** Keys and certificates are a few kilobytes; anything bigger is the wrong file. The default cap of every read. */
export const MAX_INPUT_BYTES = 1024 * 1024;

/** One file to write. */
export interface FileToWrite {
  /** Target path (resolved against the current directory). */
  readonly path: string;
  /** Text (written as UTF-8) or bytes (keystores). */
  readonly content: string | Uint8Array;
  /** Permission bits; 0o600 for private keys and keystores, 0o644 for certificates. */
  readonly mode: number;
}

/** Options of a read. */
export interface ReadOptions {
  /** At most this many bytes are read; more is `ERR_FILE_TOO_LARGE`. Default {@link MAX_INPUT_BYTES}. */
  readonly maxBytes?: number;
}

/**
 * Reads a whole regular file as bytes, with errors that name the absolute path.
 *
 * @param path - Path as the user gave it.
 * @throws `ERR_FILE_NOT_FOUND`, `ERR_NOT_A_FILE` (a directory), `ERR_NOT_A_REGULAR_FILE` (FIFO, device, socket),
 *   `ERR_FILE_TOO_LARGE`, `ERR_FILE_UNREADABLE`.
 */
export async function readInputFile(
  path: string,
  options: ReadOptions = {},
): Promise<{ path: string; bytes: Uint8Array }> {
  const absolute = resolve(path);
  const maxBytes = options.maxBytes ?? MAX_INPUT_BYTES;
  let handle;
  try {
    const before = await stat(absolute);
    refuseIrregular(before, absolute, maxBytes);
    // O_NONBLOCK: if the path became a FIFO since the stat, open() returns at once instead of waiting for a writer.
    handle = await open(absolute, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const opened = await handle.stat();
    refuseIrregular(opened, absolute, maxBytes);
    if (opened.ino !== before.ino || opened.dev !== before.dev)
      throw pluginError('FileUnreadable', [absolute, 'it was replaced while being read']);
    return { path: absolute, bytes: await readCapped(handle, absolute, maxBytes) };
  } catch (err) {
    throw readError(err, absolute);
  } finally {
    await handle?.close();
  }
}

/** Directories, FIFOs, devices and sockets are refused; so is a regular file already larger than the cap. */
function refuseIrregular(info: Stats, path: string, maxBytes: number): void {
  if (info.isDirectory()) throw pluginError('NotAFile', [path]);
  if (!info.isFile()) throw pluginError('NotARegularFile', [path, fileKind(info)], [], { path, kind: fileKind(info) });
  if (info.size > maxBytes) throw pluginError('FileTooLarge', [path, `${info.size} bytes`, String(maxBytes)]);
}

/** Reads at most `maxBytes` (one more to notice a file that grew past the cap). */
async function readCapped(handle: FileHandle, path: string, maxBytes: number): Promise<Uint8Array> {
  const buffer = Buffer.alloc(Math.min(maxBytes + 1, 64 * 1024));
  const chunks: Buffer[] = [];
  let size = 0;
  for (;;) {
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
    if (bytesRead === 0) return Buffer.concat(chunks);
    size += bytesRead;
    if (size > maxBytes) throw pluginError('FileTooLarge', [path, `more than ${maxBytes} bytes`, String(maxBytes)]);
    chunks.push(Buffer.from(buffer.subarray(0, bytesRead)));
  }
}

/** What a non-regular file is, in words. */
function fileKind(info: Stats): string {
  if (info.isFIFO()) return 'a named pipe (FIFO)';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** Reads all of a stream (stdin) as bytes; refuses a terminal and empty input. */
export async function readStdin(
  what: string,
  stdin: NodeJS.ReadableStream & { isTTY?: boolean } = process.stdin,
  options: ReadOptions = {},
): Promise<Uint8Array> {
  if (stdin.isTTY === true) throw pluginError('StdinIsTerminal', [what]);
  const maxBytes = options.maxBytes ?? MAX_INPUT_BYTES;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buffer = Buffer.from(chunk as string | Uint8Array);
    size += buffer.length;
    if (size > maxBytes) throw pluginError('FileTooLarge', ['stdin', `more than ${maxBytes} bytes`, String(maxBytes)]);
    chunks.push(buffer);
  }
  const bytes = Buffer.concat(chunks);
  if (bytes.toString('utf8').trim() === '') throw pluginError('StdinEmpty', [what]);
  return bytes;
}

/** Options of a write. */
export interface WriteOptions {
  /** Replace existing files and symlinks; without it an existing target is `ERR_FILE_EXISTS`. */
  readonly force: boolean;
  /** The command's input files: a target that is one of them is `ERR_OUTPUT_IS_INPUT`, even with `force`. */
  readonly inputs?: readonly string[];
  /**
   * Targets whose existing file is kept as `<name>.previous<ext>` (mode 0600) before it is replaced, so that a
   * replaced key pair stays recoverable (see {@link writeFilesAtomically}).
   */
  readonly keepPrevious?: readonly string[];
  /** Told about stale temp files of ours that were removed. */
  readonly warn?: (message: string) => void;
}

/** Marks a replacement in progress: present only between the first and the last rename of one write. */
const JOURNAL_NAME = '.sfjwt.replacing';
/** Our temp files: `.NAME.<12 hex>.tmp`, and the lock's `.sfjwt.lock.<pid>.<8 hex>.tmp`. */
const TEMP_PATTERN = /^\..+\.[0-9a-f]{8,12}\.tmp$/;

/**
 * Writes several files so that either all of them appear, complete, or none does.
 *
 * 1. Every target is checked (exists, symlink, directory, one of the inputs) before anything is written; missing
 *    folders are created with mode 0700.
 * 2. Each folder is locked (`.sfjwt.lock`); temp files of ours left there by a killed run are removed (and reported).
 * 3. Each file is written to `.NAME.<hex>.tmp` in its own folder and fsynced. Ctrl-C / SIGTERM remove these.
 * 4. For `keepPrevious` targets, the file in place is copied to `NAME.previous.EXT` (temp + fsync + rename) — unless
 *    `.sfjwt.replacing` says an earlier run died between its renames: then the files in place may not belong
 *    together and the previous ones, from before that run, are kept.
 * 5. `.sfjwt.replacing` is written, the temp files are renamed into place, the folder is fsynced and the marker
 *    removed — synchronously, so no signal handler runs in between (only SIGKILL or a power cut can split it).
 *
 * Recovery rule: if `.sfjwt.replacing` exists, the files in place may be mixed; `NAME.previous.*` is the set
 * that was in place before, complete.
 *
 * @returns The absolute paths written, in order.
 */
export async function writeFilesAtomically(files: readonly FileToWrite[], options: WriteOptions): Promise<string[]> {
  const targets = files.map((file) => ({ ...file, path: resolve(file.path) }));
  await checkTargets(
    targets.map((t) => t.path),
    options,
  );
  const dirs = [...new Set(targets.map((t) => dirname(t.path)))].sort();
  let current = dirs[0] ?? '';
  const unlocks: Array<() => Promise<void>> = [];
  const temps: Array<{ path: string; forget: () => void }> = [];
  try {
    for (const dir of dirs) {
      current = dir;
      await makeDirectory(dir);
      unlocks.push(await lockFolder(dir));
      await removeStaleTemps(dir, options.warn);
    }
    // Checked again under the lock: another writer may have finished in between.
    await checkTargets(
      targets.map((t) => t.path),
      options,
    );
    for (const target of targets) {
      current = target.path;
      temps.push(await writeTemp(target.path, target.content, target.mode));
    }
    const keep = new Set((options.keepPrevious ?? []).map((p) => resolve(p)));
    if (keep.size > 0)
      await keepPreviousFiles(
        targets.filter((t) => keep.has(t.path)).map((t) => t.path),
        options.warn,
      );
    current = targets[0]?.path ?? '';
    swapIntoPlace(
      targets.map((t, i) => ({ temp: temps[i]!.path, target: t.path })),
      dirs,
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

/** Step 4 of {@link writeFilesAtomically}. */
async function keepPreviousFiles(
  paths: readonly string[],
  warn: ((message: string) => void) | undefined,
): Promise<void> {
  for (const dir of new Set(paths.map((p) => dirname(p)))) {
    // An earlier run died between its renames: what is in place may be mixed; the previous files are the good ones.
    if (
      await lstat(join(dir, JOURNAL_NAME)).then(
        () => true,
        () => false,
      )
    ) {
      const kept = paths.map((p) => basename(previousPath(p))).join(', ');
      warn?.(
        `An earlier run was killed while replacing files in ${dir}; ${kept} (from before it) were kept as they are.`,
      );
      return;
    }
  }
  for (const path of paths) {
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

/** Step 5 of {@link writeFilesAtomically}: synchronous on purpose (signal handlers run only between ticks). */
function swapIntoPlace(moves: ReadonlyArray<{ temp: string; target: string }>, dirs: readonly string[]): void {
  const journals = moves.length > 1 ? dirs.map((dir) => join(dir, JOURNAL_NAME)) : [];
  for (const journal of journals) {
    const fd = openSync(journal, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC, 0o600);
    try {
      writeSync(fd, `${moves.map((m) => m.target).join('\n')}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
  for (const dir of dirs) syncDirectorySync(dir);
  for (const { temp, target } of moves) renameSync(temp, target);
  for (const dir of dirs) syncDirectorySync(dir);
  for (const journal of journals) unlinkSync(journal);
  for (const dir of dirs) syncDirectorySync(dir);
}

/** Removes temp files of ours that a killed run left behind (the lock is held, so no live writer owns them). */
async function removeStaleTemps(dir: string, warn: ((message: string) => void) | undefined): Promise<void> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((name) => TEMP_PATTERN.test(name));
  const removed: string[] = [];
  for (const name of names) {
    const path = join(dir, name);
    // The lock's own temp file belongs to a live process when its pid is running; leave those alone.
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
 * of the inputs, and under no regular file. Commands call it before expensive work or prompts;
 * {@link writeFilesAtomically} calls it again.
 *
 * @throws `ERR_FILE_EXISTS`, `ERR_NOT_A_FILE`, `ERR_OUTPUT_IS_INPUT`, `ERR_FILE_UNWRITABLE`.
 */
export async function checkTargets(
  paths: readonly string[],
  options: Pick<WriteOptions, 'force' | 'inputs'>,
): Promise<void> {
  const inputs = await Promise.all(
    (options.inputs ?? []).filter((p) => p !== '-').map((p) => stat(resolve(p)).catch(() => undefined)),
  );
  for (const path of paths.map((p) => resolve(p))) {
    const link = await lstat(path).catch(() => undefined);
    const existing = await stat(path).catch(() => undefined);
    if (
      existing !== undefined &&
      inputs.some((input) => input !== undefined && input.dev === existing.dev && input.ino === existing.ino)
    ) {
      throw pluginError('OutputIsInput', [path], [], { path });
    }
    if (existing?.isDirectory()) throw pluginError('NotAFile', [path]);
    if (link?.isSymbolicLink() === true && !options.force) {
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

function readError(err: unknown, path: string): Error {
  if (err instanceof Error && err.name.startsWith('ERR_')) return err;
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return pluginError('FileNotFound', [path], [process.cwd()], { path });
  if (code === 'EISDIR') return pluginError('NotAFile', [path]);
  if (code === 'ENOTDIR') return pluginError('FileNotFound', [path], [process.cwd()], { path });
  return pluginError('FileUnreadable', [path, describeErrno(err)]);
}

function writeError(err: unknown, path: string): Error {
  if (err instanceof Error && err.name.startsWith('ERR_')) return err;
  return pluginError('FileUnwritable', [path, describeErrno(err)]);
}

/** "permission denied (EACCES)" from a Node system error, without its stack or class. */
function describeErrno(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const reason =
    typeof e.message === 'string' ? e.message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '') : String(err);
  return e.code === undefined ? reason : `${reason} (${e.code})`;
}
