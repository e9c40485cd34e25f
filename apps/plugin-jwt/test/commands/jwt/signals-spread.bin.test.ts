/**
 * Ctrl-C at a spread of points in the commands that write files: `keygen --force`, `keystore --force` and
 * `app generate --force`, each run as the real plugin (bin/run.js) over files a previous run wrote. The points are
 * events, not sleeps: the k-th file-system event in the output folder (the lock appearing, a temp file, a previous
 * copy, the marker, a rename…), for k from 1 to 13, plus the first event of any kind. Whatever the point, the run
 * ends with exit 130 and exactly one line on stderr (or exit 0 when it finished first), never a stack or an
 * ExitError, and no file is lost: the previous files are still there, or the new ones complete.
 *
 * And after the work: a signal while the process ends, once it has printed its result. A process that ends by itself
 * tears its signal handlers down before it is gone, and a signal then killed it silently; the points are spread
 * over the end (0 to 30 ms after the result), where that window falls on a fast or a loaded machine.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { watch } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { certificateMatchesKey, loadPrivateKey } from '@sfjwt/jwt-core';
import { ensureBuilt } from '../../support/build.js';
import { runJs, sfEnv } from '../../support/sf-cli.js';

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures');
const POINTS = [1, 2, 3, 4, 5, 6, 8, 10, 13];
const ONE_LINE = 'Interrupted (SIGINT); nothing was left half-written.';

interface Ended {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
  /** The signal was sent (the k-th event came before the run ended). */
  readonly sent: boolean;
}

/** Runs `jwt …args` in `cwd`, sending SIGINT at the k-th file-system event in `watched`. */
async function runAndInterrupt(args: string[], cwd: string, watched: string, k: number): Promise<Ended> {
  const child = spawn(process.execPath, [runJs, 'jwt', ...args], {
    cwd,
    env: { ...sfEnv(cwd), SFJWT_KEYSTORE_PASSWORD: 'signals-spread-password' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let events = 0;
  let sent = false;
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.resume();
  const watcher = watch(watched, () => {
    if (++events === k && child.exitCode === null) {
      sent = true;
      child.kill('SIGINT');
    }
  });
  try {
    // 'close', not 'exit': at 'exit' the child's pipes may still hold its last output (the one line asserted).
    const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
    return { code, signal, stderr, sent };
  } finally {
    watcher.close();
  }
}

/** Runs `jwt …args` in `cwd`, sending SIGINT `afterMs` after the first byte of its result on stdout. */
async function runAndInterruptAtEnd(args: string[], cwd: string, afterMs: number): Promise<Ended> {
  const child = spawn(process.execPath, [runJs, 'jwt', ...args], {
    cwd,
    env: sfEnv(cwd),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let sent = false;
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.once('data', () =>
    setTimeout(() => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      sent = true;
      child.kill('SIGINT');
    }, afterMs),
  );
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  return { code, signal, stderr, sent };
}

/** How many runs of the current test the signal reached (the rest finished first). */
let interrupted = 0;
/** How many must have been, for the test to have tested anything. */
let mustInterrupt = 3;

function assertEndedCleanly(ended: Ended, label: string): void {
  const context = `${label}\n--- stderr ---\n${ended.stderr}`;
  assert.equal(ended.signal, null, `the process ended by itself, not by the signal: ${context}`);
  assert.doesNotMatch(ended.stderr, /ExitError|EEXIT|^\s+at /m, `no stack: ${context}`);
  if (ended.code === 0) return; // finished before the signal arrived
  assert.ok(ended.sent, context);
  assert.equal(ended.code, 130, context);
  interrupted++;
  assert.deepEqual(ended.stderr.trim().split('\n'), [ONE_LINE], `exactly one line: ${context}`);
}

async function pairMatches(dir: string, name: string): Promise<boolean> {
  try {
    const key = loadPrivateKey(await readFile(join(dir, `${name}.key`))).keyObject;
    return certificateMatchesKey(await readFile(join(dir, `${name}.crt`)), key);
  } catch {
    return false;
  }
}

const ourLeftovers = async (dir: string): Promise<string[]> =>
  (await readdir(dir)).filter((n) => n.endsWith('.tmp') || n === '.sfjwt.lock' || n === '.sfjwt.replacing');

describe('Ctrl-C at a spread of points: exit 130, one line, no file lost', function () {
  this.timeout(600_000);
  let dir: string;
  before(() => ensureBuilt());
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'jwt-signals-spread-'));
    interrupted = 0;
    mustInterrupt = 3;
  });
  // The first events (the lock appearing) come while the command runs: at least those points interrupt it.
  afterEach(function () {
    if (this.currentTest?.state === 'passed')
      assert.ok(interrupted >= mustInterrupt, `only ${interrupted} runs were interrupted`);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('keygen --force over an existing pair', async () => {
    const first = await runAndInterrupt(['keygen', '-d', dir, '--name', 'server'], dir, dir, Number.MAX_SAFE_INTEGER);
    assert.equal(first.code, 0, first.stderr);
    for (const k of POINTS) {
      const label = `keygen --force, SIGINT at event ${k}`;
      const ended = await runAndInterrupt(['keygen', '-d', dir, '--name', 'server', '--force'], dir, dir, k);
      assertEndedCleanly(ended, label);
      assert.ok(
        (await pairMatches(dir, 'server')) || (await pairMatches(dir, 'server.previous')),
        `${label}: a matching pair (current or previous) survives`,
      );
      assert.deepEqual(await ourLeftovers(dir), [], label);
    }
  });

  it('keystore --force over an existing keystore', async () => {
    const args = [
      'keystore',
      '--jwt-key-file',
      join(fixtures, 'server.key'),
      '--cert-file',
      join(fixtures, 'server.crt'),
      '--output-file',
      join(dir, 'ci.p12'),
    ];
    assert.equal((await runAndInterrupt(args, dir, dir, Number.MAX_SAFE_INTEGER)).code, 0);
    for (const k of POINTS) {
      const label = `keystore --force, SIGINT at event ${k}`;
      assertEndedCleanly(await runAndInterrupt([...args, '--force'], dir, dir, k), label);
      const p12 = await readFile(join(dir, 'ci.p12'));
      assert.ok(p12.length > 1000 && p12[0] === 0x30, `${label}: the keystore is there, complete (DER)`);
      assert.deepEqual(await ourLeftovers(dir), [], label);
    }
  });

  it('app generate --force over a generated project', async () => {
    const out = join(dir, 'app');
    const args = [
      'app',
      'generate',
      '--name',
      'Billing_Sync',
      '--contact-email',
      'ops@acme.example',
      '--cert-file',
      join(fixtures, 'server.crt'),
      '--create-permission-set',
      '--output-dir',
      out,
    ];
    assert.equal((await runAndInterrupt(args, dir, dir, Number.MAX_SAFE_INTEGER)).code, 0);
    for (const k of POINTS) {
      const label = `app generate --force, SIGINT at event ${k}`;
      assertEndedCleanly(await runAndInterrupt([...args, '--force'], dir, out, k), label);
      JSON.parse(await readFile(join(out, 'sfdx-project.json'), 'utf8'));
      const gitignore = await readFile(join(out, '.gitignore'), 'utf8');
      assert.equal(gitignore.match(/extlClntAppGlobalOauthSets/g)?.length, 1, `${label}: ${gitignore}`);
      assert.deepEqual(await ourLeftovers(out), [], label);
    }
  });

  it('keygen --force, Ctrl-C while the process ends after printing its result', async () => {
    const args = ['keygen', '-d', dir, '--name', 'server', '--force'];
    // Whether a signal lands before the process is gone depends on the machine (here, most exit 0), so no minimum:
    // what fails is a run killed by the signal, as every run of this test did before the fix, on one core or two.
    mustInterrupt = 0;
    for (let afterMs = 0; afterMs <= 30; afterMs += 2) {
      const label = `keygen --force, SIGINT ${afterMs} ms after the result`;
      const ended = await runAndInterruptAtEnd(args, dir, afterMs);
      assert.equal(ended.signal, null, `the process ended by itself, not by the signal: ${label}`);
      assert.doesNotMatch(ended.stderr, /ExitError|EEXIT|^\s+at /m, `no stack: ${label}\n${ended.stderr}`);
      if (ended.code === 130) {
        interrupted++;
        assert.deepEqual(ended.stderr.trim().split('\n'), [ONE_LINE], label);
      } else assert.equal(ended.code, 0, `${label}\n${ended.stderr}`);
      assert.ok(await pairMatches(dir, 'server'), `${label}: the new pair is complete`);
    }
  });
});
