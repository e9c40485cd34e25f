// A bounded zip reader for Metadata API deploys (node:zlib inflates but cannot read archives). Reads the central
// directory, then each entry through its local header; stored and deflate entries only. Every size is capped before
// anything is inflated, inflation is capped again by maxOutputLength, and CRC-32 is checked: a hostile zip gets a
// ZipError, never a huge allocation.
import { crc32, inflateRawSync } from 'node:zlib';

export interface ZipLimits {
  /** Most entries (files and directories). Default 2,000. */
  maxEntries: number;
  /** Largest uncompressed entry, bytes. Default 5 MiB. */
  maxEntryBytes: number;
  /** Largest sum of uncompressed sizes, bytes. Default 20 MiB. */
  maxTotalBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 2_000,
  maxEntryBytes: 5 * 1024 * 1024,
  maxTotalBytes: 20 * 1024 * 1024,
};

export interface ZipEntry {
  /** Path inside the archive, `/`-separated, never absolute, never with `..`. */
  name: string;
  data: Buffer;
}

export class ZipError extends Error {}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const EOCD_MIN = 22;
const MAX_COMMENT = 0xffff;

function findEndOfCentralDirectory(zip: Buffer): number {
  const stop = Math.max(0, zip.length - EOCD_MIN - MAX_COMMENT);
  for (let at = zip.length - EOCD_MIN; at >= stop; at--) {
    if (zip.readUInt32LE(at) === EOCD && at + EOCD_MIN + zip.readUInt16LE(at + 20) === zip.length) return at;
  }
  throw new ZipError('not a zip archive (no end of central directory record)');
}

function safeName(raw: string): string {
  const name = raw.replace(/\\/g, '/');
  if (
    name.startsWith('/') ||
    /^[A-Za-z]:/.test(name) ||
    name.split('/').some((part) => part === '..') ||
    name.includes('\0')
  ) {
    throw new ZipError(`unsafe entry name "${name.slice(0, 200)}"`);
  }
  return name;
}

/**
 * Reads every file entry of a zip archive (directory entries are skipped).
 * @throws ZipError when the archive is malformed, uses unsupported features (ZIP64, encryption, methods other than
 * stored/deflate) or exceeds a limit
 */
export function readZip(zip: Buffer, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipEntry[] {
  if (zip.length < EOCD_MIN) throw new ZipError('not a zip archive (too short)');
  const eocd = findEndOfCentralDirectory(zip);
  const count = zip.readUInt16LE(eocd + 10);
  const dirSize = zip.readUInt32LE(eocd + 12);
  const dirOffset = zip.readUInt32LE(eocd + 16);
  if (count === 0xffff || dirOffset === 0xffffffff) throw new ZipError('ZIP64 archives are not supported');
  if (zip.readUInt16LE(eocd + 4) !== 0 || zip.readUInt16LE(eocd + 8) !== count)
    throw new ZipError('multi-disk archives are not supported');
  if (count > limits.maxEntries) throw new ZipError(`too many entries (${count}; at most ${limits.maxEntries})`);
  if (dirOffset + dirSize > eocd) throw new ZipError('central directory lies outside the archive');
  const entries: ZipEntry[] = [];
  const seen = new Set<string>();
  let total = 0;
  let at = dirOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > eocd || zip.readUInt32LE(at) !== CENTRAL)
      throw new ZipError(`central directory entry ${i + 1} is damaged`);
    const flags = zip.readUInt16LE(at + 8);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localOffset = zip.readUInt32LE(at + 42);
    const nameEnd = at + 46 + nameLength;
    if (nameEnd > eocd) throw new ZipError(`central directory entry ${i + 1} is damaged`);
    const name = safeName(zip.subarray(at + 46, nameEnd).toString((flags & 0x800) !== 0 ? 'utf8' : 'latin1'));
    at = nameEnd + extraLength + commentLength;
    if ((flags & 0x1) !== 0) throw new ZipError(`entry "${name}" is encrypted`);
    if (compressedSize === 0xffffffff || size === 0xffffffff) throw new ZipError('ZIP64 archives are not supported');
    if (name.endsWith('/')) continue;
    if (seen.has(name)) throw new ZipError(`entry "${name}" appears twice`);
    seen.add(name);
    if (size > limits.maxEntryBytes)
      throw new ZipError(`entry "${name}" is too large (${size} bytes; at most ${limits.maxEntryBytes})`);
    total += size;
    if (total > limits.maxTotalBytes)
      throw new ZipError(`the archive expands to more than ${limits.maxTotalBytes} bytes`);
    entries.push({ name, data: readEntry(zip, { name, method, crc, compressedSize, size, localOffset, dirOffset }) });
  }
  return entries;
}

interface EntryHeader {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
  dirOffset: number;
}

function readEntry(zip: Buffer, h: EntryHeader): Buffer {
  if (h.localOffset + 30 > h.dirOffset || zip.readUInt32LE(h.localOffset) !== LOCAL)
    throw new ZipError(`entry "${h.name}" has no local header`);
  const start = h.localOffset + 30 + zip.readUInt16LE(h.localOffset + 26) + zip.readUInt16LE(h.localOffset + 28);
  const end = start + h.compressedSize;
  if (end > h.dirOffset) throw new ZipError(`entry "${h.name}" runs past the end of the data`);
  const raw = zip.subarray(start, end);
  let data: Buffer;
  if (h.method === 0) {
    if (h.compressedSize !== h.size) throw new ZipError(`stored entry "${h.name}" has inconsistent sizes`);
    data = Buffer.from(raw);
  } else if (h.method === 8) {
    try {
      // maxOutputLength: a lying size field cannot make inflation allocate more than the declared size.
      data = inflateRawSync(raw, { maxOutputLength: Math.max(1, h.size) });
    } catch (error) {
      throw new ZipError(`entry "${h.name}" cannot be inflated: ${(error as Error).message}`);
    }
  } else {
    throw new ZipError(`entry "${h.name}" uses compression method ${h.method} (only stored and deflate are supported)`);
  }
  if (data.length !== h.size)
    throw new ZipError(`entry "${h.name}" is ${data.length} bytes, the directory says ${h.size}`);
  if (crc32(data) !== h.crc) throw new ZipError(`entry "${h.name}" fails its CRC-32 check`);
  return data;
}
