/**
 * Crash tests: `keygen --force` and `keystore --force` killed at random points (SIGKILL and SIGINT, delays from a
 * seeded PRNG — the randomness is about where each run dies, nothing here asserts a duration). After every kill:
 * - keygen: the folder holds a matching key + certificate, as NAME.key/.crt or NAME.previous.key/.crt;
 * - keystore: the keystore is absent or complete (openssl opens it with the password);
 * - after SIGINT: exit 130 (or 0 when the run finished first), no temp file, no lock, no replacement marker;
 * - after SIGKILL: whatever temp files are left, the next run removes them and says so, and the lock left behind
 *   is stale, never blocking (every run not killed exits 0).
 * The runs use test/support/crash-driver.mjs: the compiled services with JwtCommand's interrupt handlers, without
 * oclif's one-second startup, so that many iterations fit in well under a minute.
 */
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { copyFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { certificateMatchesKey, loadPrivateKey } from '@sfjwt/jwt-core';
import { ensureBuilt } from '../support/build.js';
import { sfEnv } from '../support/sf-cli.js';

const driver = join(import.meta.dirname, '..', 'support', 'crash-driver.mjs');
const fixtures = join(import.meta.dirname, '..', 'fixtures');
const KEYGEN_ITERATIONS = 40;
const KEYSTORE_ITERATIONS = 30;

/** mulberry32: a small seeded PRNG, so a failing sequence of kill points can be replayed. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
  /** ms from "ready" to exit, to aim later kills (never asserted). */
  readonly workMs: number;
  /** The work completed (the driver printed "done"); a signal may still have ended the exiting process. */
  readonly done: boolean;
  readonly pid: number;
}

/** Runs the driver; when `kill` is given, sends it that signal `delayMs` after the driver says it is ready. */
async function drive(
  mode: 'keygen' | 'keystore',
  dir: string,
  kill?: { signal: 'SIGINT' | 'SIGKILL'; delayMs: number },
): Promise<Run> {
  const child = spawn(process.execPath, [driver, mode, dir], { env: sfEnv(dir), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  let readyAt = 0;
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (readyAt !== 0 || !stdout.includes('ready')) return;
    readyAt = performance.now();
    if (kill !== undefined) setTimeout(() => child.kill(kill.signal), kill.delayMs);
  });
  // 'close', not 'exit': at 'exit' the child's pipes may still hold its last output (its "done", its one line).
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  return {
    code,
    signal,
    stderr,
    workMs: readyAt === 0 ? 0 : performance.now() - readyAt,
    done: stdout.includes('done'),
    pid: child.pid ?? 0,
  };
}

const isOurLeftover = (name: string): boolean =>
  name.endsWith('.tmp') || name === '.sfjwt.lock' || name === '.sfjwt.replacing';

async function leftovers(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter(isOurLeftover).sort();
}

/** True when the key file and the certificate file exist and belong together. */
async function pairMatches(keyPath: string, certPath: string): Promise<boolean> {
  try {
    const key = loadPrivateKey(await readFile(keyPath)).keyObject;
    return certificateMatchesKey(await readFile(certPath), key);
  } catch {
    return false;
  }
}

describe('crash safety: keygen --force and keystore --force killed at random points', function () {
  this.timeout(120_000);
  let dir: string;
  before(async () => {
    ensureBuilt();
    dir = await mkdtemp(join(tmpdir(), 'jwt-crash-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  /** Kills `iterations` runs; `check` runs after each. Returns what happened, for the summary. */
  async function killLoop(
    mode: 'keygen' | 'keystore',
    workDir: string,
    iterations: number,
    seed: number,
    check: (iteration: string) => Promise<void>,
  ): Promise<Record<string, number>> {
    const random = prng(seed);
    const tally: Record<string, number> = {};
    const count = (what: string): void => void (tally[what] = (tally[what] ?? 0) + 1);
    const first = await drive(mode, workDir);
    assert.equal(first.code, 0, first.stderr);
    let span = first.workMs;
    for (let i = 0; i < iterations; i++) {
      const signal = random() < 0.5 ? 'SIGKILL' : 'SIGINT';
      // Mostly late in the run, where the files are written; sometimes anywhere; sometimes after it ends.
      const delayMs = Math.round(span * (random() < 0.7 ? 0.6 + 0.5 * random() : random() * 1.2));
      const label = `${mode} iteration ${i} (seed ${seed}, ${signal} after ${delayMs} ms)`;
      const before = await leftovers(workDir);
      const run = await drive(mode, workDir, { signal, delayMs });
      const finished = run.code === 0 || run.done;
      if (finished) {
        // After its work a run still ends cleanly: SIGINT is exit 130 and our one line, never a death by the signal.
        const cleanEnd = signal === 'SIGKILL' ? run.signal === 'SIGKILL' : run.code === 130 && run.signal === null;
        assert.ok(run.code === 0 || cleanEnd, `${label}: ${run.code ?? run.signal} ${run.stderr}`);
        count('finished before the signal');
        if (run.code === 0) span = run.workMs;
      } else if (signal === 'SIGINT') {
        assert.equal(run.code, 130, `${label}: ${run.stderr}`);
        assert.match(run.stderr, /Interrupted \(SIGINT\); nothing was left half-written\./, label);
        assert.doesNotMatch(run.stderr, /\n\s+at /, `${label}: no stack`);
        count('SIGINT');
      } else {
        assert.equal(run.signal, 'SIGKILL', `${label}: ${run.stderr}`);
        count('SIGKILL');
      }
      assert.doesNotMatch(run.stderr, /ERR_FOLDER_LOCKED/, `${label}: a dead run's lock blocked this one`);
      await check(label);
      const left = await leftovers(workDir);
      if (signal === 'SIGINT' || finished) {
        // Nothing of this run's is left. A dead run's stale lock may still be there when this one was interrupted
        // before it got as far as taking the lock; it never blocks (see the ERR_FOLDER_LOCKED check above).
        assert.deepEqual(
          left.filter((name) => name.endsWith('.tmp')),
          [],
          `${label}: temp files after ${finished ? 'a complete run' : 'SIGINT'}`,
        );
        assert.deepEqual(
          left.filter((name) => !before.includes(name)),
          [],
          `${label}: new leftovers`,
        );
        if (left.includes('.sfjwt.lock')) {
          const holder = Number((await readFile(join(workDir, '.sfjwt.lock'), 'utf8')).trim());
          assert.notEqual(holder, run.pid, `${label}: the interrupted run left its own lock`);
        }
      } else if (left.some((name) => name.endsWith('.tmp'))) {
        count('SIGKILL left temp files');
        // The next run cleans them up (under the stale lock's replacement) and says so.
        const next = await drive(mode, workDir);
        assert.equal(next.code, 0, `${label}, next run: ${next.stderr}`);
        assert.match(next.stderr, /Removed \d+ temp file\(s\) left in .* by an interrupted run: /, label);
        assert.deepEqual(await leftovers(workDir), [], `${label}: the next run left no temp file`);
        await check(`${label}, next run`);
      }
    }
    return tally;
  }

  it(`keygen --force: ${KEYGEN_ITERATIONS} kills, and a matching pair (current or previous) survives every one`, async () => {
    const work = join(dir, 'keygen');
    const keyPair = (base: string) => pairMatches(join(work, `${base}.key`), join(work, `${base}.crt`));
    let onlyPrevious = 0;
    const tally = await killLoop('keygen', work, KEYGEN_ITERATIONS, 20_261_130, async (label) => {
      const current = await keyPair('server');
      const previous = await keyPair('server.previous');
      assert.ok(current || previous, `${label}: neither server.key/.crt nor server.previous.key/.crt match`);
      if (!current) onlyPrevious++;
    });
    // A last complete run leaves exactly the two pairs, both matching.
    const last = await drive('keygen', work);
    assert.equal(last.code, 0, last.stderr);
    assert.deepEqual((await readdir(work)).sort(), [
      'server.crt',
      'server.key',
      'server.previous.crt',
      'server.previous.key',
    ]);
    assert.ok((await keyPair('server')) && (await keyPair('server.previous')));
    console.log(`      keygen kills: ${JSON.stringify({ ...tally, 'only the previous pair matched': onlyPrevious })}`);
  });

  it(`keystore --force: ${KEYSTORE_ITERATIONS} kills, and the keystore is always absent or complete`, async () => {
    const work = join(dir, 'keystore');
    await drive('keygen', work).then((r) => assert.equal(r.code, 0, r.stderr));
    const keystore = join(work, 'ci.p12');
    const tally = await killLoop('keystore', work, KEYSTORE_ITERATIONS, 424_242, async (label) => {
      if (!(await readdir(work)).includes('ci.p12')) return;
      const opened = spawnSync(
        'openssl',
        ['pkcs12', '-in', keystore, '-passin', 'pass:crash-test-password', '-noout'],
        { encoding: 'utf8' },
      );
      assert.equal(opened.status, 0, `${label}: the keystore is damaged: ${opened.stderr}`);
    });
    // A last complete run heals whatever the last kill left (a SIGKILLed run's lock stays until the next run takes
    // it over: which iteration is last, and how far it got, depends on the machine's speed), and leaves nothing.
    const last = await drive('keystore', work);
    assert.equal(last.code, 0, last.stderr);
    assert.deepEqual(await leftovers(work), []);
    console.log(`      keystore kills: ${JSON.stringify(tally)}`);
  });

  it('a lock held by a live writer stops a concurrent one with a clear error', async () => {
    const work = join(dir, 'concurrent');
    await drive('keygen', work).then((r) => assert.equal(r.code, 0, r.stderr));
    await copyFile(join(fixtures, 'server.key'), join(work, 'unrelated.key'));
    // Two writers at once: each run either completes or is told the folder is locked, and the pair always matches.
    const runs = await Promise.all([drive('keygen', work), drive('keygen', work), drive('keygen', work)]);
    for (const run of runs) {
      if (run.code !== 0)
        assert.match(
          run.stderr,
          /^ERR_FOLDER_LOCKED: Another sf jwt command \(process \d+\) is writing files in /m,
          run.stderr,
        );
    }
    assert.ok(runs.some((run) => run.code === 0));
    assert.ok(await pairMatches(join(work, 'server.key'), join(work, 'server.crt')));
    assert.deepEqual(await leftovers(work), []);
  });
});
