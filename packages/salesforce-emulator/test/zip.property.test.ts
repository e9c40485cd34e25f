// Properties of the emulator's zip reader (issue 27): archives mutated (bytes flipped, cut, dropped, appended, sizes
// and CRCs lied about, unsafe names) are read or refused with ZipError, never a RangeError or a huge allocation, and
// never an entry name outside the archive; archives written for any names and contents read back byte for byte,
// and Info-ZIP's `unzip -t` agrees they are sound (a bounded sample).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inTempDir } from '@sfjwt/test-support';
import { describeProperties, fc, mutatedBytes, outcomeOf } from '@sfjwt/test-support/fuzz';
import { readZip, ZipError, type ZipEntry } from '../src/zip/read.js';
import { writeZip, type ZipInput } from './support/zip-write.js';

const LIMITS = { maxEntries: 20, maxEntryBytes: 64 * 1024, maxTotalBytes: 256 * 1024 };
const name = fc.oneof(
  fc.stringMatching(/^[\w-]{1,12}(\/[\w.-]{1,12}){0,2}$/).filter((text) => !text.split('/').includes('..')),
  fc.constantFrom(
    'package.xml',
    'unpackaged/package.xml',
    'a/../../etc/passwd',
    '/abs',
    'C:/x',
    'nul\0name',
    'é/ü.xml',
  ),
);
const files = fc.uniqueArray(
  fc.record(
    {
      name,
      data: fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
      method: fc.constantFrom('store' as const, 'deflate' as const),
    },
    { noNullPrototype: true },
  ),
  { selector: (file) => file.name, minLength: 1, maxLength: 4 },
);
const safe = (file: ZipInput): boolean =>
  !file.name.startsWith('/') &&
  !/^[A-Za-z]:/.test(file.name) &&
  !file.name.includes('\0') &&
  !file.name.split('/').includes('..');
const tamper = fc.option(
  fc.record(
    {
      declaredSize: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      crc: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      flags: fc.integer({ min: 0, max: 0xffff }),
      method: fc.integer({ min: 0, max: 0xffff }),
    },
    { requiredKeys: [], noNullPrototype: true },
  ),
  { nil: undefined },
);

/** Read or refused with ZipError; what is read stays within the limits and has safe names. */
function readOrRefused(zip: Buffer): void {
  let entries: ZipEntry[] | undefined;
  const error = outcomeOf(() => (entries = readZip(zip, LIMITS)));
  if (error !== undefined) {
    if (!(error instanceof ZipError))
      throw error instanceof Error ? error : new Error('a non-Error was thrown', { cause: error });
    return;
  }
  assert.ok(entries!.length <= LIMITS.maxEntries);
  for (const entry of entries!) {
    assert.ok(entry.data.length <= LIMITS.maxEntryBytes);
    assert.ok(!entry.name.startsWith('/') && !entry.name.split('/').includes('..'), entry.name);
  }
}

const archive = fc
  .tuple(files, tamper)
  .map(([list, lie]) => writeZip(list, lie === undefined ? {} : { [list[0]!.name]: lie }));

/** Info-ZIP's verdict on an archive: its CRC test over every entry. */
const unzipTest = (zip: Buffer): void =>
  inTempDir((dir) => {
    writeFileSync(join(dir, 'a.zip'), zip);
    execFileSync('unzip', ['-tq', join(dir, 'a.zip')], { stdio: 'pipe' });
  });

describeProperties('salesforce-emulator/zip', {
  'mutated and lying archives are read within the limits or refused with ZipError': {
    runs: 400,
    property: () =>
      fc.property(
        fc.oneof(
          mutatedBytes(archive, 3),
          fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
        ),
        readOrRefused,
      ),
  },
  'an archive written for any names and contents reads back byte for byte, or its unsafe name is refused': {
    runs: 300,
    property: () =>
      fc.property(files, (list) => {
        const zip = writeZip(list);
        if (!list.every(safe)) return assert.ok(outcomeOf(() => readZip(zip, LIMITS)) instanceof ZipError);
        assert.deepEqual(
          readZip(zip, LIMITS).map((entry) => [entry.name, entry.data]),
          list.map((file) => [file.name, file.data]),
        );
      }),
  },
  'Info-ZIP unzip -t agrees the archives read back are sound (a bounded sample)': {
    runs: 10,
    property: () =>
      fc.property(
        files.filter((list) => list.every(safe)),
        (list) => unzipTest(writeZip(list)),
      ),
  },
});
