// Property of the deploy zip we write (io/zip-writer, issue 27): for any entry names (UTF-8, nested folders) and
// contents (empty, binary, compressible or not), Info-ZIP's `unzip -t` tests the archive clean and `unzip -p` gives
// back every entry byte for byte (a bounded sample: each check starts unzip).
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { inTempDir } from '@sfjwt/test-support';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeProperties, fc } from '@sfjwt/test-support/fuzz';
import { writeZip } from '../../src/io/zip-writer.js';

// Not starting with "-": unzip would read such a name as its own option (long-run counterexample, seed 1512528097).
const name = fc
  .stringMatching(/^[A-Za-z0-9_é][A-Za-z0-9_é-]{0,11}(\/[A-Za-z0-9_.é-]{1,12}){0,2}$/)
  .filter((text) => !text.split('/').some((part) => part === '.' || part === '..'));
const data = fc.oneof(fc.uint8Array({ maxLength: 400 }), fc.string({ maxLength: 400 }), fc.constant(''));
const entries = fc
  .uniqueArray(fc.record({ name, data }, { noNullPrototype: true }), {
    selector: (entry) => entry.name,
    minLength: 1,
    maxLength: 4,
  })
  // A name that is also another entry's folder cannot be extracted as both a file and a folder.
  .filter((list) => !list.some((a) => list.some((b) => b.name.startsWith(`${a.name}/`))));

describeProperties('plugin-jwt/zip-writer', {
  'the zip we write tests clean in unzip -t and gives back every entry byte for byte': {
    runs: 6,
    property: () =>
      fc.property(entries, (list) =>
        inTempDir((dir) => {
          const zip = join(dir, 'deploy.zip');
          writeFileSync(zip, writeZip(list));
          execFileSync('unzip', ['-tq', zip], { stdio: 'pipe' });
          for (const entry of list) {
            const extracted = execFileSync('unzip', ['-p', zip, entry.name.replace(/([[\]*?\\])/g, '\\$1')]);
            assert.deepEqual(extracted, Buffer.from(entry.data));
          }
        }),
      ),
  },
});
