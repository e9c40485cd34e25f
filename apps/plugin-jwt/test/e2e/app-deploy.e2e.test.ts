/**
 * The directory `sf jwt app generate` writes deploys as is with the real `sf project deploy start` (run from it,
 * `--source-dir force-app`) into the emulator, through sf's default SOAP deploy; once the integration user holds the
 * new permission set, the JWT grant for the generated consumer key succeeds with the matching key.
 */
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomId, type DemoSetup, type Emulator } from '@sfjwt/salesforce-emulator';
import JwtAppGenerate from '../../src/commands/jwt/app/generate.js';
import { prepareExchange, runExchange } from '../../src/services/exchange.js';
import { ensureEmulatorBuilt } from '../support/emulator.js';
import { runInProcess } from '../support/run-command.js';
import { SfSandbox } from '../support/sf-cli.js';

const INTEGRATION = 'integration@sfjwt-demo.example';

describe('a generated app directory deploys with the real sf project deploy start (emulator)', function () {
  this.timeout(180_000);
  const sandbox = new SfSandbox();
  let emulator: Emulator;
  let demo: DemoSetup;

  before(async () => {
    ensureEmulatorBuilt();
    const { createDemoConfig, startEmulator } = await import('@sfjwt/salesforce-emulator');
    demo = createDemoConfig({ appType: 'connected-app' });
    demo.config.users.push({
      username: INTEGRATION,
      userId: randomId('005'),
      org: demo.orgId,
      profile: 'Minimum Access - API Only Integrations',
    });
    emulator = await startEmulator(demo.config);
    writeFileSync(join(sandbox.home, 'server.key'), demo.privateKeyPem, { mode: 0o600 });
    writeFileSync(join(sandbox.home, 'server.crt'), demo.certificatePem);
    const login = await sandbox.sf([
      'org',
      'login',
      'jwt',
      '--client-id',
      demo.consumerKey,
      '--jwt-key-file',
      join(sandbox.home, 'server.key'),
      '--username',
      demo.username,
      '--instance-url',
      emulator.url,
      '--alias',
      'admin',
    ]);
    assert.equal(login.code, 0, login.stdout + login.stderr);
  });
  after(async () => {
    sandbox.dispose();
    await emulator.stop();
  });

  it('deploys every component; the generated consumer key then logs the integration user in', async () => {
    const dir = join(sandbox.home, 'billing-app');
    const generated = await runInProcess<{ consumerKey: string }>(JwtAppGenerate, [
      '--name',
      'Billing_Sync',
      '--cert-file',
      join(sandbox.home, 'server.crt'),
      '--output-dir',
      dir,
      '--create-permission-set',
      '--contact-email',
      'admin@example.com',
    ]);
    assert.equal(generated.exitCode, 0, generated.stderr);
    emulator.resetStats();
    const deploy = await sandbox.sfJson<{
      result: { status: string; files: Array<{ type: string; fullName: string; state: string }> };
    }>(['project', 'deploy', 'start', '--source-dir', 'force-app', '--target-org', 'admin'], { cwd: dir });
    assert.equal(deploy.code, 0, JSON.stringify(deploy.json));
    assert.equal(deploy.json.result.status, 'Succeeded');
    assert.deepEqual(deploy.json.result.files.map((f) => `${f.type} ${f.fullName} ${f.state}`).sort(), [
      'ExternalClientApplication Billing_Sync Created',
      'ExtlClntAppConfigurablePolicies Billing_Sync_defaultPolicy Created',
      'ExtlClntAppGlobalOauthSettings Billing_Sync Created',
      'ExtlClntAppOauthConfigurablePolicies Billing_Sync_defaultPolicy Created',
      'ExtlClntAppOauthSettings Billing_Sync Created',
      'PermissionSet Billing_Sync_JWT Created',
    ]);
    assert.deepEqual(
      emulator.stats().requests.map((r) => `${r.method} ${r.path}`),
      ['POST /services/Soap/m/67.0', 'POST /services/Soap/m/67.0'],
    );

    const consumerKey = generated.result?.consumerKey ?? '';
    assert.equal(emulator.model.apps.find((a) => a.name === 'Billing_Sync')?.consumerKey, consumerKey);
    emulator.setUser(INTEGRATION, { permissionSets: ['Billing_Sync_JWT'] });
    const prepared = await prepareExchange(
      {
        clientId: consumerKey,
        username: INTEGRATION,
        jwtKeyFiles: [join(sandbox.home, 'server.key')],
        instanceUrl: emulator.url,
        audience: undefined,
        certFile: undefined,
      },
      { env: {}, prompt: undefined },
      Date.now,
    );
    const token = await runExchange(prepared, { env: {}, now: Date.now });
    assert.equal(token.instanceUrl, emulator.url);
    assert.equal(token.orgId, demo.orgId);
  });
});
