// The jsforce app as users get it: a fresh npm project ("type": "module") with the jwt-core and jsforce release
// tarballs and jsforce 3 from the registry, nothing from the workspace. The emulator is the workspace's, started by
// the test: it is the referee (its request log counts the token requests), not a package the app installs.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDemoConfig, startEmulator, type Emulator } from '@sfjwt/salesforce-emulator';
import { freshProject, projectLeaks, runInProject, type FreshProject } from '@sfjwt/test-support';

const fixture = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'revoked-session-app.mjs');
const demo = createDemoConfig({ appType: 'connected-app', username: 'jsforce-tarball@sfjwt-demo.example' });

describe('a jsforce app in a fresh npm project, from the release tarballs', function () {
  // The pack and the npm install (npm's cache makes the registry part quick); the app itself takes about a second.
  this.timeout(360_000);
  let emulator: Emulator;
  let project: FreshProject;

  before(async () => {
    project = await freshProject({
      type: 'module',
      tarballs: ['@sfjwt/jwt-core', '@sfjwt/jsforce'],
      registry: ['jsforce@3'],
    });
    emulator = await startEmulator(demo.config);
  });
  after(async () => {
    await emulator?.stop();
  });

  it('uses the installed tarballs and jsforce, nothing from the workspace', async () => {
    assert.deepEqual(await projectLeaks(project.dir, ['@sfjwt/jwt-core', '@sfjwt/jsforce', 'jsforce']), []);
  });

  it('queries; after the session is revoked the next query succeeds after exactly one new token request', async () => {
    project.write('app.mjs', readFileSync(fixture, 'utf8'));
    emulator.resetStats();
    const stdout = await runInProject(project, 'app.mjs', {
      SALESFORCE_INSTANCE_URL: emulator.url,
      SALESFORCE_CLIENT_ID: demo.consumerKey,
      SALESFORCE_USERNAME: demo.username,
      SALESFORCE_KEY_FILE: project.write('server.key', demo.privateKeyPem),
    });
    assert.deepEqual(JSON.parse(stdout), {
      before: [demo.username],
      revoke: 200,
      after: [demo.username],
      newSession: true,
    });
    // In order: the login, the query, the revocation, the query refused (401), one new login, the query again.
    assert.deepEqual(
      emulator.stats().requests.map((r) => `${r.route} ${r.status}`),
      ['token 200', 'query 200', 'revoke 200', 'query 401', 'token 200', 'query 200'],
    );
  });
});
