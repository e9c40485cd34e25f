/**
 * A CI login inside the real sf CLI against the emulator, with the key mangled the three ways secret stores mangle
 * it (literal \n, newlines stripped, base64-wrapped PEM), from SFJWT_KEY and from a file:
 * - the no-refresh warning's command is run as printed (sh -c, in the same folder and environment) and leaves sf a
 *   plain PEM key (0600, openssl reads it) from which sf refreshes a revoked session;
 * - the session is handed on (GitHub step outputs, job env, a 0600 dotenv file), the access token only when asked and
 *   masked (::add-mask::) first, and `sf org auth show-access-token` reads it without a second login.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt } from '../support/build.js';
import { startDemo, type DemoEmulator } from '../support/emulator.js';
import { run, sfBin, SfSandbox } from '../support/sf-cli.js';

interface LoginEnvelope {
  status: number;
  result: {
    accessToken: string;
    refresh: { enabled: boolean; reason?: string; command?: string; privateKey?: string };
    handedOffTo?: string[];
  };
  warnings: string[];
}

/** The three manglings of a PEM that secret stores make. */
const manglings: ReadonlyArray<readonly [string, (pem: string) => string]> = [
  ['literal \\n', (pem) => pem.trim().replace(/\n/g, '\\n')],
  ['newlines stripped', (pem) => pem.trim().replace(/\n/g, ' ')],
  ['base64-wrapped', (pem) => Buffer.from(pem).toString('base64')],
];

describe('CI: the no-refresh advice runs as printed, and the session is handed on (real sf, emulator)', function () {
  this.timeout(600_000);
  const sandbox = new SfSandbox();
  const work = mkdtempSync(join(tmpdir(), 'sfjwt-ci-handoff-'));
  const bin = join(work, 'bin');
  let demo: DemoEmulator;
  // The printed command starts with `sf`: the sandbox's sf is first on PATH, as on a runner.
  const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    PATH: `${bin}:${process.env.PATH ?? ''}`,
    ...extra,
  });
  const tokenPosts = (): number => demo.emulator.stats().requests.filter((r) => r.route === 'token').length;

  before(async () => {
    ensureBuilt();
    mkdirSync(bin);
    symlinkSync(sfBin, join(bin, 'sf'));
    demo = await startDemo();
    await sandbox.linkPlugin();
  });
  after(async () => {
    sandbox.dispose();
    rmSync(work, { recursive: true, force: true });
    await demo.stop();
  });

  /** Logs in with `flags` and runs the warning's command as printed; checks the key it left and sf's refresh. */
  async function adviceWorks(folder: string, flags: string[], extraEnv: NodeJS.ProcessEnv, reason: string) {
    const login = await sandbox.sfJson<LoginEnvelope>(['jwt', 'login', ...flags], { env: env(extraEnv), cwd: folder });
    assert.equal(login.code, 0, login.stderr);
    const { refresh } = login.json.result;
    assert.equal(refresh.enabled, false);
    assert.equal(refresh.reason, reason);
    const command = refresh.command ?? assert.fail('no command in the result');
    assert.ok(
      login.json.warnings.some((w) => w.endsWith(`\n\n  ${command}`)),
      'the warning ends with the command',
    );
    assert.ok(!login.json.warnings.join('\n').includes('openssl'));

    const ran = await run('sh', ['-c', command], { env: sandbox.env(env(extraEnv)), cwd: folder });
    assert.equal(ran.code, 0, `${command}\n${ran.stdout}\n${ran.stderr}`);
    const auth = JSON.parse(readFileSync(join(sandbox.home, '.sfdx', `${demo.username}.json`), 'utf8')) as {
      privateKey?: string;
    };
    const keyFile = auth.privateKey ?? assert.fail('no key path stored after the advice');
    assert.equal(statSync(keyFile).mode & 0o777, 0o600);
    // openssl reads it as it is (what sf's refresh needs: plain PEM) and it is the demo's key.
    const modulus = (file: string): string =>
      execFileSync('openssl', ['rsa', '-in', file, '-noout', '-modulus'], { encoding: 'utf8' });
    assert.equal(modulus(keyFile), modulus(demo.keyPath));

    // sf refreshes from it: every session revoked, a query still works through a new token.
    demo.emulator.revokeAllTokens();
    const before = tokenPosts();
    const query = await sandbox.sfJson<{ result: { totalSize: number } }>(
      ['data', 'query', '--query', 'SELECT Id FROM Account', '--target-org', demo.username],
      { cwd: folder },
    );
    assert.equal(query.code, 0, query.stderr);
    assert.equal(query.json.result.totalSize, 2);
    assert.ok(tokenPosts() > before, 'sf re-signed from the written key');
    rmSync(keyFile);
  }

  for (const [name, mangle] of manglings) {
    it(`SFJWT_KEY ${name}: the printed login with --write-key-file leaves sf a key to refresh from`, async () => {
      const folder = mkdtempSync(join(work, 'env-'));
      const flags = demo.flags().filter((_, i, all) => all[i] !== '--jwt-key-file' && all[i - 1] !== '--jwt-key-file');
      await adviceWorks(folder, flags, { SFJWT_KEY: mangle(demo.privateKeyPem) }, 'key-from-env');
    });

    it(`a key file ${name}: the printed login writes a plain copy next to it`, async () => {
      const folder = mkdtempSync(join(work, 'file-'));
      const mangled = join(folder, 'ci key.pem');
      writeFileSync(mangled, mangle(demo.privateKeyPem), { mode: 0o600 });
      const flags = demo.flags().map((flag, i, all) => (all[i - 1] === '--jwt-key-file' ? mangled : flag));
      await adviceWorks(folder, flags, {}, 'key-file-needs-repair');
    });
  }

  it('--write-key-file never replaces a file without --force', async () => {
    const folder = mkdtempSync(join(work, 'exists-'));
    writeFileSync(join(folder, 'mine.key'), 'not yours');
    const flags = [...demo.flags(), '--write-key-file', 'mine.key'];
    const refused = await sandbox.sfJson<{ code: string; exitCode: number }>(['jwt', 'login', ...flags], {
      cwd: folder,
    });
    assert.equal(refused.code, 78);
    assert.equal(refused.json.code, 'ERR_FILE_EXISTS');
    assert.equal(refused.json.exitCode, 78);
    assert.equal(readFileSync(join(folder, 'mine.key'), 'utf8'), 'not yours');
  });

  it('hands the session on in GitHub Actions: outputs, env, dotenv 0600, the token masked first and only when asked', async () => {
    const folder = mkdtempSync(join(work, 'gha-'));
    const githubOutput = join(folder, 'output');
    const githubEnv = join(folder, 'env');
    writeFileSync(githubOutput, 'earlier=kept\n');
    writeFileSync(githubEnv, '');
    const gha = { GITHUB_ACTIONS: 'true', GITHUB_OUTPUT: githubOutput, GITHUB_ENV: githubEnv };
    const base = [...demo.flags(), '--alias', 'ci', '--github-output', '--github-env', '--dotenv-file', 'sfjwt.env'];

    const withToken = await sandbox.sf(['jwt', 'login', ...base, '--with-access-token'], { env: gha, cwd: folder });
    assert.equal(withToken.code, 0, withToken.stderr);
    const token = /^access-token=(.+)$/m.exec(readFileSync(githubOutput, 'utf8'))?.[1] ?? assert.fail('no token');
    assert.match(token, /^00D[A-Za-z0-9]{12,15}!/);
    // The mask, on a line of its own; the token appears nowhere else in the output.
    assert.ok(withToken.stderr.split('\n').includes(`::add-mask::${token}`), withToken.stderr);
    assert.equal(withToken.stderr.split(token).length, 2);
    assert.ok(!withToken.stdout.includes(token));
    const outputs = readFileSync(githubOutput, 'utf8');
    assert.equal(
      outputs,
      `earlier=kept\ninstance-url=${demo.emulator.url}\nusername=${demo.username}\norg-id=${demo.orgId}\nalias=ci\naccess-token=${token}\n`,
    );
    assert.equal(
      readFileSync(githubEnv, 'utf8'),
      `SFJWT_INSTANCE_URL=${demo.emulator.url}\nSFJWT_USERNAME=${demo.username}\nSFJWT_ORG_ID=${demo.orgId}\nSFJWT_ALIAS=ci\nSFJWT_ACCESS_TOKEN=${token}\n`,
    );
    const dotenv = join(folder, 'sfjwt.env');
    assert.equal(statSync(dotenv).mode & 0o777, 0o600);
    // The dotenv file loads in a POSIX shell as it is.
    const loaded = execFileSync('sh', ['-c', 'set -a; . ./sfjwt.env; printf %s "$SFJWT_ACCESS_TOKEN"'], {
      cwd: folder,
      encoding: 'utf8',
    });
    assert.equal(loaded, token);
    assert.ok(!readFileSync(dotenv, 'utf8').includes('PRIVATE KEY'));

    // The next step reads the stored session without a second login.
    const before = tokenPosts();
    const shown = await sandbox.sfJson<{ result: { accessToken: string } }>(
      ['org', 'auth', 'show-access-token', '--target-org', 'ci'],
      { cwd: folder },
    );
    assert.equal(shown.code, 0, shown.stderr);
    assert.equal(shown.json.result.accessToken, token);
    assert.equal(tokenPosts(), before, 'no second login');

    // Without --with-access-token: no token anywhere; the dotenv file is not replaced without --force.
    writeFileSync(githubOutput, '');
    const again = await sandbox.sf(['jwt', 'login', ...base, '--force'], { env: gha, cwd: folder });
    assert.equal(again.code, 0, again.stderr);
    assert.ok(!/access-token|ACCESS_TOKEN/.test(readFileSync(githubOutput, 'utf8')));
    assert.ok(!readFileSync(dotenv, 'utf8').includes('ACCESS_TOKEN'));
    chmodSync(dotenv, 0o600);
    const kept = await sandbox.sf(['jwt', 'login', ...base], { env: gha, cwd: folder });
    assert.equal(kept.code, 78, kept.stderr);
    assert.match(kept.stderr, /ERR_FILE_EXISTS/);
  });

  it('outside GitHub Actions nothing is masked; --github-output without $GITHUB_OUTPUT is a usage error (64)', async () => {
    const folder = mkdtempSync(join(work, 'plain-'));
    const token = await sandbox.sf(['jwt', 'token', ...demo.flags()], { cwd: folder });
    assert.equal(token.code, 0, token.stderr);
    assert.ok(!token.stderr.includes('::add-mask::'));
    const masked = await sandbox.sf(['jwt', 'token', ...demo.flags()], {
      env: { GITHUB_ACTIONS: 'true' },
      cwd: folder,
    });
    assert.equal(masked.code, 0, masked.stderr);
    assert.ok(masked.stderr.split('\n').includes(`::add-mask::${masked.stdout.trim()}`), masked.stderr);
    const unset = await sandbox.sfJson<{ code: string; exitCode: number }>(
      ['jwt', 'login', ...demo.flags(), '--github-output'],
      { env: { GITHUB_OUTPUT: '' }, cwd: folder },
    );
    assert.equal(unset.code, 64);
    assert.equal(unset.json.code, 'ERR_HANDOFF_FILE_UNSET');
  });
});
