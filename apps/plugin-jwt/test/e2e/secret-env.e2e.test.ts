/**
 * The real sf CLI logs every SF_* / SFDX_* environment variable at debug level. Our secrets are named SFJWT_* so that
 * a debug run (SF_LOG_LEVEL=debug, --dev-debug, log file on) leaves them nowhere: not in ~/.sf/sf-*.log, not on
 * stdout or stderr. The old SF_JWT_* names still work, with a warning — and this test shows why they had to go: sf
 * writes their values into its log.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt } from '../support/build.js';
import { type RunResult, SfSandbox } from '../support/sf-cli.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures');
const PASSPHRASE = 'canary-passphrase-3b7e1c';
const KEYSTORE_PASSWORD = 'canary-keystore-password-9d2f40';

/** A few lines of a PEM body: any of them in a log means the key leaked. */
function pemCanaries(pem: string): string[] {
  const body = pem.split('\n').filter((line) => line !== '' && !line.startsWith('-----'));
  return [body[0]!, body[Math.floor(body.length / 2)]!, body[body.length - 2]!];
}

describe("secrets in the environment never reach the real sf CLI's debug log or output", function () {
  this.timeout(180_000);
  const sandbox = new SfSandbox();
  const work = mkdtempSync(join(tmpdir(), 'sfjwt-secret-env-'));
  const plainPem = readFileSync(join(fixtures, 'server.key'), 'utf8');
  const certFile = join(fixtures, 'server.crt');
  let encryptedPem = '';
  let assertion = '';

  /**
   * Two debug runs of one command: SF_LOG_LEVEL=debug with the log file on (sf writes ~/.sf/sf-*.log), then
   * --dev-debug (sf prints its debug log to the terminal instead of the file). Both outputs are returned.
   */
  async function debugRuns(args: string[], env: NodeJS.ProcessEnv): Promise<RunResult[]> {
    const debug = { SF_DISABLE_LOG_FILE: 'false', SF_LOG_LEVEL: 'debug', ...env };
    const logged = await sandbox.sf(args, { env: debug, cwd: work });
    const devDebug = await sandbox.sf([...args, '--dev-debug'], { env: debug, cwd: work });
    return [logged, devDebug];
  }

  /** Everything sf wrote to its log files in the sandbox HOME. */
  function sfLogs(): string {
    const dir = join(sandbox.home, '.sf');
    const files = readdirSync(dir).filter((name) => /^sf-.*\.log$/.test(name));
    assert.ok(files.length > 0, 'sf wrote a log file (otherwise this test proves nothing)');
    return files.map((name) => readFileSync(join(dir, name), 'utf8')).join('\n');
  }

  before(async () => {
    ensureBuilt();
    await sandbox.linkPlugin();
    encryptedPem = execFileSync(
      'openssl',
      ['pkey', '-in', join(fixtures, 'server.key'), '-aes256', '-passout', `pass:${PASSPHRASE}`],
      {
        encoding: 'utf8',
      },
    );
    // --jti puts a random nonce in the claims: RS256 signatures are deterministic and the claims have one-second
    // resolution, so without it the assertions the test signs below (same key, same claims) are byte-identical to
    // this canary whenever both land in the same second, and the canary "leaks" onto stdout by construction.
    const signed = await sandbox.sf([
      'jwt',
      'assert',
      '-i',
      '3MVG9canaryClient',
      '--username',
      'canary@example.com',
      '--jti',
      '--jwt-key-file',
      join(fixtures, 'server.key'),
    ]);
    assert.equal(signed.code, 0, signed.stderr);
    assertion = signed.stdout.trim();
  });
  after(() => {
    sandbox.dispose();
    rmSync(work, { recursive: true, force: true });
  });

  it('SFJWT_KEY, SFJWT_KEY_PASSPHRASE, SFJWT_KEYSTORE_PASSWORD and SFJWT_ASSERTION stay out of the log and the output', async () => {
    const outputs: RunResult[] = [];
    const signed = await debugRuns(['jwt', 'assert', '-i', '3MVG9canaryClient', '--username', 'canary@example.com'], {
      SFJWT_KEY: encryptedPem,
      SFJWT_KEY_PASSPHRASE: PASSPHRASE,
    });
    for (const run of signed) {
      assert.equal(run.code, 0, run.stderr);
      assert.match(
        run.stdout,
        /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/m,
        'the assertion was signed with the encrypted key from SFJWT_KEY',
      );
    }
    outputs.push(...signed);

    const keystore = await debugRuns(
      ['jwt', 'keystore', '--cert-file', certFile, '--output-file', join(work, 'ci.p12'), '--force'],
      {
        SFJWT_KEY: plainPem,
        SFJWT_KEYSTORE_PASSWORD: KEYSTORE_PASSWORD,
      },
    );
    for (const run of keystore) assert.equal(run.code, 0, run.stderr);
    outputs.push(...keystore);

    const validated = await debugRuns(
      ['jwt', 'validate', '--cert-file', certFile, '--client-id', '3MVG9canaryClient'],
      { SFJWT_ASSERTION: assertion },
    );
    for (const run of validated) assert.equal(run.code, 0, run.stdout + run.stderr);
    outputs.push(...validated);

    const secrets = [
      PASSPHRASE,
      KEYSTORE_PASSWORD,
      assertion.split('.')[2]!,
      ...pemCanaries(plainPem),
      ...pemCanaries(encryptedPem),
    ];
    const logs = sfLogs();
    assert.match(logs, /"level":20/, 'the log file has debug entries');
    assert.match(outputs[1]!.stdout + outputs[1]!.stderr, /DEBUG/, '--dev-debug printed the debug log');
    for (const secret of secrets) {
      assert.ok(!logs.includes(secret), `a secret is in sf's log file: ${secret.slice(0, 12)}…`);
      for (const out of outputs) {
        assert.ok(!out.stdout.includes(secret), `a secret is on stdout: ${secret.slice(0, 12)}…`);
        assert.ok(!out.stderr.includes(secret), `a secret is on stderr: ${secret.slice(0, 12)}…`);
      }
    }
  });

  it('the old SF_JWT_* names still work, warn why to rename — and sf does log them', async () => {
    for (const name of readdirSync(join(sandbox.home, '.sf')).filter((n) => /^sf-.*\.log$/.test(n)))
      rmSync(join(sandbox.home, '.sf', name));
    const runs = await debugRuns(
      ['jwt', 'keystore', '--cert-file', certFile, '--output-file', join(work, 'old.p12'), '--force'],
      {
        SF_JWT_KEY: plainPem,
        SF_JWT_KEYSTORE_PASSWORD: KEYSTORE_PASSWORD,
      },
    );
    for (const run of runs) {
      assert.equal(run.code, 0, run.stderr);
      assert.match(
        run.stderr,
        /SF_JWT_KEY is deprecated: rename it to SFJWT_KEY\. The sf CLI writes every SF_\* variable to its debug log/,
      );
      assert.match(run.stderr, /SF_JWT_KEYSTORE_PASSWORD is deprecated: rename it to SFJWT_KEYSTORE_PASSWORD\./);
    }
    // The reason for the rename, observed: sf itself writes the old variable's value out.
    const everything = sfLogs() + runs.map((r) => r.stdout + r.stderr).join('');
    assert.ok(everything.includes(KEYSTORE_PASSWORD), 'sf logs SF_* variables (if it stops, the warning can go)');
  });

  it('the new name wins over the old one, which is reported as ignored', async () => {
    const both = await sandbox.sf(
      ['jwt', 'keystore', '--cert-file', certFile, '--output-file', join(work, 'both.p12'), '--json'],
      {
        env: { SFJWT_KEY: plainPem, SF_JWT_KEY: 'not a key at all', SFJWT_KEYSTORE_PASSWORD: KEYSTORE_PASSWORD },
        cwd: work,
      },
    );
    assert.equal(both.code, 0, both.stdout);
    const envelope = JSON.parse(both.stdout) as { warnings: string[] };
    assert.equal(envelope.warnings.length, 1);
    assert.match(envelope.warnings[0]!, /^SF_JWT_KEY is ignored because SFJWT_KEY is set\. Remove SF_JWT_KEY:/);
  });
});
