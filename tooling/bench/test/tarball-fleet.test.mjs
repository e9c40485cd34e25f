// The fleet as users run it: 20 processes of an app in a fresh npm project that installed the jwt-core and
// token-cache-redis release tarballs (and redis from the registry), sharing one token on a real Redis Cluster
// (3 masters, 3 replicas) whose master for the token's slot is killed mid-run. The emulator is the workspace's: it is
// the referee that counts the token requests, not a package of the app.
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { join, sep } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createDemoConfig, startEmulator } from '@sfjwt/salesforce-emulator';
import { freshProject, projectLeaks, redisServerProblem } from '@sfjwt/test-support';
import { clusterFailover } from '../support/cluster-failover.mjs';

const SPECIFIERS = ['@sfjwt/jwt-core', '@sfjwt/token-cache-redis', 'redis'];
const demo = createDemoConfig({ appType: 'connected-app', username: 'tarball-fleet@sfjwt-demo.example' });

describe(
  'a 20-process fleet from the release tarballs on a Redis Cluster',
  { skip: redisServerProblem(), timeout: 300_000 },
  () => {
    let emulator;
    let project;

    before(async () => {
      project = await freshProject({
        type: 'module',
        tarballs: ['@sfjwt/jwt-core', '@sfjwt/token-cache-redis'],
        registry: ['redis@^6.4.0'],
      });
      emulator = await startEmulator(demo.config);
    });
    after(async () => {
      await emulator?.stop();
    });

    it('the project resolves its packages inside itself', async () => {
      assert.deepEqual(await projectLeaks(project.dir, SPECIFIERS), []);
    });

    it("the master of the token's slot killed mid-run: 0 failed getToken(), at most 2 token requests", async () => {
      const failover = await clusterFailover({
        emulator,
        login: {
          clientId: demo.consumerKey,
          username: demo.username,
          privateKeyPems: [demo.privateKeyPem],
          instanceUrl: emulator.url,
        },
        encryptionKey: randomBytes(32).toString('base64'),
        size: 20,
        concurrent: 10,
        project,
        specifiers: SPECIFIERS,
      });
      // Every worker imported the installed packages: nothing from the workspace.
      const inside = `${realpathSync(project.dir)}${sep}node_modules${sep}`;
      const outside = failover.resolved.flat().filter((url) => !realpathSync(fileURLToPath(url)).startsWith(inside));
      assert.equal(failover.resolved.length, 20);
      assert.deepEqual(outside, []);
      assert.equal(failover.moved, true, 'a replica took over the slot');
      assert.equal(failover.failed, 0, `${failover.failed} of ${failover.calls} getToken() failed`);
      assert.ok(failover.requests >= 1 && failover.requests <= 2, `${failover.requests} token requests`);
      assert.ok(failover.calls >= 20 * 10 * 5, `${failover.calls} calls`);
    });
  },
);
