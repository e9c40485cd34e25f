/**
 * Locks that heal, as a table: the state lock (`~/.sfdx/sfjwt-state.lock`) and the folder lock (`.sfjwt.lock`) found
 * empty, garbled, held by a dead process, or held by a live one. The clock and the pause between tries are injected:
 * no test waits on wall time. The grace is measured from the lock file's own mtime, so "after the grace" is the
 * injected clock at mtime + grace.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lockFolder, LOCK_NAME } from '../../src/io/folder-lock.js';
import { createLockSync, LOCK_GRACE_MS, readLock } from '../../src/io/lock-file.js';
import { STATE_LOCK_NAME, withStateLock } from '../../src/io/state-lock.js';
import { DEAD_PID, useLockFixtures } from '../support/lock-fixtures.js';

interface LockRow {
  readonly name: string;
  /** The lock's text (as a killed writer or something else left it); LIVE = the pid of a running process. */
  readonly text: string;
  /** Clock = lock mtime + this. */
  readonly after: number;
  /** Taken over (with this reason in the warning), or still held. */
  readonly outcome: { readonly takenOver: RegExp } | 'held';
}

const LIVE = '<live pid>';

const rows: LockRow[] = [
  { name: 'empty, after the grace', text: '', after: LOCK_GRACE_MS, outcome: { takenOver: /it is empty/ } },
  { name: 'empty, within the grace (a writer may be mid-write)', text: '', after: 0, outcome: 'held' },
  { name: 'whitespace only, after the grace', text: ' \n', after: LOCK_GRACE_MS, outcome: { takenOver: /empty/ } },
  {
    name: 'garbled, after the grace',
    text: 'not a pid\u0000\u001b[2J',
    after: LOCK_GRACE_MS,
    outcome: { takenOver: /does not hold a process id/ },
  },
  { name: 'garbled, within the grace', text: 'xyz', after: LOCK_GRACE_MS - 1, outcome: 'held' },
  { name: 'negative pid, after the grace', text: '-5 1', after: LOCK_GRACE_MS, outcome: { takenOver: /process id/ } },
  {
    name: 'dead owner with a time, at once',
    text: `${DEAD_PID} 1`,
    after: 0,
    outcome: { takenOver: new RegExp(`process ${DEAD_PID} is no longer running`) },
  },
  {
    name: 'dead owner, pid only, at once',
    text: `${DEAD_PID}\n`,
    after: 0,
    outcome: { takenOver: /no longer running/ },
  },
  { name: 'live owner', text: LIVE, after: LOCK_GRACE_MS * 10, outcome: 'held' },
];

describe('locks that heal (table)', () => {
  const fixtures = useLockFixtures('plugin-jwt-locks-');
  let dir: string;
  beforeEach(() => (dir = fixtures.dir()));

  /** Plants the row's lock at `path`; returns the injected clock at mtime + row.after. */
  const plant = (path: string, row: LockRow): (() => number) => {
    writeFileSync(path, row.text === LIVE ? `${fixtures.livePid()} ${Date.now()}` : row.text);
    const at = statSync(path).mtimeMs + row.after;
    return () => at;
  };

  for (const row of rows) {
    it(`state lock, ${row.name}: ${row.outcome === 'held' ? 'waited for, then ERR_AUTH_STORE_LOCKED' : 'taken over with a warning'}`, async () => {
      const path = join(dir, STATE_LOCK_NAME);
      const now = plant(path, row);
      const warnings: string[] = [];
      const run = withStateLock(() => Promise.resolve('ran'), {
        dir,
        now,
        // No wall time: the pause resolves at once, and a wait of 0 ends at the first live lock.
        sleep: () => Promise.resolve(),
        waitMs: 0,
        warn: (m) => warnings.push(m),
      });
      if (row.outcome === 'held') {
        await assert.rejects(run, { name: 'ERR_AUTH_STORE_LOCKED' });
        assert.ok(existsSync(path), 'the lock is left in place');
        assert.deepEqual(warnings, []);
      } else {
        assert.equal(await run, 'ran');
        assert.equal(warnings.length, 1, warnings.join('\n'));
        assert.match(
          warnings[0] ?? '',
          new RegExp(`^Took over the lock ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `),
        );
        assert.match(warnings[0] ?? '', row.outcome.takenOver);
        assert.deepEqual(readdirSync(dir), [], 'no lock, temp or aside file is left');
      }
    });

    it(`folder lock, ${row.name}: ${row.outcome === 'held' ? 'ERR_FOLDER_LOCKED' : 'taken over with a warning'}`, async () => {
      const path = join(dir, LOCK_NAME);
      const now = plant(path, row);
      const warnings: string[] = [];
      const taking = lockFolder(dir, { now, warn: (m) => warnings.push(m) });
      if (row.outcome === 'held') {
        await assert.rejects(taking, { name: 'ERR_FOLDER_LOCKED' });
        assert.ok(existsSync(path));
      } else {
        const unlock = await taking;
        assert.match(warnings[0] ?? '', row.outcome.takenOver);
        await unlock();
        assert.deepEqual(readdirSync(dir), []);
      }
    });
  }

  it('a lock is never visible incomplete: it appears, by a hard link, already holding its text', () => {
    const path = join(dir, 'x.lock');
    assert.equal(createLockSync(path, '123 456'), true);
    assert.equal(statSync(path).size, '123 456'.length);
    assert.equal(createLockSync(path, '789 0'), false, 'a second taker loses');
    assert.deepEqual(readdirSync(dir), ['x.lock'], 'no temp file is left');
  });

  it('a lock released while it is being read is no lock, never an "empty" one held by "another process"', async () => {
    // The race CI met: lstat saw the lock, its writer removed it, and the read failed; that was taken for an empty
    // lock within its grace, and a free folder was reported locked. Here the release lands between the two calls
    // (the read and the removal race on the thread pool), many times over; every answer must be held or none.
    const path = join(dir, 'x.lock');
    const kinds = new Set<string>();
    for (let i = 0; i < 2_000; i++) {
      createLockSync(path, `${process.pid}\n`);
      const reading = readLock(path);
      await new Promise((resolve) => setImmediate(resolve));
      rmSync(path, { force: true });
      kinds.add((await reading)?.content.kind ?? 'none');
    }
    assert.ok(!kinds.has('empty') && !kinds.has('garbled'), [...kinds].join(', '));
  });
});
