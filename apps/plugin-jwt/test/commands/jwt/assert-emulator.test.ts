// An assertion made by `sf jwt assert` (the compiled command, as users run it) is accepted by the emulator, which
// verifies it independently (node:crypto against the certificate, no jwt-core).
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { ensureBuilt } from '../../support/build.js';
import { startDemo, type DemoEmulator } from '../../support/emulator.js';
import { run, runJs, sfEnv } from '../../support/sf-cli.js';

/** POSTs a JWT bearer grant to the emulator; `host` sets the Host header, to play login.salesforce.com. */
function postAssertion(url: string, assertion: string, host?: string): Promise<{ status: number; body: string }> {
  const body = new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }).toString();
  const headers = {
    'content-type': 'application/x-www-form-urlencoded',
    'content-length': String(Buffer.byteLength(body)),
    ...(host === undefined ? {} : { host }),
  };
  return new Promise((resolve, reject) => {
    const req = request(`${url}/services/oauth2/token`, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('assertions from sf jwt assert, posted to the emulator', function () {
  this.timeout(60_000);
  let demo: DemoEmulator;

  before(async function () {
    this.timeout(120_000);
    ensureBuilt();
    demo = await startDemo();
  });
  after(() => demo?.stop());

  const assertion = async (...extra: string[]): Promise<string> => {
    const flags = ['--client-id', demo.consumerKey, '--username', demo.username, '--jwt-key-file', demo.keyPath];
    const out = await run(process.execPath, [runJs, 'jwt', 'assert', ...flags, ...extra], {
      env: sfEnv(demo.dir),
      cwd: demo.dir,
    });
    assert.equal(out.code, 0, out.stderr);
    return out.stdout.trim();
  };

  it('for the emulator URL as My Domain', async () => {
    const res = await postAssertion(demo.emulator.url, await assertion('--instance-url', demo.emulator.url));
    assert.equal(res.status, 200, res.body);
    const claims = demo.emulator.stats().requests.at(-1)?.assertion?.claims ?? {};
    assert.equal(claims.aud, demo.emulator.url);
    assert.ok(Number.isInteger(claims.exp) && Number.isInteger(claims.iat));
  });

  it('for login.salesforce.com (default), posted as if to login.salesforce.com', async () => {
    const res = await postAssertion(demo.emulator.url, await assertion(), 'login.salesforce.com');
    assert.equal(res.status, 200, res.body);
    assert.equal((JSON.parse(res.body) as { instance_url: string }).instance_url, demo.emulator.url);
  });
});
