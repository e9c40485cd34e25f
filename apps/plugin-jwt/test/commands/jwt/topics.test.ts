// `sf jwt --help` lists the `jwt app` topic with a description of its own, covering both of its commands (without
// one, oclif borrows the summary of one command, `app create`, for the whole topic).
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Config } from '@oclif/core';
import { ensureBuilt } from '../../support/build.js';
import { pluginDir, run, runJs, sfEnv } from '../../support/sf-cli.js';

describe('topics', function () {
  this.timeout(120_000);
  before(() => ensureBuilt());

  it('jwt app has its own description, naming generate, create, list and rotate', async () => {
    const config = await Config.load(pluginDir);
    const app = config.topics.find((topic) => topic.name === 'jwt:app');
    assert.equal(
      app?.description,
      "The app for the JWT bearer flow: generate its metadata to deploy yourself, or create it in an org with its certificate, pre-authorization and a verified login; list every app's certificate expiry, and rotate a certificate without an outage.",
    );
    const children = config.commands.filter((c) => c.id.startsWith('jwt:app:')).map((c) => c.id);
    assert.deepEqual(children.sort(), ['jwt:app:create', 'jwt:app:generate', 'jwt:app:list', 'jwt:app:rotate']);
  });

  it('jwt --help shows it under TOPICS', async () => {
    const home = mkdtempSync(join(tmpdir(), 'jwt-topics-'));
    const help = await run(process.execPath, [runJs, 'jwt', '--help'], { env: sfEnv(home) }).finally(() =>
      rmSync(home, { recursive: true, force: true }),
    );
    assert.equal(help.code, 0, help.stderr);
    assert.match(
      help.stdout,
      /^TOPICS\n {2}jwt app {2}The app for the JWT bearer flow: generate its metadata to deploy\n/m,
    );
  });
});
