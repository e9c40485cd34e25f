/**
 * A small zip writer for Metadata API deploys: deflate entries (stored when deflating does not help), UTF-8 names,
 * CRC-32 from node:zlib, a fixed timestamp (1980-01-01, the format's epoch) so the same files make the same bytes.
 * No ZIP64: a deploy holds a few small XML files, and Salesforce caps a deploy far below 4 GiB anyway.
 */
import { crc32, deflateRawSync } from 'node:zlib';

/** One file of the archive: a `/`-separated relative name and its bytes or UTF-8 text. */
export interface ZipEntryInput {
  readonly name: string;
  readonly data: string | Uint8Array;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const UTF8_NAMES = 0x0800;
const STORE = 0;
const DEFLATE = 8;
// Version 2.0: deflate; "made by" Unix (3) so that the external attributes carry the file mode.
const VERSION_NEEDED = 20;
const VERSION_MADE_BY = (3 << 8) | 20;
// MS-DOS date 1980-01-01 (year 0, month 1, day 1), time 00:00:00.
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const DOS_TIME = 0;
const MAX_ENTRIES = 0xffff;
const MAX_32 = 0xffffffff;

/**
 * Builds a zip archive in memory.
 *
 * @throws Error when a name is empty, absolute or leaves the archive (`..`), is repeated, or the archive would need
 *   ZIP64 (more than 65,535 entries or 4 GiB).
 */
export function writeZip(entries: readonly ZipEntryInput[]): Buffer {
  if (entries.length > MAX_ENTRIES) throw new Error(`a zip without ZIP64 holds at most ${MAX_ENTRIES} entries`);
  const seen = new Set<string>();
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    checkName(entry.name, seen);
    const data = typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : Buffer.from(entry.data);
    const deflated = deflateRawSync(data);
    const method = deflated.length < data.length ? DEFLATE : STORE;
    const body = method === DEFLATE ? deflated : data;
    const name = Buffer.from(entry.name, 'utf8');
    const crc = crc32(data);
    if (offset > MAX_32 || body.length > MAX_32 || data.length > MAX_32)
      throw new Error('the archive would need ZIP64');

    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_HEADER, 0);
    local.writeUInt16LE(VERSION_NEEDED, 4);
    local.writeUInt16LE(UTF8_NAMES, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);

    const header = Buffer.alloc(46);
    header.writeUInt32LE(CENTRAL_HEADER, 0);
    header.writeUInt16LE(VERSION_MADE_BY, 4);
    header.writeUInt16LE(VERSION_NEEDED, 6);
    header.writeUInt16LE(UTF8_NAMES, 8);
    header.writeUInt16LE(method, 10);
    header.writeUInt16LE(DOS_TIME, 12);
    header.writeUInt16LE(DOS_DATE, 14);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(body.length, 20);
    header.writeUInt32LE(data.length, 24);
    header.writeUInt16LE(name.length, 28);
    // extra length, comment length, disk number, internal attributes: 0
    header.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    header.writeUInt32LE(offset, 42);

    parts.push(local, name, body);
    central.push(header, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(central);
  if (offset > MAX_32 || directory.length > MAX_32) throw new Error('the archive would need ZIP64');
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}

function checkName(name: string, seen: Set<string>): void {
  const segments = name.split('/');
  if (
    name === '' ||
    name.startsWith('/') ||
    name.includes('\\') ||
    segments.some((s) => s === '' || s === '.' || s === '..')
  ) {
    throw new Error(`not a relative zip entry name: ${JSON.stringify(name)}`);
  }
  if (seen.has(name)) throw new Error(`duplicate zip entry: ${name}`);
  seen.add(name);
}
