import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STATE_LOCK_NAME, withStateLock } from '../../src/io/state-lock.js';

describe('io/state-lock', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'plugin-jwt-lock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const lockFile = (): string => join(dir, STATE_LOCK_NAME);

  it('holds the lock (pid and time) while the work runs and removes it after', async () => {
    const seen = await withStateLock(() => Promise.resolve(readFileSync(lockFile(), 'utf8')), { dir, now: () => 1234 });
    assert.equal(seen, `${process.pid} 1234`);
    assert.ok(!existsSync(lockFile()));
  });

  it('releases the lock when the work throws', async () => {
    await assert.rejects(
      withStateLock(() => Promise.reject(new Error('boom')), { dir }),
      /boom/,
    );
    assert.ok(!existsSync(lockFile()));
  });

  it('runs concurrent holders one at a time, in full', async () => {
    let inside = 0;
    let most = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        withStateLock(
          async () => {
            inside++;
            most = Math.max(most, inside);
            await new Promise<void>((resolve) => setImmediate(resolve));
            order.push(i);
            inside--;
          },
          { dir },
        ),
      ),
    );
    assert.equal(most, 1);
    assert.deepEqual([...order].sort(), [0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('takes over a lock whose process is gone', async () => {
    writeFileSync(lockFile(), '2147483646 1');
    assert.equal(await withStateLock(() => Promise.resolve('ran'), { dir, now: () => 2 }), 'ran');
  });

  it('takes over a lock older than the stale limit even if its pid is alive', async () => {
    writeFileSync(lockFile(), `${process.pid} 1000`);
    assert.equal(await withStateLock(() => Promise.resolve('ran'), { dir, staleMs: 500, now: () => 2000 }), 'ran');
  });

  it('gives up on a live, fresh lock after the wait with ERR_AUTH_STORE_LOCKED, leaving it in place', async () => {
    writeFileSync(lockFile(), `${process.pid} 1000`);
    let t = 1000;
    // Each reading of the clock advances it: the wait ends by the clock, not by real time.
    const now = (): number => (t += 400);
    const err = await withStateLock(() => Promise.resolve('ran'), { dir, waitMs: 1000, now }).then(
      () => assert.fail('ran'),
      (e: unknown) => e as Error & { actions?: string[] },
    );
    assert.equal(err.name, 'ERR_AUTH_STORE_LOCKED');
    assert.match(
      err.message,
      new RegExp(`more than 1 s \\(lock file ${lockFile().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)`),
    );
    assert.equal(readFileSync(lockFile(), 'utf8'), `${process.pid} 1000`);
  });
});
