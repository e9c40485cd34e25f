// The deploy zip writer, checked by independent readers: Info-ZIP's unzip (CRC test and extraction) and Python's
// zipfile (names, sizes, methods).
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeZip } from '../../src/io/zip-writer.js';

describe('io/zip-writer', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'zip-writer-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes an archive unzip tests clean and extracts byte for byte (deflated and stored entries, UTF-8 names)', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Package>${'<types><members>A</members></types>'.repeat(50)}</Package>\n`;
    const files = {
      'unpackaged/package.xml': xml,
      'unpackaged/externalClientApps/Ventes_é.eca': 'x',
      'unpackaged/empty.txt': '',
    };
    const zip = join(dir, 'deploy.zip');
    writeFileSync(zip, writeZip(Object.entries(files).map(([name, data]) => ({ name, data }))));
    const tested = execFileSync('unzip', ['-t', zip], { encoding: 'utf8' });
    assert.match(tested, /No errors detected in compressed data/);
    execFileSync('unzip', ['-q', zip, '-d', join(dir, 'out')]);
    for (const [name, data] of Object.entries(files)) assert.equal(readFileSync(join(dir, 'out', name), 'utf8'), data);
    const listing = execFileSync(
      'python3',
      [
        '-c',
        'import sys, zipfile\nfor i in zipfile.ZipFile(sys.argv[1]).infolist(): print(i.filename, i.compress_type, i.file_size, i.date_time[:3])',
        zip,
      ],
      { encoding: 'utf8' },
    );
    assert.equal(
      listing,
      [
        `unpackaged/package.xml 8 ${Buffer.byteLength(xml)} (1980, 1, 1)`,
        'unpackaged/externalClientApps/Ventes_é.eca 0 1 (1980, 1, 1)',
        'unpackaged/empty.txt 0 0 (1980, 1, 1)',
        '',
      ].join('\n'),
    );
  });

  it('is deterministic', () => {
    const entries = [{ name: 'a/b.xml', data: '<a/>' }];
    assert.deepEqual(writeZip(entries), writeZip(entries));
  });

  it('refuses names that leave the archive, absolute names and duplicates', () => {
    assert.throws(() => writeZip([{ name: '../x', data: '' }]), /not a relative zip entry name: "..\/x"/);
    assert.throws(() => writeZip([{ name: '/x', data: '' }]), /not a relative zip entry name/);
    assert.throws(
      () =>
        writeZip([
          { name: 'a', data: '' },
          { name: 'a', data: '' },
        ]),
      /duplicate zip entry: a/,
    );
  });
});
