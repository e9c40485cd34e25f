// `sf jwt app list` and `sf jwt app rotate` against the emulator, in-process, the admin logged in (by `sf jwt login`) in
// an isolated HOME's sf auth store. Three apps whose certificates expired 35 days ago (an ECA), expire in 10 days (a
// Connected App) and in a year (an ECA); LoginHistory names the integration user for two of them. Rotations that wait
// drive the service with the emulator's clock: its sleep advances the clock, so nothing sleeps for real. They come
// last: once the emulator's clock is ahead, the commands' own assertions (signed by the real clock) would be stale.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openssl } from '@sfjwt/test-support';
import type { DemoSetup, Emulator } from '@sfjwt/salesforce-emulator';
import JwtAppList from '../../../src/commands/jwt/app/list.js';
import JwtAppRotate from '../../../src/commands/jwt/app/rotate.js';
import { adminOrg } from '../../../src/io/admin-org.js';
import type { AppListResult } from '../../../src/results/app-list.js';
import type { AppRotateResult } from '../../../src/results/app-rotate.js';
import { rotateApp, type AppRotateInput } from '../../../src/services/app-rotate.js';
import { prepareExchange, runExchange } from '../../../src/services/exchange.js';
import { INTEGRATION } from '../../support/admin-org.js';
import { ensureEmulatorBuilt } from '../../support/emulator.js';
import { runInProcess } from '../../support/run-command.js';
import { isolateSfHome, loginAdminInProcess } from '../../support/sf-home.js';

const DAY = 86_400_000;
const PROFILE = 'Minimum Access - API Only Integrations';

type Failure = { name?: string; message: string; result?: AppRotateResult };

describe('sf jwt app list and app rotate (emulator, admin in an isolated sf auth store)', function () {
  this.timeout(120_000);
  let emulator: Emulator;
  let demo: DemoSetup;
  let clock = Date.now();
  let dir: string;
  const keys: Record<string, { key: string; cert: string; consumerKey: string }> = {};
  /** The key file each app's certificate belongs to now (rotations move it). */
  const currentKey: Record<string, string> = {};
  let restoreHome: () => Promise<void> = () => Promise.resolve();
  const file = (name: string) => join(dir, name);
  const list = (...extra: string[]) => runInProcess<AppListResult>(JwtAppList, ['--target-org', 'admin', ...extra]);

  /** The rotation workflow with the emulator's clock: sleeping advances it (and runs `onSleep`). */
  async function rotateWithClock(
    input: Partial<AppRotateInput> & { name: string },
    onSleep: () => Promise<void> = () => Promise.resolve(),
  ) {
    const { Org } = await import('@salesforce/core');
    const org = await adminOrg(await Org.create({ aliasOrUsername: 'admin' }), {
      env: process.env,
      now: () => clock,
      deadline: clock + 3_600_000,
      callTimeoutMs: 30_000,
    });
    const context = {
      env: process.env,
      now: () => clock,
      secrets: { env: process.env, prompt: undefined },
      warn: () => undefined,
    };
    return rotateApp(
      {
        username: undefined,
        jwtKeyFile: undefined,
        certFile: undefined,
        newKeyFile: undefined,
        outputDir: dir,
        days: 365,
        force: false,
        dryRun: false,
        waitMs: 600_000,
        ...input,
      },
      {
        org,
        context,
        sleep: async (ms) => {
          clock += ms;
          await onSleep();
        },
      },
    );
  }

  /** A pair for an app whose certificate was issued `ageDays` ago for 365 days (an hour's margin either way). */
  async function pairFor(name: string, ageDays: number, consumerKey: string) {
    const core = await import('@sfjwt/jwt-core');
    const { privateKey } = await core.generateRsaKeyPair({ bits: 2048 });
    const cert = core.createSelfSignedCertificate({
      key: privateKey,
      subject: { commonName: name, organization: 'Acme' },
      days: 365,
      now: () => clock - ageDays * DAY + 3_600_000,
    });
    keys[name] = { key: core.exportPrivateKeyPem(privateKey), cert, consumerKey };
    writeFileSync(file(`${name}.key`), keys[name].key, { mode: 0o600 });
    currentKey[name] = file(`${name}.key`);
    writeFileSync(file(`${name}.crt`), cert);
    return cert;
  }

  /** One JWT login through an app as the integration user with these key files, in order; true when it worked. */
  async function logsIn(app: string, keyFiles: string[]): Promise<boolean> {
    const prepared = await prepareExchange(
      {
        clientId: keys[app]?.consumerKey ?? '',
        username: INTEGRATION,
        jwtKeyFiles: keyFiles,
        instanceUrl: emulator.url,
        audience: undefined,
        certFile: undefined,
      },
      { env: process.env, prompt: undefined },
      () => clock,
    );
    try {
      await runExchange(prepared, { env: process.env, now: () => clock });
      return true;
    } catch {
      return false;
    }
  }

  before(async () => {
    ensureEmulatorBuilt();
    const { createDemoConfig, randomId, startEmulator } = await import('@sfjwt/salesforce-emulator');
    demo = createDemoConfig({ appType: 'connected-app' });
    dir = mkdtempSync(join(tmpdir(), 'app-list-'));
    const integrationId = randomId('005');
    demo.config.users.push({ username: INTEGRATION, userId: integrationId, org: demo.orgId, profile: PROFILE });
    const app = async (name: string, ageDays: number, type: 'external-client-app' | 'connected-app') => ({
      name,
      consumerKey: `3MVG9${name.toUpperCase().replace(/_/g, '')}KEY`,
      certificate: await pairFor(name, ageDays, `3MVG9${name.toUpperCase().replace(/_/g, '')}KEY`),
      type,
      org: demo.orgId,
      policy: { type: 'admin-approved' as const, profiles: [PROFILE] },
    });
    demo.config.apps.push(
      await app('Expired_App', 400, 'external-client-app'),
      await app('Soon_App', 355, 'connected-app'),
      await app('Year_App', 0, 'external-client-app'),
    );
    const at = (daysAgo: number) => new Date(clock - daysAgo * DAY).toISOString().replace('Z', '+0000');
    demo.config.orgs[0]!.records = {
      LoginHistory: [
        { Id: randomId('0Ya'), UserId: integrationId, Application: 'Soon_App', LoginTime: at(2), Status: 'Success' },
        { Id: randomId('0Ya'), UserId: integrationId, Application: 'Soon_App', LoginTime: at(1), Status: 'Failed' },
        { Id: randomId('0Ya'), UserId: integrationId, Application: 'Year_App', LoginTime: at(3), Status: 'Success' },
        {
          Id: randomId('0Ya'),
          UserId: integrationId,
          Application: 'Expired_App',
          LoginTime: at(40),
          Status: 'Success',
        },
      ],
    };
    emulator = await startEmulator(demo.config, { now: () => clock });
    emulator.setPropagationDelay(0);
    emulator.setUser(demo.username, {
      canManageExternalClientApps: true,
      canDeployMetadata: true,
      canAssignPermissionSets: true,
    });
    writeFileSync(file('admin.key'), demo.privateKeyPem, { mode: 0o600 });
    restoreHome = await isolateSfHome(dir);
    await loginAdminInProcess(demo, file('admin.key'), emulator.url);
  });
  after(async () => {
    await emulator.stop();
    await restoreHome();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists each app with its certificate, sorted by expiry, expired and expiring rows marked', async () => {
    const run = await list('--json');
    assert.equal(run.exitCode, 0, run.stdout + run.stderr);
    const r = (JSON.parse(run.stdout) as { result: AppListResult }).result;
    const adminApp = demo.config.apps[0]?.name ?? '';
    assert.deepEqual(
      r.apps.map((a) => [a.name, a.type, a.status, a.certificate?.daysLeft]),
      [
        ['Expired_App', 'external-client-app', 'expired', -35],
        ['Soon_App', 'connected-app', 'expiring', 10],
        ['Year_App', 'external-client-app', 'valid', 365],
        [adminApp, 'connected-app', 'valid', 364],
      ].sort((a, b) => (a[3] as number) - (b[3] as number) || String(a[1]).localeCompare(String(b[1]))),
    );
    const soon = r.apps.find((a) => a.name === 'Soon_App');
    // The fingerprint and expiry as openssl reads them.
    const fingerprint = openssl(['x509', '-noout', '-fingerprint', '-sha256'], keys.Soon_App?.cert).trim();
    assert.equal(`sha256 Fingerprint=${soon?.certificate?.sha256Fingerprint}`, fingerprint);
    const notAfter = openssl(['x509', '-noout', '-enddate'], keys.Soon_App?.cert).trim().replace('notAfter=', '');
    assert.equal(Date.parse(soon?.certificate?.notAfter ?? ''), Date.parse(notAfter));
    assert.equal(soon?.certificate?.subject, 'O=Acme, CN=Soon_App');
    assert.equal(soon?.consumerKey, '3MVG9SOO…PKEY');
    assert.deepEqual(soon?.preAuthorized, { policy: 'admin-approved', profiles: [PROFILE], permissionSets: [] });
    assert.deepEqual(soon?.lastLogin, { at: new Date(clock - 2 * DAY).toISOString(), usernames: [INTEGRATION] });
    assert.equal(r.apps.find((a) => a.name === adminApp)?.lastLogin, null);
    assert.equal(soon?.rotateCommand, 'sf jwt app rotate --target-org admin --name Soon_App');
    assert.equal(r.loginHistory, 'read');
    assert.deepEqual(r.unlisted, []);
    assert.deepEqual(r.expiring, []);
  });

  it('prints a table with the expired and expiring rows marked', async () => {
    const run = await list();
    assert.equal(run.exitCode, 0, run.stderr);
    const line = (name: string) => run.stdout.split('\n').find((l) => l.includes(` ${name} `)) ?? '';
    assert.match(line('Expired_App'), /✖ EXPIRED/);
    assert.match(line('Soon_App'), /⚠ EXPIRING/);
    assert.match(line('Year_App'), /\bok\b/);
  });

  for (const window of ['30d', '30 days', '4w', '720h', 'P30D', '30']) {
    it(`--expiring-within ${window}: exits 10 naming exactly the expired and the expiring app, with their rotate commands`, async () => {
      const run = await list('--expiring-within', window, '--json');
      assert.equal(run.exitCode, 10, run.stdout);
      const envelope = JSON.parse(run.stdout) as { name: string; message: string; result: AppListResult };
      assert.equal(envelope.name, 'ERR_APP_CERTIFICATES_EXPIRING');
      assert.deepEqual(envelope.result.expiring, ['Expired_App', 'Soon_App']);
      assert.match(
        envelope.message,
        /- Expired_App \(External Client App\): expired on .* \(35 days ago\)\. Rotate: sf jwt app rotate --target-org admin --name Expired_App\n/,
      );
      assert.match(
        envelope.message,
        /- Soon_App \(Connected App\): expires on .* \(in 10 days\)\. Rotate: sf jwt app rotate --target-org admin --name Soon_App$/,
      );
      assert.doesNotMatch(envelope.message, /Year_App/);
    });
  }

  it('refuses a window that is not a duration, naming the forms it takes', async () => {
    const run = await list('--expiring-within', '30m');
    assert.notEqual(run.exitCode, 0);
    assert.match(
      run.stderr,
      /"30m" is not a duration: write a number and a unit, for example 30d, 4w, 720h, 2mo or 1y/,
    );
  });

  it('marks rows unknown, with why, when the org withholds certificates: the command still succeeds', async () => {
    emulator.setOrg(demo.orgId, { certificatesViaMetadataApi: false });
    try {
      const run = await list('--expiring-within', '30d', '--json');
      assert.equal(run.exitCode, 0, run.stdout);
      const r = (JSON.parse(run.stdout) as { result: AppListResult }).result;
      assert.deepEqual([...new Set(r.apps.map((a) => a.status))], ['unknown']);
      assert.equal(
        r.apps.find((a) => a.name === 'Year_App')?.unknownReason,
        'the org returned the global OAuth settings Year_App without a certificate (withheld, or not a JWT app)',
      );
    } finally {
      emulator.setOrg(demo.orgId, { certificatesViaMetadataApi: true });
    }
  });

  it('the rotate commands --expiring-within names run as written: each app gets a certificate its user logs in with', async () => {
    const listed = JSON.parse((await list('--expiring-within', '30d', '--json')).stdout) as { message: string };
    const commands = [...listed.message.matchAll(/Rotate: (sf jwt app rotate .*)$/gm)].map((m) => m[1] ?? '');
    assert.deepEqual(commands, [
      'sf jwt app rotate --target-org admin --name Expired_App',
      'sf jwt app rotate --target-org admin --name Soon_App',
    ]);
    for (const command of commands) {
      const [, , , , ...args] = command.split(' ');
      const name = args.at(-1) ?? '';
      const work = mkdtempSync(join(dir, 'cwd-'));
      const cwd = process.cwd();
      process.chdir(work);
      let run;
      try {
        run = await runInProcess<AppRotateResult>(JwtAppRotate, args);
      } finally {
        process.chdir(cwd);
      }
      assert.equal(run.exitCode, 0, run.stdout + run.stderr);
      const day = new Date().toISOString().slice(0, 10);
      assert.deepEqual(readdirSync(work).sort(), [
        `${name}-${day}.crt`,
        `${name}-${day}.key`,
        `${name}-${day}.old.crt`,
      ]);
      // The certificate it replaced, kept beside the new pair (what a repair after a Ctrl-C deploys back).
      assert.equal(
        readFileSync(join(work, `${name}-${day}.old.crt`), 'utf8').replace(/\s+/g, ''),
        (keys[name]?.cert ?? '').replace(/\s+/g, ''),
      );
      assert.match(
        run.stdout,
        new RegExp(
          `The certificate of ${name} was rotated; its consumer key stays ${keys[name]?.consumerKey ?? ''}\\.`,
        ),
      );
      assert.equal(emulator.model.apps.find((a) => a.name === name)?.consumerKey, keys[name]?.consumerKey);
      assert.equal(await logsIn(name, [join(work, `${name}-${day}.key`)]), true);
      assert.equal(await logsIn(name, [file(`${name}.key`)]), false);
      currentKey[name] = join(work, `${name}-${day}.key`);
    }
    const after = JSON.parse((await list('--expiring-within', '30d', '--json')).stdout) as { result: AppListResult };
    assert.deepEqual(after.result.expiring, []);
  });

  it('--dry-run reads the app and prints the plan: no file written, nothing deployed', async () => {
    const out = mkdtempSync(join(dir, 'dry-'));
    const certificate = () => emulator.model.apps.find((a) => a.name === 'Expired_App')?.certificatePem;
    const before = certificate();
    const run = await runInProcess<AppRotateResult>(JwtAppRotate, [
      '--target-org',
      'admin',
      '--name',
      'Expired_App',
      '--output-dir',
      out,
      '--dry-run',
      '--json',
    ]);
    assert.equal(run.exitCode, 0, run.stdout + run.stderr);
    const r = (JSON.parse(run.stdout) as { result: AppRotateResult }).result;
    assert.deepEqual(
      r.steps.map((s) => s.status),
      ['done', 'skipped', 'skipped', 'skipped', 'skipped'],
    );
    assert.equal(r.username, INTEGRATION);
    assert.deepEqual(readdirSync(out), []);
    assert.equal(certificate(), before);
  });

  it('--cert-file: deploys the certificate brought with its key; a key that does not match changes nothing', async () => {
    const core = await import('@sfjwt/jwt-core');
    const { privateKey } = await core.generateRsaKeyPair({ bits: 2048 });
    writeFileSync(file('next.key'), core.exportPrivateKeyPem(privateKey), { mode: 0o600 });
    writeFileSync(
      file('next.crt'),
      core.createSelfSignedCertificate({ key: privateKey, subject: { commonName: 'next' }, now: () => clock }),
    );
    const mismatch = await runInProcess<AppRotateResult>(JwtAppRotate, [
      '--target-org',
      'admin',
      '--name',
      'Year_App',
      '--username',
      INTEGRATION,
      '--cert-file',
      file('next.crt'),
      '--new-key-file',
      file('Year_App.key'),
    ]);
    assert.equal(mismatch.exitCode, 78);
    assert.equal(mismatch.error?.name, 'ERR_APP_KEY_CERT_MISMATCH');
    const run = await runInProcess<AppRotateResult>(JwtAppRotate, [
      '--target-org',
      'admin',
      '--name',
      'Year_App',
      '--username',
      INTEGRATION,
      '--cert-file',
      file('next.crt'),
      '--new-key-file',
      file('next.key'),
    ]);
    assert.equal(run.exitCode, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /sf jwt token \/ login \/ doctor: --jwt-key-file .*next\.key --jwt-key-file OLD_KEY_FILE/);
    assert.equal(await logsIn('Year_App', [file('next.key')]), true);
    currentKey.Year_App = file('next.key');
  });

  it('names the app that does not exist, changing nothing', async () => {
    const run = await runInProcess<AppRotateResult>(JwtAppRotate, [
      '--target-org',
      'admin',
      '--name',
      'No_Such_App',
      '--dry-run',
    ]);
    assert.equal(run.exitCode, 64);
    assert.equal(run.error?.name, 'ERR_APP_NOT_FOUND');
  });

  it('rotates Year_App while a client holding both keys keeps logging in: 0 failures across the propagation delay', async () => {
    const { Org } = await import('@salesforce/core');
    const read = async () =>
      (
        await adminOrg(await Org.create({ aliasOrUsername: 'admin' }), {
          env: process.env,
          now: () => clock,
          deadline: clock + 60_000,
          callTimeoutMs: 30_000,
        })
      ).readMetadata('ExtlClntAppGlobalOauthSettings', ['Year_App']);
    const [before] = await read();
    emulator.setPropagationDelay(120);
    const oldKey = currentKey.Year_App ?? '';
    // The second rotation of Year_App today (the --cert-file one saved Year_App-<day>.old.crt here): its pair is -2.
    const pair = `Year_App-${new Date(clock).toISOString().slice(0, 10)}-2`;
    const newKey = file(`${pair}.key`);
    const outcomes: boolean[] = [await logsIn('Year_App', [oldKey])];
    try {
      const r = await rotateWithClock({ name: 'Year_App', jwtKeyFile: oldKey, username: INTEGRATION }, async () => {
        outcomes.push(await logsIn('Year_App', [newKey, oldKey]));
      });
      outcomes.push(await logsIn('Year_App', [newKey, oldKey]));
      assert.ok(outcomes.length >= 4, `the client tried during the run (${outcomes.length} times)`);
      assert.equal(outcomes.filter((ok) => !ok).length, 0);
      assert.deepEqual(
        r.steps.map((s) => [s.name, s.status]),
        [
          ['read', 'done'],
          ['key-pair', 'done'],
          ['deploy', 'done'],
          ['verify', 'done'],
          ['restore', 'skipped'],
        ],
      );
      assert.equal(r.newKeyFile, newKey);
      assert.equal(r.clientFlags, `--jwt-key-file ${newKey} --jwt-key-file ${oldKey}`);
      assert.equal(r.dropOldKeyAfter, new Date(clock + 600_000).toISOString());
      // The new pair as openssl sees it: a matching key and certificate.
      assert.equal(
        openssl(['x509', '-noout', '-modulus', '-in', file(`${pair}.crt`)]),
        openssl(['rsa', '-noout', '-modulus', '-in', newKey]),
      );
      assert.equal(await logsIn('Year_App', [oldKey]), false, 'the old key alone is refused once applied');
      const [after] = await read();
      const { certificate: oldCert, ...keptBefore } = before ?? {};
      const { certificate: newCert, ...keptAfter } = after ?? {};
      assert.deepEqual(keptAfter, keptBefore, 'every other field of the component is kept');
      assert.notEqual(newCert, oldCert);
    } finally {
      emulator.setPropagationDelay(0);
    }
  });

  it('puts the old certificate back and says so when the new key never logs in within --wait', async () => {
    emulator.setPropagationDelay(900);
    try {
      const failure = (await rotateWithClock({
        name: 'Expired_App',
        username: INTEGRATION,
        jwtKeyFile: currentKey.Expired_App,
        waitMs: 60_000,
      }).then(
        () => assert.fail('the rotation should fail'),
        (err: unknown) => err,
      )) as { error: Failure; result: AppRotateResult };
      assert.equal(failure.error.name, 'ERR_APP_ROTATE_VERIFY_FAILED');
      assert.match(
        failure.error.message,
        /^The login with the new key into Expired_App did not succeed, so the old certificate was deployed back/,
      );
      assert.equal(failure.result.restored, true);
      assert.deepEqual(
        failure.result.steps.map((s) => [s.name, s.status]),
        [
          ['read', 'done'],
          ['key-pair', 'done'],
          ['deploy', 'done'],
          ['verify', 'failed'],
          ['restore', 'done'],
        ],
      );
      clock += 1_000_000;
      assert.equal(
        await logsIn('Expired_App', [currentKey.Expired_App ?? '']),
        true,
        'the old key works after the propagation delay',
      );
      assert.equal(await logsIn('Expired_App', [failure.result.newKeyFile ?? '']), false);
    } finally {
      emulator.setPropagationDelay(0);
    }
  });
});
