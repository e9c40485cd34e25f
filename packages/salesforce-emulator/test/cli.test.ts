// The salesforce-emulator command as a subprocess: ready line, demo key output, config files, errors, signals.
import assert from 'node:assert/strict';
import { createPublicKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeLoopbackPort } from '@sfjwt/test-support';
import { json, postAssertion, request } from './support/http.js';
import { signJws } from './support/jwt.js';
import { assertBuilt, startCli, type Running } from './support/spawn.js';
import { ACME, CA_KEY, demo, multiOrgConfig } from './support/setup.js';

const READY = /^Salesforce emulator listening on (http:\/\/127\.0\.0\.1:(\d+))$/;

/**
 * Starts the CLI with `args` and `--port` set to a port found free. Other processes on the machine (other test runs)
 * may take that port before the CLI binds it: a start that ends with EADDRINUSE is tried again on another port.
 */
async function startOnFreePort(args: string[]): Promise<{ cli: Running; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freeLoopbackPort();
    const cli = startCli([...args, '--port', String(port)]);
    const ready = await Promise.race([
      cli.waitForLines(1).then(
        () => true,
        () => false,
      ),
      cli.exited.then(() => false),
    ]);
    if (ready) return { cli, port };
    if (attempt >= 5 || !cli.stderr().includes('EADDRINUSE'))
      throw new Error(`the CLI did not start on port ${port} (attempt ${attempt}): ${cli.stderr()}`);
  }
}

describe('salesforce-emulator CLI', function () {
  // A guard against a hang, not a measure: each test starts several node processes in a row, and three suites
  // sharing two cores (load average ~37) took more than 30 s for one.
  this.timeout(180_000);
  before(assertBuilt);

  it('--demo --write-key: prints the URL first, writes a 0600 key matching the certificate, serves JWT logins, stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emu-cli-'));
    const cli = startCli(['--demo', '--write-key', dir]);
    try {
      const [ready, orgLine, keyLine, userLine, pathLine, tryLine] = await cli.waitForLines(6);
      const url = READY.exec(ready ?? '')?.[1];
      assert.ok(url !== undefined, ready);
      assert.match(orgLine ?? '', /^Org id: {8}00D[0-9A-Za-z]{15}$/);
      const consumerKey = /^Consumer key: {2}(3MVG9\w{80})$/.exec(keyLine ?? '')?.[1] ?? '';
      assert.equal(userLine, 'Username:      demo.user@sfjwt-demo.example');
      assert.equal(pathLine, `Private key:   ${join(dir, 'server.key')}`);
      assert.ok(
        tryLine?.startsWith(
          `Try:           sf org login jwt --client-id ${consumerKey} --jwt-key-file ${join(dir, 'server.key')}`,
        ),
      );
      assert.equal(statSync(join(dir, 'server.key')).mode & 0o777, 0o600);
      const keyPem = readFileSync(join(dir, 'server.key'), 'utf8');
      const certKey = new X509Certificate(readFileSync(join(dir, 'server.crt'))).publicKey;
      assert.equal(
        createPublicKey(keyPem).export({ format: 'pem', type: 'spki' }),
        certKey.export({ format: 'pem', type: 'spki' }),
      );
      const exp = Math.floor(Date.now() / 1000) + 120;
      const res = await postAssertion(
        url,
        signJws(keyPem, { iss: consumerKey, sub: 'demo.user@sfjwt-demo.example', aud: `${url}/`, exp }),
      );
      assert.equal(res.status, 200, res.body);
      assert.equal(json<{ instance_url: string }>(res).instance_url, url);
    } finally {
      cli.child.kill('SIGTERM');
    }
    assert.deepEqual(await cli.exited, { code: 0, signal: null });
    assert.equal(cli.stderr(), 'Salesforce emulator stopped\n');
  });

  it('--demo without --write-key writes nothing and says so', async () => {
    const cli = startCli(['--demo']);
    try {
      const lines = await cli.waitForLines(5);
      assert.equal(lines[4], 'Private key:   not written (pass --write-key <dir> to get it)');
    } finally {
      cli.child.kill('SIGINT');
    }
    assert.equal((await cli.exited).code, 0);
  });

  it('--write-key never overwrites without --force', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emu-cli-'));
    writeFileSync(join(dir, 'server.key'), 'precious');
    const cli = startCli(['--demo', '--write-key', dir]);
    assert.equal((await cli.exited).code, 1);
    assert.equal(cli.stderr(), `Error: ${join(dir, 'server.key')} already exists: pass --force to overwrite it\n`);
    assert.equal(readFileSync(join(dir, 'server.key'), 'utf8'), 'precious');
    const forced = startCli(['--demo', '--write-key', dir, '--force']);
    await forced.waitForLines(1);
    forced.child.kill('SIGTERM');
    await forced.exited;
    assert.match(readFileSync(join(dir, 'server.key'), 'utf8'), /^-----BEGIN PRIVATE KEY-----/);
  });

  it('--config with a certificateFile relative to the config, on a chosen port and role', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emu-cli-'));
    writeFileSync(join(dir, 'app.crt'), demo().certificatePem);
    const config = multiOrgConfig();
    config.apps = config.apps.map(({ certificate: _c, ...app }) => ({ ...app, certificateFile: 'app.crt' }));
    writeFileSync(join(dir, 'emulator.json'), JSON.stringify(config));
    const { cli, port } = await startOnFreePort([
      '--config',
      join(dir, 'emulator.json'),
      '--host',
      '127.0.0.1',
      '--verbose',
    ]);
    try {
      const [ready] = await cli.waitForLines(1);
      assert.equal(ready, `Salesforce emulator listening on http://127.0.0.1:${port}`);
      const exp = Math.floor(Date.now() / 1000) + 120;
      const ok = await postAssertion(
        `http://127.0.0.1:${port}`,
        signJws(demo().privateKeyPem, { iss: CA_KEY, sub: 'admin@acme.example', aud: ACME, exp }),
      );
      assert.equal(ok.status, 200, ok.body);
      assert.equal((await request(`http://127.0.0.1:${port}/services/data`)).status, 200);
    } finally {
      cli.child.kill('SIGTERM');
    }
    assert.equal((await cli.exited).code, 0);
    assert.deepEqual(cli.stderr().split('\n'), [
      `POST /services/oauth2/token → 200 | as acme.my.salesforce.com | iss=${CA_KEY} sub=admin@acme.example aud=${ACME} | user=admin@acme.example`,
      'GET /services/data → 200',
      'Salesforce emulator stopped',
      '',
    ]);
  });

  it('a bad config exits 1 listing every problem; usage errors exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emu-cli-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ orgs: [{ id: 'x', type: 'production' }], apps: [], users: [], role: 'nope' }));
    const bad = startCli(['--config', file]);
    assert.equal((await bad.exited).code, 1);
    assert.equal(
      bad.stderr(),
      [
        `Invalid emulator configuration ${file} (2 problems):`,
        '  - orgs[0].id: must be an 18-character alphanumeric Salesforce id (got "x")',
        '  - role: must be one of "mydomain", "login", "test" (got "nope")',
        '',
      ].join('\n'),
    );
    assert.deepEqual(bad.lines, []);
    for (const args of [
      [],
      ['--demo', '--config', file],
      ['--config', file, '--write-key', dir],
      ['--demo', '--port', 'x'],
      ['--demo', '--bogus'],
    ]) {
      const usage = startCli(args);
      assert.equal((await usage.exited).code, 2, args.join(' '));
      assert.match(usage.stderr(), /^Error: .+\n\nUsage:\n/);
    }
  });
});
