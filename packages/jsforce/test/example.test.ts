// The README's example, run as it is (Node 22 and the machine's Node 20), and the package loaded by import and require().
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createDemoConfig, startEmulator, type Emulator } from '@sfjwt/salesforce-emulator';
import { moduleFormatProblems, tempDir } from '@sfjwt/test-support';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const example = join(packageDir, 'examples', 'query.mjs');
const run = promisify(execFile);

describe('the README example (a jsforce query)', () => {
  let emulator: Emulator;
  const demo = createDemoConfig({ appType: 'connected-app', username: 'jsforce-example@sfjwt-demo.example' });
  const temp = tempDir('sfjwt-jsforce-example-');

  before(async () => {
    emulator = await startEmulator(demo.config);
  });
  after(async () => {
    await emulator?.stop();
    temp.remove();
  });

  it('is in README.md verbatim', () => {
    const text = readFileSync(join(packageDir, 'README.md'), 'utf8');
    assert.ok(
      text.includes('```js\n' + readFileSync(example, 'utf8') + '```'),
      'README.md: the example block ≠ the file',
    );
  });

  // On the project's Node only: jsforce 3.10.22 and later need Node 22 (their undici 8 does not load on Node 20).
  it('runs as written: one login, the user printed', async () => {
    emulator.resetStats();
    const env = {
      ...process.env,
      SALESFORCE_INSTANCE_URL: emulator.url,
      SALESFORCE_CLIENT_ID: demo.consumerKey,
      SALESFORCE_USERNAME: demo.username,
      SALESFORCE_KEY_FILE: temp.write('server.key', demo.privateKeyPem),
    };
    const { stdout } = await run(process.execPath, [example], { env, cwd: packageDir });
    assert.equal(stdout, `${demo.username}\n`);
    assert.equal(emulator.stats().requests.filter((r) => r.route === 'token').length, 1);
  });

  it('loads by import and by require() on every Node it promises', async () => {
    assert.deepEqual(await moduleFormatProblems(packageDir, '@sfjwt/jsforce', 'jsforceConnectionConfig'), []);
  });
});
