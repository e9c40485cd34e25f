/**
 * The `--json` contract of `sf jwt app generate`, `create`, `list` and `rotate` (see json-envelopes.test.ts for the rules):
 * byte-identical envelopes with the clock fixed, fixture keys, and the emulator's random ids, the generated consumer
 * key and deploy ids replaced by placeholders. `app create` runs against an admin logged in by `sf jwt login` in an
 * isolated HOME.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Emulator } from '@sfjwt/salesforce-emulator';
import JwtAppCreate from '../../src/commands/jwt/app/create.js';
import JwtAppGenerate from '../../src/commands/jwt/app/generate.js';
import JwtAppList from '../../src/commands/jwt/app/list.js';
import JwtAppRotate from '../../src/commands/jwt/app/rotate.js';
import JwtLogin from '../../src/commands/jwt/login.js';
import { ensureEmulatorBuilt } from '../support/emulator.js';
import { withoutTerminal } from '../support/helpers.js';
import { runInProcess } from '../support/run-command.js';
import { assertSnapshot, render, volatileValues, type Printed, type Replacements } from './snapshot.js';

const NOW = Date.UTC(2027, 0, 1);
const ADMIN = 'admin@acme.com';
const INTEGRATION = 'integration@acme.com';
const CONSUMER_KEY = `3MVG9${'C'.repeat(80)}`;
const fixturesDir = fileURLToPath(new URL('../fixtures/', import.meta.url));
type Command = { run(argv: string[], dir: string): Promise<unknown> };

describe('--json contract: sf jwt app (byte-identical envelopes)', function () {
  this.timeout(120_000);
  let work: string;
  let emulator: Emulator;
  let ids: string[] = [];
  const saved = { HOME: process.env.HOME, SF_USE_GENERIC_UNIX_KEYCHAIN: process.env.SF_USE_GENERIC_UNIX_KEYCHAIN };
  const file = (name: string): string => join(work, name);

  async function inProcess(command: Command, argv: string[]): Promise<Printed> {
    const realNow = Date.now;
    Date.now = () => NOW;
    try {
      return await withoutTerminal(() =>
        runInProcess<unknown>(command, [...argv, '--json'], { SFJWT_KEY: undefined, SFJWT_KEY_PASSPHRASE: undefined }),
      );
    } finally {
      Date.now = realNow;
    }
  }
  const check = (name: string, printed: Printed, volatile: readonly string[] = []): void => {
    const json = printed.stdout.trimStart().startsWith('{') ? printed.stdout : printed.stderr;
    const replacements: Replacements = [
      [work, '<work>'],
      [`127.0.0.1:${emulator.port}`, '127.0.0.1:<port>'],
      ...ids.map((id, i): readonly [string, string] => [id, `<id${i}>`]),
    ];
    assertSnapshot(name, render(printed, [...replacements, ...volatileValues(json, volatile)]));
  };

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'plugin-jwt-app-contract-'));
    for (const name of readdirSync(fixturesDir))
      if (name !== 'README.md') copyFileSync(join(fixturesDir, name), join(work, name));
    ensureEmulatorBuilt();
    const { createDemoConfig, randomId, startEmulator } = await import('@sfjwt/salesforce-emulator');
    const demo = createDemoConfig({
      appType: 'connected-app',
      consumerKey: '3MVG9contractAdminApp',
      username: ADMIN,
      now: NOW,
    });
    demo.config.apps = [{ ...demo.config.apps[0]!, certificate: readFileSync(file('server.crt'), 'utf8') }];
    const integrationId = randomId('005');
    demo.config.users.push({
      username: INTEGRATION,
      userId: integrationId,
      org: demo.orgId,
      profile: 'Minimum Access - API Only Integrations',
    });
    emulator = await startEmulator(demo.config, { now: () => NOW });
    ids = [demo.orgId, demo.userId, integrationId];
    process.env.HOME = join(work, 'home');
    process.env.SF_USE_GENERIC_UNIX_KEYCHAIN = 'true';
    const { ConfigAggregator, StateAggregator } = await import('@salesforce/core');
    StateAggregator.clearInstance();
    await ConfigAggregator.clearInstance();
    await inProcess(JwtLogin, [
      '-i',
      '3MVG9contractAdminApp',
      '-o',
      ADMIN,
      '-f',
      file('server.key'),
      '-r',
      emulator.url,
      '--alias',
      'admin',
    ]);
  });
  after(async () => {
    await emulator.stop();
    const { ConfigAggregator, StateAggregator } = await import('@salesforce/core');
    StateAggregator.clearInstance();
    await ConfigAggregator.clearInstance();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    rmSync(work, { recursive: true, force: true });
  });

  describe('jwt app generate', () => {
    const flags = (dir: string): string[] => [
      '--name',
      'Billing_Sync',
      '--cert-file',
      file('server.crt'),
      '--output-dir',
      file(dir),
      '--contact-email',
      'admin@example.com',
    ];
    it('writes the project', async () =>
      check(
        'app-generate-ok',
        await inProcess(JwtAppGenerate, [...flags('app'), '--create-permission-set', '--consumer-key', CONSUMER_KEY]),
      ));
    it('ERR_FILE_EXISTS', async () =>
      check('app-generate-exists', await inProcess(JwtAppGenerate, [...flags('app'), '--create-permission-set'])));
    it('ERR_APP_NO_PERMITTED_USERS', async () =>
      check('app-generate-no-users', await inProcess(JwtAppGenerate, flags('none'))));
  });

  describe('jwt app create (emulator)', () => {
    const flags = (...extra: string[]): string[] => [
      '--target-org',
      'admin',
      '--name',
      'Billing_Sync',
      '--cert-file',
      file('server.crt'),
      '-f',
      file('server.key'),
      ...extra,
    ];
    const random = ['result.consumerKey', 'result.deploy.id'];
    it('creates the app', async () => {
      check(
        'app-create-ok',
        await inProcess(JwtAppCreate, flags('--username', INTEGRATION, '--create-permission-set')),
        random,
      );
    });
    it('reruns (deploy and assignment skipped)', async () => {
      check(
        'app-create-rerun',
        await inProcess(JwtAppCreate, flags('--username', INTEGRATION, '--create-permission-set')),
        ['result.consumerKey'],
      );
    });
    it('ERR_APP_USER_NOT_FOUND (with the steps reached)', async () => {
      check(
        'app-create-user-not-found',
        await inProcess(JwtAppCreate, flags('--username', 'nobody@acme.com', '--create-permission-set')),
      );
    });
  });

  // After app create: the admin's Connected App and Billing_Sync, both with the fixture certificate (until 2126).
  describe('jwt app list and rotate (emulator)', () => {
    const billingKey = ['result.apps.1.consumerKey'];
    it('lists the apps', async () =>
      check('app-list-ok', await inProcess(JwtAppList, ['--target-org', 'admin']), billingKey));
    it('ERR_APP_CERTIFICATES_EXPIRING (exit 10, with the list)', async () =>
      check(
        'app-list-expiring',
        await inProcess(JwtAppList, ['--target-org', 'admin', '--expiring-within', '100y']),
        billingKey,
      ));
    it('plans a rotation (--dry-run)', async () =>
      check(
        'app-rotate-dry-run',
        await inProcess(JwtAppRotate, [
          '--target-org',
          'admin',
          '--name',
          'Billing_Sync',
          '--username',
          INTEGRATION,
          '--dry-run',
        ]),
        ['result.consumerKey'],
      ));
    it('ERR_APP_NOT_FOUND (with the steps reached)', async () =>
      check('app-rotate-not-found', await inProcess(JwtAppRotate, ['--target-org', 'admin', '--name', 'No_Such_App'])));
  });
});
