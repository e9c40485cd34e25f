/**
 * Bounded reads, safe against a hostile or unlucky world: only regular files (or `-` for stdin). A FIFO, device or
 * socket is refused before anything can block on it: stat first, then open with O_NONBLOCK and check the opened file
 * again (it may have been swapped in between). Every read stops at a byte cap, whatever the file's size says
 * (`/dev/zero` says 0).
 */
import { constants, type Stats } from 'node:fs';
import { type FileHandle, open, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pluginError } from '../errors/plugin-error.js';
import { describeErrno } from './errno.js';

/** Keys and certificates are a few kilobytes; anything bigger is the wrong file. The default cap of every read. */
export const MAX_INPUT_BYTES = 1024 * 1024;

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

/**
 * Reads a file we are about to amend or act on (our marker, a `.gitignore`) without following a symlink: `undefined`
 * when it does not exist; a symlink, a non-regular file or one past the cap is refused.
 *
 * @throws `ERR_FILE_EXISTS` (a symlink), `ERR_NOT_A_REGULAR_FILE`, `ERR_FILE_TOO_LARGE`, `ERR_FILE_UNREADABLE`.
 */
export async function readExistingFile(path: string, options: ReadOptions = {}): Promise<Uint8Array | undefined> {
  const maxBytes = options.maxBytes ?? MAX_INPUT_BYTES;
  let handle;
  try {
    // O_NOFOLLOW: a symlink planted at the path fails with ELOOP instead of being read through.
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | (constants.O_NONBLOCK ?? 0));
    refuseIrregular(await handle.stat(), path, maxBytes);
    return await readCapped(handle, path, maxBytes);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    if ((err as NodeJS.ErrnoException).code === 'ELOOP')
      throw pluginError('SymlinkExists', [path, 'a symbolic link'], [], { path });
    throw readError(err, path);
  } finally {
    await handle?.close();
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
