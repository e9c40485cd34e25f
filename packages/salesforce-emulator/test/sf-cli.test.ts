// THE compatibility test: the real `sf org login jwt` logs in against the emulator, `sf org display` works, refreshes
// after every session is revoked, and `sf data query` works. Slow (~1–2 s per sf run): kept few.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDemoConfig, startEmulator, type DemoSetup, type Emulator } from '../src/index.js';
import { isolatedHome, runSf } from './support/sf.js';
import { otherKey } from './support/setup.js';

describe('the real sf CLI against the emulator', function () {
  this.timeout(120_000);
  let emulator: Emulator;
  let demo: DemoSetup;
  let home: string;
  let keyFile: string;
  const tokenPosts = () => emulator.stats().requests.filter((r) => r.route === 'token');

  before(async () => {
    demo = createDemoConfig();
    emulator = await startEmulator(demo.config);
    home = isolatedHome();
    keyFile = join(home, 'server.key');
    writeFileSync(keyFile, demo.privateKeyPem, { mode: 0o600 });
  });
  after(() => emulator.stop());

  it('sf org login jwt --instance-url <emulator> succeeds with the exact request sequence of sf-cli-behaviour.md §5', async () => {
    const login = await runSf(home, [
      'org',
      'login',
      'jwt',
      '--client-id',
      demo.consumerKey,
      '--jwt-key-file',
      keyFile,
      '--username',
      demo.username,
      '--instance-url',
      emulator.url,
    ]);
    assert.equal(login.code, 0, login.stdout + login.stderr);
    const result = login.json.result as Record<string, unknown>;
    assert.equal(result.orgId, demo.orgId);
    assert.equal(result.username, demo.username);
    assert.equal(result.instanceUrl, emulator.url);
    assert.equal(result.loginUrl, `${emulator.url}/`);
    assert.equal(result.isDevHub, false);
    assert.equal(result.name, 'sfjwt Demo Org');
    assert.equal(result.orgEdition, 'Developer Edition');
    assert.equal(result.instanceApiVersion, '67.0');

    const [token, ...followUps] = emulator.stats().requests;
    assert.equal(token?.route, 'token');
    assert.equal(token?.status, 200);
    assert.equal(token?.chunked, true, 'the sf CLI sends the token request chunked');
    const claims = token?.assertion?.claims ?? {};
    assert.deepEqual(token?.assertion?.header, { alg: 'RS256', typ: 'JWT' });
    assert.equal(claims.aud, `${emulator.url}/`);
    assert.equal(claims.iss, demo.consumerKey);
    assert.equal(claims.sub, demo.username);
    assert.ok((claims.exp as number) > 1e12, 'the CLI signs exp in milliseconds');
    assert.ok((claims.iat as number) < 1e11, 'iat is in seconds');
    assert.deepEqual(
      followUps.slice(0, 3).map((r) => `${r.method} ${r.path.split('?')[0]} ${r.status}`),
      ['GET /services/data/v51.0/query 400', 'GET /services/data 200', 'GET /services/data/v67.0/query 200'],
    );
  });

  it('sf org display --target-org works, then refreshes through the token endpoint after revokeAllTokens()', async () => {
    const display = await runSf(home, ['org', 'display', '--target-org', demo.username]);
    assert.equal(display.code, 0, display.stdout + display.stderr);
    assert.equal((display.json.result as Record<string, unknown>).connectedStatus, 'Connected');
    assert.equal((display.json.result as Record<string, unknown>).id, demo.orgId);

    const postsBefore = tokenPosts().length;
    assert.ok(emulator.revokeAllTokens() >= 1);
    emulator.resetStats();
    const again = await runSf(home, ['org', 'display', '--target-org', demo.username]);
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.equal((again.json.result as Record<string, unknown>).connectedStatus, 'Connected');
    const requests = emulator.stats().requests;
    const unauthorized = requests.findIndex((r) => r.status === 401);
    const refresh = requests.findIndex((r) => r.route === 'token' && r.status === 200);
    assert.ok(unauthorized >= 0, 'the stale session got 401 INVALID_SESSION_ID');
    assert.ok(refresh > unauthorized, 'then a new POST to the token endpoint');
    assert.equal(tokenPosts().length, 1);
    assert.ok(postsBefore >= 1);
  });

  it('sf data query returns the configured records', async () => {
    const query = await runSf(home, [
      'data',
      'query',
      '--query',
      'SELECT Id, Name FROM Account LIMIT 5',
      '--target-org',
      demo.username,
    ]);
    assert.equal(query.code, 0, query.stdout + query.stderr);
    const result = query.json.result as { totalSize: number; records: { Name: string }[] };
    assert.equal(result.totalSize, 2);
    assert.deepEqual(
      result.records.map((r) => r.Name),
      ['Edge Communications', 'Burlington Textiles Corp of America'],
    );
  });

  it("a key that does not match the certificate fails with the server's invalid assertion", async () => {
    const wrongHome = isolatedHome();
    const wrongKey = join(wrongHome, 'wrong.key');
    writeFileSync(wrongKey, otherKey(), { mode: 0o600 });
    const login = await runSf(wrongHome, [
      'org',
      'login',
      'jwt',
      '--client-id',
      demo.consumerKey,
      '--jwt-key-file',
      wrongKey,
      '--username',
      demo.username,
      '--instance-url',
      emulator.url,
    ]);
    assert.equal(login.code, 1);
    assert.equal(login.json.name, 'JwtGrantError');
    // One line per attempt: the emulator's answer for the pairs sent to it, DNS failures for login/test.
    const lines = String(login.json.message).split('\n').slice(2);
    assert.ok(lines.includes('invalid assertion'), lines.join(' | '));
    assert.ok(
      lines.every((l) => l === 'invalid assertion' || l === 'fetch failed'),
      lines.join(' | '),
    );
  });
});
