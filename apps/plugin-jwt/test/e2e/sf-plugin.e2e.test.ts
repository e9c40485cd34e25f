/**
 * The plugin inside the real Salesforce CLI: `sf plugins link`, then `sf jwt …` commands, exactly as a user runs them.
 * Uses the `@salesforce/cli` devDependency on the project's Node 22, in an isolated HOME.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt } from '../support/build.js';
import { SfSandbox } from '../support/sf-cli.js';

interface Envelope<T> {
  status: number;
  result: T;
  name?: string;
  message?: string;
  exitCode?: number;
}

describe('sf jwt inside the real sf CLI', function () {
  this.timeout(120_000);
  const sandbox = new SfSandbox();
  const work = mkdtempSync(join(tmpdir(), 'sfjwt-e2e-'));

  before(async () => {
    ensureBuilt();
    await sandbox.linkPlugin();
  });
  after(() => {
    sandbox.dispose();
    rmSync(work, { recursive: true, force: true });
  });

  it('lists the jwt commands in sf help', async () => {
    const help = await sandbox.sf(['jwt', '--help']);
    assert.equal(help.code, 0, help.stderr);
    for (const command of ['keygen', 'inspect', 'keystore', 'assert', 'validate'])
      assert.match(help.stdout, new RegExp(`jwt ${command}`));
  });

  it('makes a key and certificate that openssl accepts, then inspects them', async () => {
    const keygen = await sandbox.sfJson<{ keyFile: string; certificateFile: string }>([
      'jwt',
      'keygen',
      '--output-dir',
      work,
      '--common-name',
      'e2e',
    ]);
    assert.equal(keygen.code, 0, keygen.stderr);
    const keyFile = join(work, 'server.key');
    const certFile = join(work, 'server.crt');
    assert.equal(statSync(keyFile).mode & 0o777, 0o600);
    execFileSync('openssl', ['verify', '-CAfile', certFile, certFile], { stdio: 'pipe' });

    const inspect = await sandbox.sfJson<unknown>([
      'jwt',
      'inspect',
      '--jwt-key-file',
      keyFile,
      '--cert-file',
      certFile,
    ]);
    assert.equal(inspect.code, 0, inspect.stderr);
  });

  it('fails with a coded error and exit 78 (never 10, never a stack) on a certificate given as key', async () => {
    const certFile = join(work, 'server.crt');
    const result = await sandbox.sfJson<Envelope<unknown>>(['jwt', 'inspect', '--jwt-key-file', certFile]);
    const envelope = result.json;
    assert.equal(result.code, 78);
    assert.equal(envelope.name, 'ERR_KEY_IS_CERTIFICATE');
    const human = await sandbox.sf(['jwt', 'inspect', '--jwt-key-file', certFile]);
    assert.equal(human.code, 78);
    assert.match(human.stderr, /ERR_KEY_IS_CERTIFICATE/);
    assert.doesNotMatch(human.stderr, /\n\s+at /, 'no stack trace');
  });

  it('signs an assertion that verifies against the certificate', async () => {
    const result = await sandbox.sf([
      'jwt',
      'assert',
      '--client-id',
      '3MVG9e2eClientId',
      '--username',
      'e2e@example.com',
      '--jwt-key-file',
      join(work, 'server.key'),
    ]);
    assert.equal(result.code, 0, result.stderr);
    const token = result.stdout.trim();
    assert.equal(token.split('.').length, 3);
    const validate = await sandbox.sf(
      [
        'jwt',
        'validate',
        '--assertion',
        '-',
        '--cert-file',
        join(work, 'server.crt'),
        '--client-id',
        '3MVG9e2eClientId',
        '--json',
      ],
      { input: token },
    );
    assert.equal(validate.code, 0, validate.stdout);
    const envelope = JSON.parse(validate.stdout) as Envelope<{
      ok: boolean;
      signature: { verified: boolean };
      findings: Array<{ severity: string }>;
    }>;
    assert.equal(envelope.result.ok, true);
    assert.equal(envelope.result.signature.verified, true);
    assert.deepEqual(
      envelope.result.findings.filter((f) => f.severity === 'error'),
      [],
    );
  });
});
