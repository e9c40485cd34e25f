// The deploy zip reader: stored and deflate entries, and every bound (entries, entry size, total size, CRC, names).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_ZIP_LIMITS, readZip, ZipError } from '../src/zip/read.js';
import { writeZip } from './support/zip-write.js';

const text = (entries: { name: string; data: Buffer }[]) => entries.map((e) => [e.name, e.data.toString('utf8')]);
const throwsZip = (fn: () => unknown, message: string) =>
  assert.throws(fn, (e: unknown) => e instanceof ZipError && e.message === message);

describe('zip reader', () => {
  it('reads stored and deflate entries, skipping directory entries', () => {
    const zip = writeZip([
      { name: 'package.xml', data: '<Package/>', method: 'store' },
      { name: 'externalClientApps/', data: '', method: 'store' },
      { name: 'externalClientApps/My_App.eca', data: 'x'.repeat(5000) },
      { name: 'empty.txt', data: '' },
    ]);
    assert.deepEqual(text(readZip(zip)), [
      ['package.xml', '<Package/>'],
      ['externalClientApps/My_App.eca', 'x'.repeat(5000)],
      ['empty.txt', ''],
    ]);
  });

  it('reads an archive written by the zip tool of the system (an independent writer)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'emu-zip-'));
    mkdirSync(join(dir, 'src', 'permissionsets'), { recursive: true });
    writeFileSync(join(dir, 'src', 'package.xml'), '<Package/>');
    writeFileSync(join(dir, 'src', 'permissionsets', 'A.permissionset'), 'y'.repeat(3000));
    try {
      execFileSync('zip', ['-qr', join(dir, 'out.zip'), '.'], { cwd: join(dir, 'src') });
    } catch {
      // No zip tool here: Python's zipfile is the independent writer instead.
      execFileSync('python3', [
        '-c',
        `import zipfile,sys\nz=zipfile.ZipFile(sys.argv[1],'w',zipfile.ZIP_DEFLATED)\nz.write(sys.argv[2]+'/package.xml','package.xml')\nz.write(sys.argv[2]+'/permissionsets/A.permissionset','permissionsets/A.permissionset')\nz.close()`,
        join(dir, 'out.zip'),
        join(dir, 'src'),
      ]);
    }
    const entries = text(readZip(readFileSync(join(dir, 'out.zip')))).sort();
    assert.deepEqual(entries, [
      ['package.xml', '<Package/>'],
      ['permissionsets/A.permissionset', 'y'.repeat(3000)],
    ]);
  });

  it('caps the number of entries', () => {
    const zip = writeZip([
      { name: 'a', data: '1' },
      { name: 'b', data: '2' },
      { name: 'c', data: '3' },
    ]);
    throwsZip(() => readZip(zip, { ...DEFAULT_ZIP_LIMITS, maxEntries: 2 }), 'too many entries (3; at most 2)');
  });

  it("caps one entry's uncompressed size before inflating it, and the total", () => {
    const zip = writeZip([
      { name: 'a', data: 'a'.repeat(1000) },
      { name: 'b', data: 'b'.repeat(1000) },
    ]);
    throwsZip(
      () => readZip(zip, { ...DEFAULT_ZIP_LIMITS, maxEntryBytes: 999 }),
      'entry "a" is too large (1000 bytes; at most 999)',
    );
    throwsZip(
      () => readZip(zip, { ...DEFAULT_ZIP_LIMITS, maxTotalBytes: 1500 }),
      'the archive expands to more than 1500 bytes',
    );
  });

  it('never inflates past the declared size (a zip bomb lying about its size)', () => {
    const zip = writeZip([{ name: 'bomb', data: Buffer.alloc(10 * 1024 * 1024) }], { bomb: { declaredSize: 100 } });
    assert.throws(
      () => readZip(zip),
      (e: unknown) => e instanceof ZipError && e.message.startsWith('entry "bomb" cannot be inflated'),
    );
  });

  it('checks CRC-32 and refuses encryption, other methods, unsafe names and duplicates', () => {
    throwsZip(
      () => readZip(writeZip([{ name: 'a', data: 'abc' }], { a: { crc: 1 } })),
      'entry "a" fails its CRC-32 check',
    );
    throwsZip(() => readZip(writeZip([{ name: 'a', data: 'abc' }], { a: { flags: 0x801 } })), 'entry "a" is encrypted');
    throwsZip(
      () => readZip(writeZip([{ name: 'a', data: 'abc', method: 'store' }], { a: { method: 12 } })),
      'entry "a" uses compression method 12 (only stored and deflate are supported)',
    );
    throwsZip(() => readZip(writeZip([{ name: '../evil', data: 'x' }])), 'unsafe entry name "../evil"');
    throwsZip(() => readZip(writeZip([{ name: '/etc/passwd', data: 'x' }])), 'unsafe entry name "/etc/passwd"');
    throwsZip(
      () =>
        readZip(
          writeZip([
            { name: 'a', data: 'x' },
            { name: 'a', data: 'y' },
          ]),
        ),
      'entry "a" appears twice',
    );
  });

  it('refuses what is not a zip, or a truncated one', () => {
    throwsZip(() => readZip(Buffer.from('PK')), 'not a zip archive (too short)');
    throwsZip(() => readZip(Buffer.alloc(100, 1)), 'not a zip archive (no end of central directory record)');
    const zip = writeZip([{ name: 'a', data: 'abc'.repeat(100) }]);
    throwsZip(
      () => readZip(Buffer.concat([zip.subarray(0, 20), zip.subarray(zip.length - 22)])),
      'central directory lies outside the archive',
    );
  });
});
