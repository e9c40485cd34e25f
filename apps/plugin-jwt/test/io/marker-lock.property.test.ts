// Properties of the small state files the plugin reads back (issue 27): the `.sfjwt.replacing` marker and lock files.
// Whatever a killed run, another program or an attacker left there (our format mutated, other text, random bytes) is
// read as a marker naming only plain files in its folder, or refused with ERR_REPLACE_MARKER_FOREIGN; a lock is
// read as held, empty or garbled and judged without throwing; what we write reads back as what we wrote.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  asyncOutcomeOf,
  describeProperties,
  fc,
  hostileText,
  mutatedBytes,
  mutatedText,
} from '@sfjwt/test-support/fuzz';
import { abandonedBecause, createLockSync, readLock } from '../../src/io/lock-file.js';
import {
  createMarkerSync,
  MARKER_NAME,
  readLeftoverMarker,
  removeMarkerSync,
  type LeftoverMarker,
} from '../../src/io/replace-marker.js';
import { assertPluginCoded } from '../support/coded-error.js';

let dir: string;
before(() => (dir = mkdtempSync(join(tmpdir(), 'sfjwt-marker-property-'))));
after(() => rmSync(dir, { recursive: true, force: true }));

const fileName = fc.oneof(
  fc.constantFrom('server.key', 'server.crt', 'keystore.jks', '.env', 'a b'),
  fc.stringMatching(/^[\w.-]{1,20}$/),
);
const markerText = fc.oneof(
  mutatedText(
    fc.array(fileName, { minLength: 1, maxLength: 3 }).map((names) => `sfjwt replacing v1\n${names.join('\n')}\n`),
  ),
  mutatedText(fc.constant('/tmp/x/server.key\n/tmp/x/server.crt\n')),
  hostileText,
);
const lockText = fc.oneof(
  mutatedText(
    fc
      .tuple(fc.integer({ min: 1, max: 2 ** 31 }), fc.integer({ min: 0, max: 2 ** 45 }))
      .map(([pid, since]) => `${pid} ${since}`),
  ),
  hostileText,
);

describeProperties('plugin-jwt/marker-lock', {
  'a marker file holding anything names plain files of its folder or is refused as foreign': {
    runs: 200,
    property: () =>
      fc.asyncProperty(
        fc.oneof(
          markerText.map((text) => Buffer.from(text)),
          mutatedBytes(fc.uint8Array({ maxLength: 64 })),
        ),
        async (bytes) => {
          writeFileSync(join(dir, MARKER_NAME), bytes);
          let marker: LeftoverMarker | undefined;
          const error = await asyncOutcomeOf(async () => (marker = await readLeftoverMarker(dir)));
          rmSync(join(dir, MARKER_NAME), { force: true });
          if (error !== undefined) {
            assertPluginCoded(error);
            assert.equal((error as Error).name, 'ERR_REPLACE_MARKER_FOREIGN');
            return;
          }
          assert.ok(marker!.names.length > 0);
          for (const name of marker!.names) {
            // eslint-disable-next-line no-control-regex -- the names a marker may hold: no separators or controls
            assert.ok(!/[/\\\u0000-\u001f]/.test(name) && name !== '.' && name !== '..', name);
          }
        },
      ),
  },
  'a marker we write reads back with the names we gave': {
    runs: 100,
    property: () =>
      fc.asyncProperty(
        fc.uniqueArray(
          fileName.filter((name) => name !== '.' && name !== '..'),
          { minLength: 1, maxLength: 4 },
        ),
        async (names) => {
          // A long run's time limit may interrupt an asynchronous run before it cleaned up: start from no marker.
          rmSync(join(dir, MARKER_NAME), { force: true });
          const path = createMarkerSync(
            dir,
            names.map((name) => join(dir, name)),
          );
          const marker = await readLeftoverMarker(dir);
          removeMarkerSync(path);
          assert.deepEqual(marker?.names, names);
        },
      ),
  },
  'a lock file holding anything is read and judged without throwing; ours reads back held by us': {
    runs: 200,
    property: () =>
      fc.asyncProperty(lockText, fc.integer({ min: 0, max: 2 ** 45 }), async (text, now) => {
        const path = join(dir, 'state.lock');
        writeFileSync(path, text);
        const found = await readLock(path);
        rmSync(path, { force: true });
        assert.ok(found !== undefined && ['held', 'empty', 'garbled'].includes(found.content.kind));
        const verdict = abandonedBecause(found, now, 2_000, 60_000);
        assert.ok(verdict === undefined || typeof verdict === 'string');
        assert.ok(createLockSync(path, `${process.pid} ${now}`));
        assert.deepEqual((await readLock(path))?.content, { kind: 'held', pid: process.pid, since: now });
        rmSync(path, { force: true });
      }),
  },
});
