/**
 * `sf jwt login` inside the real sf CLI against the emulator, then the CLI's own commands on the stored auth:
 * `org display`, `data query`, `org open --url-only` (singleaccess), refresh after every session is revoked, re-login keeping aliases, and the
 * encrypted-key case where no key path is stored. Slow (~1–2 s per sf run): kept few.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt } from '../support/build.js';
import { startDemo, type DemoEmulator } from '../support/emulator.js';
import { SfSandbox } from '../support/sf-cli.js';

interface Envelope<T> {
  status: number;
  result: T;
  name?: string;
  message?: string;
  data?: { diagnosis?: { causes: { id: string; likelihood: string }[] } };
  warnings?: string[];
}

interface LoginJson {
  username: string;
  orgId: string;
  accessToken: string;
  aliases: string[];
  replaced: boolean;
  refresh: { enabled: boolean; privateKey?: string; reason?: string };
}

describe('sf jwt login inside the real sf CLI (against the emulator)', function () {
  this.timeout(180_000);
  const sandbox = new SfSandbox();
  let demo: DemoEmulator;
  const authFile = (): Record<string, unknown> =>
    JSON.parse(readFileSync(join(sandbox.home, '.sfdx', `${demo.username}.json`), 'utf8')) as Record<string, unknown>;
  const tokenPosts = (): number => demo.emulator.stats().requests.filter((r) => r.route === 'token').length;

  before(async () => {
    ensureBuilt();
    demo = await startDemo();
    await sandbox.linkPlugin();
  });
  after(async () => {
    sandbox.dispose();
    await demo.stop();
  });

  it('logs in, sets alias and default org, redacts the token in --json, stores the key path for refresh', async () => {
    const login = await sandbox.sfJson<Envelope<LoginJson>>([
      'jwt',
      'login',
      ...demo.flags(),
      '--alias',
      'emu',
      '--set-default',
    ]);
    assert.equal(login.code, 0, login.stderr);
    const r = login.json.result;
    assert.equal(r.username, demo.username);
    assert.equal(r.orgId, demo.orgId);
    assert.equal(
      r.accessToken,
      '[REDACTED] the session is saved: "sf org auth show-access-token --target-org <username>" prints its token (no new login)',
    );
    assert.deepEqual(r.aliases, ['emu']);
    assert.equal(r.replaced, false);
    assert.deepEqual(r.refresh, { enabled: true, privateKey: demo.keyPath });
    const file = authFile();
    assert.equal(file['privateKey'], demo.keyPath);
    assert.equal(file['clientId'], demo.consumerKey);
    assert.equal(file['loginUrl'], demo.emulator.url);
    assert.equal(file['isDevHub'], false);
    assert.equal(file['orgEdition'], 'Developer Edition');
    assert.equal(file['instanceApiVersion'], '67.0');
    assert.ok(!String(file['accessToken']).startsWith('00D'), 'the token is stored encrypted');
    assert.ok(!/00D[A-Za-z0-9]{12}!/.test(JSON.stringify(login.json)), 'no access token anywhere in the --json output');
  });

  it('sf org display and sf data query work with the stored auth', async () => {
    const display = await sandbox.sfJson<
      Envelope<{ id: string; instanceUrl: string; connectedStatus: string; alias: string }>
    >(['org', 'display', '--target-org', 'emu']);
    assert.equal(display.code, 0, display.stderr);
    assert.equal(display.json.result.id, demo.orgId);
    assert.equal(display.json.result.connectedStatus, 'Connected');
    assert.equal(display.json.result.alias, 'emu');
    const query = await sandbox.sfJson<Envelope<{ totalSize: number; records: { Name: string }[] }>>([
      'data',
      'query',
      '--query',
      'SELECT Id, Name FROM Account',
      '--target-org',
      'emu',
    ]);
    assert.equal(query.code, 0, query.stderr);
    assert.deepEqual(query.json.result.records.map((a) => a.Name).sort(), [
      'Burlington Textiles Corp of America',
      'Edge Communications',
    ]);
  });

  it("sf org open --url-only gets a single-use frontdoor URL from the emulator's singleaccess endpoint", async () => {
    const open = await sandbox.sfJson<Envelope<{ url: string; username: string }>>([
      'org',
      'open',
      '--url-only',
      '--target-org',
      'emu',
    ]);
    assert.equal(open.code, 0, open.stderr);
    const url = new URL(open.json.result.url);
    assert.equal(`${url.origin}${url.pathname}`, `${demo.emulator.url}/secur/frontdoor.jsp`);
    assert.match(url.searchParams.get('otp') ?? '', /^[A-Za-z0-9_-]{32}$/);
    assert.equal(open.json.result.username, demo.username);
    assert.ok(demo.emulator.stats().requests.some((r) => r.route === 'singleaccess'));
  });

  it('refreshes: after the emulator revokes every session, sf re-signs from the stored key and the query works', async () => {
    assert.ok(demo.emulator.revokeAllTokens() > 0);
    const before = tokenPosts();
    const query = await sandbox.sfJson<Envelope<{ totalSize: number }>>([
      'data',
      'query',
      '--query',
      'SELECT Id FROM Account',
      '--target-org',
      'emu',
    ]);
    assert.equal(query.code, 0, query.stderr);
    assert.equal(query.json.result.totalSize, 2);
    assert.ok(tokenPosts() > before, 'sf went back to the token endpoint');
  });

  it('a re-login without --alias keeps the alias and the default org (sf org login jwt would drop them)', async () => {
    const login = await sandbox.sfJson<Envelope<LoginJson>>(['jwt', 'login', ...demo.flags()]);
    assert.equal(login.code, 0, login.stderr);
    assert.equal(login.json.result.replaced, true);
    assert.deepEqual(login.json.result.aliases, ['emu']);
    const config = await sandbox.sfJson<Envelope<Array<{ name: string; value: string }>>>([
      'config',
      'get',
      'target-org',
    ]);
    assert.equal(config.json.result[0]?.value, 'emu');
  });

  it('inside an sf project, --set-default and --set-default-dev-hub go to the project config, as sf org login jwt does', async () => {
    const project = join(sandbox.home, 'project');
    mkdirSync(project);
    writeFileSync(
      join(project, 'sfdx-project.json'),
      JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }], sourceApiVersion: '67.0' }),
    );
    const login = await sandbox.sfJson<Envelope<LoginJson>>(
      ['jwt', 'login', ...demo.flags(), '--alias', 'hub', '--set-default', '--set-default-dev-hub'],
      { cwd: project },
    );
    assert.equal(login.code, 0, login.stderr);
    assert.deepEqual(login.json.result.aliases, ['emu', 'hub']);
    const local = JSON.parse(readFileSync(join(project, '.sf', 'config.json'), 'utf8')) as Record<string, unknown>;
    assert.deepEqual(local, { 'target-org': 'hub', 'target-dev-hub': 'hub' });
    const config = await sandbox.sfJson<Envelope<Array<{ name: string; value: string; location: string }>>>(
      ['config', 'get', 'target-org', 'target-dev-hub'],
      { cwd: project },
    );
    assert.deepEqual(
      config.json.result.map((c) => [c.name, c.value, c.location]),
      [
        ['target-org', 'hub', 'Local'],
        ['target-dev-hub', 'hub', 'Local'],
      ],
    );
    // Outside the project the global default is still the first login's alias.
    const global = await sandbox.sfJson<Envelope<Array<{ name: string; value: string }>>>([
      'config',
      'get',
      'target-org',
    ]);
    assert.equal(global.json.result[0]?.value, 'emu');
  });

  it('with an encrypted key, stores no key path and says that refresh needs a new login', async () => {
    const { exportPrivateKeyPem, loadPrivateKey } = await import('@sfjwt/jwt-core');
    const encrypted = join(demo.dir, 'encrypted.key');
    writeFileSync(
      encrypted,
      exportPrivateKeyPem(loadPrivateKey(demo.privateKeyPem).keyObject, { passphrase: 'correct horse' }),
      { mode: 0o600 },
    );
    const flags = demo.flags().map((v) => (v === demo.keyPath ? encrypted : v));
    const login = await sandbox.sfJson<Envelope<LoginJson>>(['jwt', 'login', ...flags], {
      env: { SFJWT_KEY_PASSPHRASE: 'correct horse' },
    });
    assert.equal(login.code, 0, login.stderr);
    assert.deepEqual(login.json.result.refresh, { enabled: false, reason: 'key-encrypted' });
    assert.ok(
      login.json.warnings?.some((w) =>
        w.startsWith("The key is encrypted and sf's refresh cannot read encrypted keys"),
      ),
    );
    assert.equal(authFile()['privateKey'], undefined);
    assert.ok(existsSync(demo.keyPath));
    // Restore a refreshable login for later runs of this file's tests in the same sandbox.
    assert.equal((await sandbox.sfJson<Envelope<LoginJson>>(['jwt', 'login', ...demo.flags()])).code, 0);
  });

  it('fails with the diagnosis in --json when the app is not pre-authorized for the user', async () => {
    demo.emulator.setAppPolicy(demo.consumerKey, { type: 'admin-approved', profiles: ['Integration User'] });
    try {
      const login = await sandbox.sfJson<Envelope<unknown>>(['jwt', 'login', ...demo.flags()]);
      assert.equal(login.code, 77);
      assert.equal(login.json.name, 'ERR_TOKEN_GRANT_REJECTED');
      assert.equal(login.json.data?.diagnosis?.causes[0]?.id, 'profile-not-admin-approved');
      assert.equal(authFile()['privateKey'], demo.keyPath, 'a failed login leaves the saved one alone');
    } finally {
      demo.emulator.setAppPolicy(demo.consumerKey, { type: 'admin-approved', profiles: ['System Administrator'] });
    }
  });
});
