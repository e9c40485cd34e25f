/**
 * The take-over guard heals (io/takeover-guard.ts): a guard left by a process killed mid-take-over never wedges later
 * runs, and a guard held by a live process is waited for a bounded time, then the lock is busy. The clock and the
 * pause are injected: no test waits on wall time; the guard's age is the injected clock minus the time its token
 * names.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lockFolder, LOCK_NAME } from '../../src/io/folder-lock.js';
import { acquireLockSync, GUARD_WAIT_MS, readLock, takeOver } from '../../src/io/lock-file.js';
import { STATE_LOCK_NAME, withStateLock } from '../../src/io/state-lock.js';
import { GUARD_STALE_MS, GUARD_SUFFIX } from '../../src/io/takeover-guard.js';
import { DEAD_PID, useLockFixtures } from '../support/lock-fixtures.js';

/** The time the planted guards' tokens name. */
const SINCE = 1_700_000_000_000;
const DEAD_LOCK_WARNING = `its process ${DEAD_PID} is no longer running`;

describe('the take-over guard heals', () => {
  const fixtures = useLockFixtures('plugin-jwt-guard-');
  let dir: string;
  beforeEach(() => (dir = fixtures.dir()));

  /** Plants an abandoned lock (a dead pid) at `lock` and a guard held by `pid` since {@link SINCE}. */
  const plant = (lock: string, pid: number): string => {
    writeFileSync(lock, `${DEAD_PID} 1`);
    const guard = `${lock}${GUARD_SUFFIX}`;
    mkdirSync(guard);
    writeFileSync(join(guard, `${pid}.${SINCE}.0badc0de`), '');
    return guard;
  };

  /** Takes the state lock in `dir` with the injected clock; no real pause; a wait of 0. */
  const stateLock = (now: number, warnings: string[]): Promise<string> =>
    withStateLock(() => Promise.resolve('ran'), {
      dir,
      now: () => now,
      sleep: () => Promise.resolve(),
      waitMs: 0,
      warn: (m) => warnings.push(m),
    });

  const guards = [
    { name: 'left by a dead pid, at once', pid: () => DEAD_PID, now: SINCE },
    { name: 'of a live pid older than the bound', pid: () => fixtures.livePid(), now: SINCE + GUARD_STALE_MS + 1 },
  ];

  for (const row of guards) {
    it(`state lock: a guard ${row.name} is healed, and the lock taken over with one warning`, async () => {
      const lock = join(dir, STATE_LOCK_NAME);
      plant(lock, row.pid());
      const warnings: string[] = [];
      assert.equal(await stateLock(row.now, warnings), 'ran');
      assert.deepEqual(warnings, [`Took over the lock ${lock}: ${DEAD_LOCK_WARNING}.`]);
      assert.deepEqual(readdirSync(dir), [], 'no lock, guard or temp is left');
    });

    it(`folder lock: a guard ${row.name} is healed, and the lock taken over with one warning`, async () => {
      const lock = join(dir, LOCK_NAME);
      plant(lock, row.pid());
      const warnings: string[] = [];
      const unlock = await lockFolder(dir, { now: () => row.now, warn: (m) => warnings.push(m) });
      assert.equal(readFileSync(lock, 'utf8'), `${process.pid}\n`, 'the taker holds the lock');
      assert.deepEqual(readdirSync(dir), [LOCK_NAME], 'the guard is gone');
      await unlock();
      assert.deepEqual(warnings, [`Took over the lock ${lock}: ${DEAD_LOCK_WARNING}.`]);
      assert.deepEqual(readdirSync(dir), []);
    });
  }

  it("a live pid's guard within the bound is waited for (in pauses), then the lock is busy, left as it was", async () => {
    const lock = join(dir, LOCK_NAME);
    const guard = plant(lock, fixtures.livePid());
    const pauses: number[] = [];
    const warnings: string[] = [];
    const taking = lockFolder(dir, {
      now: () => SINCE + GUARD_STALE_MS,
      sleep: (ms) => Promise.resolve(pauses.push(ms)),
      warn: (m) => warnings.push(m),
    });
    await assert.rejects(taking, (err: Error & { data?: unknown }) => {
      assert.equal(err.name, 'ERR_FOLDER_LOCKED');
      assert.match(err.message, /^Another sf jwt command \(another process\) is writing files in /);
      return true;
    });
    const waited = pauses.reduce((sum, ms) => sum + ms, 0);
    assert.ok(waited >= GUARD_WAIT_MS && waited < GUARD_WAIT_MS + 100, `waited ${waited} ms of pauses`);
    assert.deepEqual(warnings, []);
    assert.equal(readFileSync(lock, 'utf8'), `${DEAD_PID} 1`, "the lock is left to the guard's holder");
    assert.deepEqual(readdirSync(guard), [`${fixtures.livePid()}.${SINCE}.0badc0de`], 'the live guard is left alone');
  });

  it('state lock: a live guard within the bound ends in ERR_AUTH_STORE_LOCKED after the wait', async () => {
    const lock = join(dir, STATE_LOCK_NAME);
    plant(lock, fixtures.livePid());
    const warnings: string[] = [];
    await assert.rejects(stateLock(SINCE, warnings), { name: 'ERR_AUTH_STORE_LOCKED' });
    assert.deepEqual(warnings, []);
    assert.ok(existsSync(lock));
  });

  it('a guard not of ours (a file; a folder of other names) is healed after the bound by its mtime, not before', async () => {
    for (const foreign of ['file', 'folder'] as const) {
      const lock = join(dir, STATE_LOCK_NAME);
      writeFileSync(lock, `${DEAD_PID} 1`);
      const guard = `${lock}${GUARD_SUFFIX}`;
      if (foreign === 'file') writeFileSync(guard, 'x');
      else {
        mkdirSync(guard);
        writeFileSync(join(guard, 'not-a-token'), '');
      }
      const mtime = statSync(guard).mtimeMs;
      await assert.rejects(stateLock(mtime + GUARD_STALE_MS, []), { name: 'ERR_AUTH_STORE_LOCKED' }, foreign);
      const warnings: string[] = [];
      assert.equal(await stateLock(mtime + GUARD_STALE_MS + 1, warnings), 'ran', foreign);
      assert.equal(warnings.length, 1, foreign);
      assert.deepEqual(readdirSync(dir), [], foreign);
    }
  });

  it("an emptied guard (its healer killed before rmdir) and a dead run's temp guard folder are no obstacle", async () => {
    const lock = join(dir, STATE_LOCK_NAME);
    writeFileSync(lock, `${DEAD_PID} 1`);
    mkdirSync(`${lock}${GUARD_SUFFIX}`);
    const deadTemp = `${lock}${GUARD_SUFFIX}.${DEAD_PID}.0badc0de.tmp`;
    mkdirSync(deadTemp);
    writeFileSync(join(deadTemp, `${DEAD_PID}.${SINCE}.0badc0de`), '');
    const warnings: string[] = [];
    assert.equal(await stateLock(SINCE, warnings), 'ran');
    assert.equal(warnings.length, 1);
    assert.deepEqual(readdirSync(dir), [], 'the emptied guard and the dead temp folder are gone');
  });

  it('a take-over of a lock that changed since it was judged leaves the new lock alone', async () => {
    const lock = join(dir, STATE_LOCK_NAME);
    writeFileSync(lock, `${DEAD_PID} 1`);
    const judged = await readLock(lock);
    assert.ok(judged !== undefined);
    // Another process took it over and holds it now: a new file at the path.
    writeFileSync(join(dir, 'fresh'), `${fixtures.livePid()} 2`);
    renameSync(join(dir, 'fresh'), lock);
    const outcome = await takeOver(lock, judged, `${process.pid} 3`, { now: () => 3, sleep: () => Promise.resolve() });
    assert.equal(outcome, 'changed');
    assert.equal(readFileSync(lock, 'utf8'), `${fixtures.livePid()} 2`);
    assert.deepEqual(readdirSync(dir), [STATE_LOCK_NAME], 'no guard or temp is left');
  });

  it("a holder whose lock was taken over (stale by age) does not remove the new holder's lock on release", () => {
    const lock = join(dir, STATE_LOCK_NAME);
    const release = acquireLockSync(lock, `${process.pid} 1`);
    assert.ok(release !== undefined);
    writeFileSync(join(dir, 'fresh'), `${fixtures.livePid()} 2`);
    renameSync(join(dir, 'fresh'), lock);
    release();
    assert.equal(readFileSync(lock, 'utf8'), `${fixtures.livePid()} 2`);
  });
});
