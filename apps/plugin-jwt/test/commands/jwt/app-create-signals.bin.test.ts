/**
 * Ctrl-C at a spread of points in `app create`, run as its own process against the emulator: the points are events,
 * not sleeps (the k-th request the org receives: the admin lookup, the user, the app lookup, the deploy, its status,
 * the assignment, the verifying login…). Whatever the point, the run ends with exit 130 and exactly one line on
 * stderr (or exit 0 when it finished first), never a stack or an ExitError.
 */
import { strict as assert } from 'node:assert';
import { rmSync } from 'node:fs';
import type { DemoSetup, Emulator } from '@sfjwt/salesforce-emulator';
import type { ChildRun, ChildRunOptions } from '../../support/child-run.js';
import { adminCreateFlags, loginAdmin, runAdminCommand, startAdminOrg } from '../../support/admin-org.js';

const POINTS = [1, 2, 3, 4, 5, 6, 8, 10, 13];
const ONE_LINE = 'Interrupted (SIGINT); nothing was left half-written.';

describe('Ctrl-C at a spread of points in app create: exit 130, one line', function () {
  this.timeout(600_000);
  let emulator: Emulator;
  let demo: DemoSetup;
  let dir: string;
  /** Called for every request the emulator receives (set per run). */
  let onRequest: () => void = () => {};

  const child = (args: string[], started?: ChildRunOptions['started']): Promise<ChildRun> =>
    runAdminCommand(dir, args, { started });

  before(async () => {
    ({ emulator, demo, dir } = await startAdminOrg('app-create-signals-', { onRequest: () => onRequest() }));
    await loginAdmin({ emulator, demo, dir }, emulator.url, child);
  });
  after(async () => {
    await emulator?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('SIGINT at the k-th request the org receives', async () => {
    let interrupted = 0;
    for (const k of POINTS) {
      let requests = 0;
      let sent = false;
      const run = await child(
        ['app/create', ...adminCreateFlags(dir), '--name', `Sig_${k}`, '--create-permission-set', '--wait', '1'],
        (process) => {
          onRequest = () => {
            if (++requests === k && process.exitCode === null) {
              sent = true;
              process.kill('SIGINT');
            }
          };
        },
      );
      onRequest = () => {};
      const context = `SIGINT at request ${k}\n--- stdout ---\n${run.stdout}\n--- stderr ---\n${run.stderr}`;
      assert.doesNotMatch(run.stdout + run.stderr, /ExitError|EEXIT|\n\s+at \S+ \(/, `no stack: ${context}`);
      if (run.exitCode === 0) continue; // finished before the k-th request
      assert.ok(sent, context);
      assert.equal(run.exitCode, 130, context);
      // Progress lines may come first (no terminal: one line per status), then the interruption's one line.
      const lines = run.stderr.split('\n').filter((l) => l.trim() !== '');
      assert.deepEqual(lines.slice(-1), [ONE_LINE], context);
      assert.deepEqual(
        lines.filter((l) => l !== ONE_LINE && !l.startsWith(`Setting up the External Client App Sig_${k}...`)),
        [],
        `only progress and the one line: ${context}`,
      );
      interrupted++;
    }
    console.log(`      app create: ${interrupted} of ${POINTS.length} runs interrupted`);
    assert.ok(interrupted >= 5, `only ${interrupted} of ${POINTS.length} runs were interrupted`);
  });
});
