// The README's token-client example, extracted from README.md and run as written (plain JavaScript in a ```ts block)
// against the emulator, with the built package: it prints the answer and exits 0, and every jwt-core error (and a
// missing key file) ends in one line with the code and exit 1, never a stack trace.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDemoConfig, startEmulator, type Emulator } from '@sfjwt/salesforce-emulator';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));

describe('README.md token-client example, run against the emulator', function () {
  this.timeout(60_000);
  let emulator: Emulator;
  let demo: ReturnType<typeof createDemoConfig>;
  let dir: string;

  before(async function () {
    if (!existsSync(join(packageDir, 'dist', 'index.js')))
      throw new Error('jwt-core is not built: run its build first (npm test does).');
    const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
    const example = [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)]
      .map((m) => ({ code: m[1] ?? '' }))
      .find((b) => b.code.includes('SALESFORCE_CLIENT_ID'));
    assert.ok(example, 'README.md has no token-client example reading SALESFORCE_CLIENT_ID');
    demo = createDemoConfig({ appType: 'connected-app' });
    emulator = await startEmulator(demo.config);
    dir = mkdtempSync(join(tmpdir(), 'jwt-core-readme-'));
    mkdirSync(join(dir, 'node_modules', '@sfjwt'), { recursive: true });
    symlinkSync(packageDir, join(dir, 'node_modules', '@sfjwt', 'jwt-core'), 'dir');
    // As written: the block has no type annotations, so it runs as a JavaScript module.
    writeFileSync(join(dir, 'example.mjs'), example.code);
  });
  after(async () => {
    await emulator?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  // Asynchronous: the emulator answers from this process's event loop.
  const run = async (key: string | undefined, env: Record<string, string>) => {
    if (key === undefined) rmSync(join(dir, 'server.key'), { force: true });
    else writeFileSync(join(dir, 'server.key'), key);
    return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const env2 = {
        PATH: process.env['PATH'] ?? '',
        SALESFORCE_CLIENT_ID: demo.consumerKey,
        SALESFORCE_USERNAME: demo.username,
        SALESFORCE_INSTANCE_URL: emulator.url,
        ...env,
      };
      const child = execFile(
        process.execPath,
        ['example.mjs'],
        { cwd: dir, encoding: 'utf8', env: env2 },
        (_e, stdout, stderr) => resolve({ status: child.exitCode, stdout, stderr }),
      );
    });
  };

  it('gets a token and calls the REST API: exit 0', async () => {
    const { status, stdout, stderr } = await run(demo.privateKeyPem, {});
    assert.equal(status, 0, stderr);
    assert.match(stdout, /^Salesforce answered 200$/m);
    assert.match(stdout, /^token attempt http:\/\/127\.0\.0\.1:\d+ 200$/m);
  });

  const failures: readonly (readonly [string, () => string | undefined, Record<string, string>, RegExp])[] = [
    [
      'a rejected grant',
      () => demo.privateKeyPem,
      { SALESFORCE_USERNAME: 'nobody@example.com' },
      /^ERR_TOKEN_GRANT_REJECTED: /,
    ],
    ['a certificate given as the key (KeyError)', () => demo.certificatePem, {}, /^ERR_KEY_IS_CERTIFICATE: /],
    [
      'an unreachable org (TransportError)',
      () => demo.privateKeyPem,
      { SALESFORCE_INSTANCE_URL: 'http://127.0.0.1:1' },
      /^ERR_NETWORK: /,
    ],
    [
      'a bad instance URL (UrlError)',
      () => demo.privateKeyPem,
      { SALESFORCE_INSTANCE_URL: 'http://acme.example' },
      /^ERR_URL_NOT_HTTPS: /,
    ],
    [
      'a bad consumer key (ClaimError)',
      () => demo.privateKeyPem,
      { SALESFORCE_CLIENT_ID: '' },
      /^ERR_CLAIM_CLIENT_ID: /,
    ],
    ['a missing key file', () => undefined, {}, /^ENOENT: no such file or directory/],
  ];
  for (const [name, key, env, expected] of failures) {
    it(`${name}: one clear message, exit 1, no stack`, async () => {
      const { status, stderr } = await run(key(), env);
      assert.equal(status, 1, stderr);
      assert.match(stderr, expected);
      assert.doesNotMatch(stderr, /^\s+at /m);
    });
  }
});
