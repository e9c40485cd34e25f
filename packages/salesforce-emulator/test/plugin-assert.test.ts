// An assertion made by our own `sf jwt assert` (apps/plugin-jwt) is accepted by the emulator, which verifies it
// independently (node:crypto against the certificate, no jwt-core). Needs the plugin built (lib/).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createDemoConfig, startEmulator, type DemoSetup, type Emulator } from '../src/index.js';
import { json, postAssertion } from './support/http.js';
import { PACKAGE_DIR } from './support/spawn.js';

const PLUGIN = join(PACKAGE_DIR, '..', '..', 'apps', 'plugin-jwt');
const run = promisify(execFile);

describe('assertions from sf jwt assert', function () {
  this.timeout(60_000);
  let emulator: Emulator;
  let demo: DemoSetup;
  let keyFile: string;

  before(async function () {
    // turbo builds the plugin before this test (turbo.json); a missing build is a failure, not a skip.
    if (!existsSync(join(PLUGIN, 'lib', 'commands', 'jwt', 'assert.js'))) {
      throw new Error('apps/plugin-jwt is not built: run `pnpm turbo run build` (or tsc -p tsconfig.build.json there) first');
    }
    demo = createDemoConfig({ appType: 'connected-app' });
    emulator = await startEmulator(demo.config);
    keyFile = join(mkdtempSync(join(tmpdir(), 'emu-assert-')), 'server.key');
    writeFileSync(keyFile, demo.privateKeyPem, { mode: 0o600 });
  });
  after(async () => {
    await emulator?.stop();
  });

  const assertion = async (...extra: string[]) => {
    const { stdout } = await run(process.execPath, [join(PLUGIN, 'bin', 'run.js'), 'jwt', 'assert', '--client-id', demo.consumerKey, '--username', demo.username, '--jwt-key-file', keyFile, ...extra]);
    return stdout.trim();
  };

  it('for the emulator URL as My Domain', async () => {
    const res = await postAssertion(emulator.url, await assertion('--instance-url', emulator.url));
    assert.equal(res.status, 200, res.body);
    const claims = emulator.stats().requests.at(-1)?.assertion?.claims ?? {};
    assert.equal(claims.aud, emulator.url);
    assert.ok(Number.isInteger(claims.exp) && Number.isInteger(claims.iat));
  });

  it('for login.salesforce.com (default), posted as if to login.salesforce.com', async () => {
    const res = await postAssertion(emulator.url, await assertion(), { host: 'login.salesforce.com' });
    assert.equal(res.status, 200, res.body);
    assert.equal(json<{ instance_url: string }>(res).instance_url, emulator.url);
  });
});
