// The jsforce app as users get it: a fresh npm project ("type": "module") with the jwt-core and jsforce release
// tarballs and jsforce 3 from the registry, nothing from the workspace; on the project's Node 22, and on the machine's
// Node 20 with the jsforce the README names for it. The emulator is the workspace's, started by the test: it is the
// referee (its request log counts the token requests), not a package the app installs.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDemoConfig, startEmulator, type Emulator } from '@sfjwt/salesforce-emulator';
import { freshProject, projectLeaks, runInProject, type FreshProject } from '@sfjwt/test-support';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const fixture = (name: string): string => readFileSync(join(packageDir, 'test', 'fixtures', name), 'utf8');
const demo = createDemoConfig({ appType: 'connected-app', username: 'jsforce-tarball@sfjwt-demo.example' });
const NODE_20 = '/usr/bin/node';
/** The jsforce the README's Node 20 install line names (`… jsforce@3.10.16`). */
const node20Jsforce = /^npm install \S+ \S+ (jsforce@\d+\.\d+\.\d+)$/m.exec(
  readFileSync(join(packageDir, 'README.md'), 'utf8'),
)?.[1];

describe('a jsforce app in a fresh npm project, from the release tarballs', function () {
  // The pack and the npm installs (npm's cache makes the registry part quick); the app itself takes about a second.
  this.timeout(360_000);
  let emulator: Emulator;

  before(async () => {
    emulator = await startEmulator(demo.config);
  });
  after(async () => {
    await emulator?.stop();
  });

  /** Runs the app in `project`; checks what it printed and the emulator's requests, in order. */
  async function revokedSessionRun(project: FreshProject): Promise<void> {
    project.write('salesforce.mjs', fixture('salesforce.mjs'));
    project.write('app.mjs', fixture('revoked-session-app.mjs'));
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
  }

  it('Node 22, jsforce@3: a query; after the session is revoked the next query succeeds after exactly one new token request', async () => {
    const project = await freshProject({
      type: 'module',
      tarballs: ['@sfjwt/jwt-core', '@sfjwt/jsforce'],
      registry: ['jsforce@3'],
    });
    assert.deepEqual(await projectLeaks(project.dir, ['@sfjwt/jwt-core', '@sfjwt/jsforce', 'jsforce']), []);
    await revokedSessionRun(project);
  });

  it('Node 20 (the machine’s), with the jsforce the README names for it: the same', async function () {
    if (!existsSync(NODE_20)) this.skip();
    assert.equal(node20Jsforce, 'jsforce@3.10.16', 'README.md: the Node 20 install line');
    // npm runs on Node 20 too, as on a Node 20 machine.
    const project = await freshProject({
      type: 'module',
      tarballs: ['@sfjwt/jwt-core', '@sfjwt/jsforce'],
      registry: [node20Jsforce],
      node: NODE_20,
    });
    assert.deepEqual(await projectLeaks(project.dir, ['@sfjwt/jwt-core', '@sfjwt/jsforce', 'jsforce'], NODE_20), []);
    await revokedSessionRun(project);
  });
});
