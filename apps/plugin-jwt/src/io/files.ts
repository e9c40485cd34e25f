/**
 * The plugin's file I/O: reading keys and certificates with clean errors, and writing files atomically (temp file in
 * the same directory, fsync, rename), private keys with mode 0600, never overwriting without `force`.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { pluginError } from '../errors/plugin-error.js';

/** Keys and certificates are a few kilobytes; anything bigger is the wrong file. */
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

/**
 * Reads a whole file as bytes, with errors that name the absolute path.
 *
 * @param path - Path as the user gave it.
 * @returns The absolute path and the bytes.
 */
export async function readInputFile(path: string): Promise<{ path: string; bytes: Uint8Array }> {
  const absolute = resolve(path);
  let handle;
  try {
    handle = await open(absolute, constants.O_RDONLY);
    const info = await handle.stat();
    if (info.isDirectory()) throw pluginError('NotAFile', [absolute]);
    if (info.size > MAX_INPUT_BYTES) throw pluginError('FileTooLarge', [absolute, String(info.size)]);
    return { path: absolute, bytes: await handle.readFile() };
  } catch (err) {
    throw readError(err, absolute);
  } finally {
    await handle?.close();
  }
}

/** Reads all of a stream (stdin) as bytes; refuses a terminal and empty input. */
export async function readStdin(
  what: string,
  stdin: NodeJS.ReadableStream & { isTTY?: boolean } = process.stdin,
): Promise<Uint8Array> {
  if (stdin.isTTY === true) throw pluginError('StdinIsTerminal', [what]);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buffer = Buffer.from(chunk as string | Uint8Array);
    size += buffer.length;
    if (size > MAX_INPUT_BYTES) throw pluginError('FileTooLarge', ['stdin', String(size)]);
    chunks.push(buffer);
  }
  const bytes = Buffer.concat(chunks);
  if (bytes.toString('utf8').trim() === '') throw pluginError('StdinEmpty', [what]);
  return bytes;
}

/**
 * Writes several files so that either all of them appear, complete, or none does: every target is checked before
 * anything is written; each is written to a temp file in its own directory and fsynced; only then are the temp
 * files renamed into place. Missing directories are created.
 *
 * @param files - The files and their modes.
 * @param options - `force` replaces existing files; without it an existing target is `ERR_FILE_EXISTS`.
 * @returns The absolute paths written, in order.
 */
export async function writeFilesAtomically(
  files: readonly FileToWrite[],
  options: { force: boolean },
): Promise<string[]> {
  const targets = files.map((file) => ({ ...file, path: resolve(file.path) }));
  await checkTargets(targets.map((t) => t.path), options);

  const temps: string[] = [];
  let current = '';
  try {
    for (const target of targets) {
      current = target.path;
      await mkdir(dirname(target.path), { recursive: true });
      const temp = join(dirname(target.path), `.${basename(target.path)}.${randomBytes(6).toString('hex')}.tmp`);
      temps.push(temp);
      await writeSynced(temp, target.content, target.mode);
    }
    for (const [i, target] of targets.entries()) {
      current = target.path;
      await rename(temps[i]!, target.path);
    }
  } catch (err) {
    await Promise.all(temps.map((temp) => rm(temp, { force: true }).catch(() => undefined)));
    throw writeError(err, current);
  }
  await Promise.all([...new Set(targets.map((t) => dirname(t.path)))].map(syncDirectory));
  return targets.map((t) => t.path);
}

/**
 * Checks that every path can be written: not an existing file (unless `force`), not a directory, and under no
 * regular file. Commands call it before expensive work or prompts; {@link writeFilesAtomically} calls it again.
 *
 * @throws `ERR_FILE_EXISTS`, `ERR_NOT_A_FILE`, `ERR_FILE_UNWRITABLE`.
 */
export async function checkTargets(paths: readonly string[], options: { force: boolean }): Promise<void> {
  for (const path of paths.map((p) => resolve(p))) {
    const existing = await stat(path).catch(() => undefined);
    if (existing?.isDirectory()) throw pluginError('NotAFile', [path]);
    if (existing !== undefined && !options.force) throw pluginError('FileExists', [path], [], { path });
    const blocker = await fileInTheWay(dirname(path));
    if (blocker !== undefined) throw pluginError('FileUnwritable', [path, `${blocker} is a file, not a directory`]);
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

async function writeSynced(path: string, content: string | Uint8Array, mode: number): Promise<void> {
  // O_EXCL: a temp name that already exists is never reused. The mode is set explicitly because umask may widen it.
  const handle = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
  try {
    await handle.chmod(mode);
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes the renames durable. Not possible on every platform (Windows), where it is skipped. */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, constants.O_RDONLY);
    try {
      await handle.sync();
    } finally {
      await handle.close();
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
  return pluginError('FileUnreadable', [path, describeErrno(err)]);
}

function writeError(err: unknown, path: string): Error {
  if (err instanceof Error && err.name.startsWith('ERR_')) return err;
  return pluginError('FileUnwritable', [path, describeErrno(err)]);
}

/** "permission denied (EACCES)" from a Node system error, without its stack or class. */
function describeErrno(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const reason = typeof e.message === 'string' ? e.message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '') : String(err);
  return e.code === undefined ? reason : `${reason} (${e.code})`;
}
