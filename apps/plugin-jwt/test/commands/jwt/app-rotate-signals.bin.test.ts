/**
 * Ctrl-C in `app rotate` between its deploy and the login that proves the new key, run as its own process against
 * the emulator (the point is an event: the first JWT login the org receives after the deploy, while the new
 * certificate has not applied yet). The run still ends at once with exit 130 and one line, and that line says what
 * was left (a certificate nothing proved) and the command that puts the old one back; that command, run as written,
 * does it, and the integration user logs in with the old key again.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { DemoSetup, Emulator, RequestRecord } from '@sfjwt/salesforce-emulator';
import type { ChildRun, ChildRunOptions } from '../../support/child-run.js';
import {
  adminCreateFlags,
  INTEGRATION,
  loginAdmin,
  mayCreateApps,
  runAdminCommand,
  startAdminOrg,
} from '../../support/admin-org.js';

const APP = 'Rot_Sig';

describe('Ctrl-C in app rotate after the deploy: one line with the command that puts the old certificate back', function () {
  this.timeout(300_000);
  let emulator: Emulator;
  let demo: DemoSetup;
  let dir: string;
  let onRequest: (record: RequestRecord) => void = () => {};
  const file = (name: string) => join(dir, name);

  const child = (args: string[], started?: ChildRunOptions['started']): Promise<ChildRun> =>
    runAdminCommand(dir, args, { started, killAfterMs: 240_000 });
  // Compared without whitespace: the org keeps the certificate's base64 as deployed, line breaks aside.
  const bare = (pem: string | undefined) => pem?.replace(/\s+/g, '');
  const appCertificate = () => bare(emulator.model.apps.find((a) => a.name === APP)?.certificatePem);

  before(async () => {
    ({ emulator, demo, dir } = await startAdminOrg('app-rotate-signals-', { onRequest: (r) => onRequest(r) }));
    await loginAdmin({ emulator, demo, dir }, emulator.url, child);
    const created = await child([
      'app/create',
      ...adminCreateFlags(dir),
      '--name',
      APP,
      '--create-permission-set',
      '--wait',
      '1',
    ]);
    assert.equal(created.exitCode, 0, created.stderr);
  });
  after(async () => {
    await emulator?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('SIGINT at the first proving login: exit 130, one line naming the repair; the repair as written restores it', async () => {
    const oldCertificate = readFileSync(file('server.crt'), 'utf8');
    assert.equal(appCertificate(), bare(oldCertificate));
    // The new certificate does not apply for an hour: the proving login keeps failing until the signal.
    emulator.setPropagationDelay(3_600);
    let sent = false;
    const run = await child(
      [
        'app/rotate',
        ...['--target-org', 'admin', '--name', APP, '--username', INTEGRATION],
        ...['--jwt-key-file', file('server.key'), '--output-dir', dir],
      ],
      (process) => {
        // The admin works with its stored session: the first JWT login the org sees is the proof, after the deploy.
        onRequest = (record) => {
          if (record.route === 'token' && !sent) {
            sent = true;
            process.kill('SIGINT');
          }
        };
      },
    );
    onRequest = () => {};
    const context = `--- stdout ---\n${run.stdout}\n--- stderr ---\n${run.stderr}`;
    assert.ok(sent, context);
    assert.equal(run.exitCode, 130, context);
    assert.doesNotMatch(run.stdout + run.stderr, /ExitError|EEXIT|\n\s+at \S+ \(/, context);
    const last =
      run.stderr
        .split('\n')
        .filter((l) => l.trim() !== '')
        .at(-1) ?? '';
    const said =
      /^Interrupted \(SIGINT\); the new certificate of Rot_Sig may be deployed and no login has proven it yet: clients holding only the old key may fail\. To put the old certificate back: (sf jwt app rotate .+)$/.exec(
        last,
      );
    assert.ok(said, context);
    const repair = said[1] ?? '';
    const saved = readdirSync(dir).filter((name) => name.endsWith('.old.crt'));
    assert.equal(saved.length, 1, readdirSync(dir).join(', '));
    assert.equal(
      bare(readFileSync(file(saved[0] ?? ''), 'utf8')),
      bare(oldCertificate),
      'the saved copy is the old one',
    );
    assert.equal(
      repair,
      `sf jwt app rotate --target-org ${demo.username} --name ${APP} --username ${INTEGRATION} --cert-file ${file(saved[0] ?? '')} --new-key-file ${file('server.key')}`,
    );
    // It was interrupted while proving: the new certificate was deployed, and goes live once the org's delay ends
    // (the emulator's clock moved past it for one request, then back).
    emulator.setClock(() => Date.now() + 3_600_000);
    await fetch(`${emulator.url}/services/data`);
    emulator.setClock(() => Date.now());
    assert.notEqual(appCertificate(), bare(oldCertificate), 'the interrupted run had deployed the new certificate');

    // The admin runs the line as written (no shell quoting was needed for these words), once changes apply again.
    mayCreateApps(emulator, demo);
    const [, , , , ...args] = repair.split(' ');
    const repaired = await child(['app/rotate', ...args]);
    assert.equal(repaired.exitCode, 0, repaired.stderr);
    assert.equal(appCertificate(), bare(oldCertificate));
    assert.match(repaired.stdout, /logged in with the new key/);
  });
});
