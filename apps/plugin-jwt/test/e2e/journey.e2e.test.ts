/**
 * The new user's path, inside the real sf CLI against the emulator: `sf jwt keygen` → the app gets the certificate
 * (self-authorize policy) → `sf jwt login` fails with "user hasn't approved this consumer" and says how to approve →
 * the URL from `sf jwt preapprove` is opened once → `sf jwt login` works → `sf org display` works.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Emulator } from '@sfjwt/salesforce-emulator';
import { ensureBuilt } from '../support/build.js';
import { ensureEmulatorBuilt } from '../support/emulator.js';
import { SfSandbox } from '../support/sf-cli.js';

interface Envelope<T> {
  status: number;
  result: T;
  name?: string;
  actions?: string[];
  data?: { diagnosis?: { causes: { id: string; likelihood: string }[] } };
}

describe('keygen → preapprove → login → org display (real sf CLI, emulator)', function () {
  this.timeout(180_000);
  const sandbox = new SfSandbox();
  const work = mkdtempSync(join(tmpdir(), 'sfjwt-journey-'));
  let emulator: Emulator;
  let consumerKey: string;
  let username: string;

  before(async () => {
    ensureBuilt();
    ensureEmulatorBuilt();
    await sandbox.linkPlugin();
    const keygen = await sandbox.sfJson<Envelope<unknown>>([
      'jwt',
      'keygen',
      '--output-dir',
      work,
      '--common-name',
      'journey',
    ]);
    assert.equal(keygen.code, 0, keygen.stderr);
    const { createDemoConfig, startEmulator } = await import('@sfjwt/salesforce-emulator');
    const demo = createDemoConfig({ appType: 'connected-app', policy: { type: 'self-authorize' } });
    const [app] = demo.config.apps;
    demo.config.apps = [{ ...app!, certificate: readFileSync(join(work, 'server.crt'), 'utf8') }];
    emulator = await startEmulator(demo.config);
    consumerKey = demo.consumerKey;
    username = demo.username;
  });
  after(async () => {
    await emulator.stop();
    sandbox.dispose();
    rmSync(work, { recursive: true, force: true });
  });

  const loginFlags = (): string[] => [
    '--client-id',
    consumerKey,
    '--username',
    username,
    '--jwt-key-file',
    join(work, 'server.key'),
    '--instance-url',
    emulator.url,
    '--alias',
    'journey',
  ];

  it('walks the whole path', async () => {
    const refused = await sandbox.sfJson<Envelope<unknown>>(['jwt', 'login', ...loginFlags()]);
    assert.equal(refused.code, 77);
    assert.equal(refused.json.name, 'ERR_TOKEN_GRANT_REJECTED');
    assert.deepEqual(
      refused.json.data?.diagnosis?.causes.filter((c) => c.likelihood === 'likely').map((c) => c.id),
      ['not-pre-authorized', 'self-authorize-without-approval'],
    );
    assert.ok(refused.json.actions?.some((a) => a.includes('sf jwt preapprove')));

    const guide = await sandbox.sfJson<Envelope<{ selfApproval: { url: string } }>>([
      'jwt',
      'preapprove',
      '--client-id',
      consumerKey,
      '--instance-url',
      emulator.url,
      '--username',
      username,
    ]);
    assert.equal(guide.code, 0, guide.stderr);
    const approval = await fetch(guide.json.result.selfApproval.url, { redirect: 'manual' });
    assert.equal(approval.status, 302);
    assert.match(approval.headers.get('location') ?? '', /^http:\/\/localhost:1717\/OauthRedirect#access_token=/);

    const login = await sandbox.sfJson<Envelope<{ orgId: string }>>(['jwt', 'login', ...loginFlags()]);
    assert.equal(login.code, 0, login.stderr);

    const display = await sandbox.sfJson<Envelope<{ id: string; connectedStatus: string }>>([
      'org',
      'display',
      '--target-org',
      'journey',
    ]);
    assert.equal(display.code, 0, display.stderr);
    assert.equal(display.json.result.id, login.json.result.orgId);
    assert.equal(display.json.result.connectedStatus, 'Connected');
  });
});
