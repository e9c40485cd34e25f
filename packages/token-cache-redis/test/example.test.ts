// The README's "Use it" example, run as it is: several processes against the emulator and a real Redis share one token.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createDemoConfig, startEmulator, type Emulator } from '@sfjwt/salesforce-emulator';
import { freeLoopbackPort, tempDir, type RedisServer } from '@sfjwt/test-support';
import { redisServer } from './support.js';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const example = join(packageDir, 'examples', 'many-processes.mjs');
const PROCESSES = 4;
const run = promisify(execFile);

describe('the README example (many processes, one token)', () => {
  let server: RedisServer;
  let emulator: Emulator;
  const demo = createDemoConfig({ appType: 'connected-app', username: 'fleet@sfjwt-demo.example' });
  const temp = tempDir('sfjwt-fleet-example-');

  before(async () => {
    server = await redisServer();
    emulator = await startEmulator(demo.config);
  });
  after(async () => {
    await emulator?.stop();
    await server?.stop();
    temp.remove();
  });

  /** The example's environment: the emulator's app and user, a fresh sealing key, and this Redis URL. */
  const exampleEnv = (redisUrl: string): NodeJS.ProcessEnv => ({
    ...process.env,
    REDIS_URL: redisUrl,
    SALESFORCE_INSTANCE_URL: emulator.url,
    SALESFORCE_CLIENT_ID: demo.consumerKey,
    SALESFORCE_USERNAME: demo.username,
    SALESFORCE_KEY_FILE: temp.write('server.key', demo.privateKeyPem),
    TOKEN_CACHE_KEY: randomBytes(32).toString('base64'),
  });

  for (const readme of ['README.md', '../jwt-core/README.md']) {
    it(`is in ${readme} verbatim`, () => {
      const text = readFileSync(join(packageDir, readme), 'utf8');
      assert.ok(
        text.includes('```js\n' + readFileSync(example, 'utf8') + '```'),
        `${readme}: the example block ≠ the file`,
      );
    });
  }

  it(`${PROCESSES} processes started together make one token request`, async () => {
    emulator.resetStats();
    const env = exampleEnv(server.url);
    const outputs = await Promise.all(
      Array.from({ length: PROCESSES }, () => run(process.execPath, [example], { env, cwd: packageDir })),
    );
    for (const { stdout } of outputs) assert.equal(stdout, `200 ${demo.username}\n`);
    assert.equal(emulator.stats().requests.filter((r) => r.route === 'token').length, 1);
  });

  it('runs as written on the machine’s Node 20 too (the package promises 20.19+)', async function () {
    if (!existsSync('/usr/bin/node')) this.skip(); // the project's Node is the one every other test uses
    emulator.resetStats();
    const env = exampleEnv(server.url);
    const { stdout } = await run('/usr/bin/node', [example], { env, cwd: packageDir });
    assert.equal(stdout, `200 ${demo.username}\n`);
    assert.equal(emulator.stats().requests.filter((r) => r.route === 'token').length, 1);
  });

  it('Redis absent at start (nothing listens): each process mints its own token and exits 0', async () => {
    emulator.resetStats();
    const closedPort = await freeLoopbackPort(); // picked free, and nothing is started on it
    const env = exampleEnv(`redis://127.0.0.1:${closedPort}`);
    // The kill is a backstop for the old hang (connect() never resolving), not a measure: the assertions are on output.
    const outputs = await Promise.all(
      Array.from({ length: 2 }, () => run(process.execPath, [example], { env, cwd: packageDir, timeout: 60_000 })),
    );
    for (const { stdout } of outputs) assert.equal(stdout, `200 ${demo.username}\n`);
    assert.equal(emulator.stats().requests.filter((r) => r.route === 'token').length, 2);
  });
});
