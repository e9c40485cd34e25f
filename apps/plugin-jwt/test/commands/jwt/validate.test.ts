import { strict as assert } from 'node:assert';
import { createPrivateKey, createSign } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JwtAssert, { type JwtAssertResult } from '../../../src/commands/jwt/assert.js';
import JwtValidate, { type JwtValidateResult } from '../../../src/commands/jwt/validate.js';
import { runInProcess } from './harness.js';
import { openssl, readText } from '@sfjwt/test-support';
import { exitCodeOf } from '../../../src/errors/exit-codes.js';

const CLIENT_ID = '3MVG9A2kN3Bn17hu.Zr0j_QxYz';
const NO_ENV = { SFJWT_KEY: undefined, SFJWT_KEY_PASSPHRASE: undefined, SFJWT_ASSERTION: undefined };

/** An RS256 token with any claims, signed with the key at `keyPath` (for mistakes `jwt assert` refuses to make). */
function signed(
  keyPath: string,
  claims: Record<string, unknown>,
  header: Record<string, unknown> = { alg: 'RS256', typ: 'JWT' },
): string {
  const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${input}.${createSign('sha256')
    .update(input)
    .sign(createPrivateKey(readText(keyPath)))
    .toString('base64url')}`;
}

describe('jwt validate', () => {
  let dir: string;
  let keyPath: string;
  let certPath: string;
  let otherCertPath: string;
  let fingerprint: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'plugin-jwt-validate-'));
    keyPath = join(dir, 'server.key');
    certPath = join(dir, 'server.crt');
    otherCertPath = join(dir, 'other.crt');
    openssl([
      'req',
      '-x509',
      '-nodes',
      '-newkey',
      'rsa:2048',
      '-days',
      '365',
      '-subj',
      '/CN=app',
      '-keyout',
      keyPath,
      '-out',
      certPath,
    ]);
    openssl([
      'req',
      '-x509',
      '-nodes',
      '-newkey',
      'rsa:2048',
      '-days',
      '365',
      '-subj',
      '/CN=other',
      '-keyout',
      join(dir, 'other.key'),
      '-out',
      otherCertPath,
    ]);
    fingerprint = openssl(['x509', '-in', certPath, '-noout', '-fingerprint', '-sha256'])
      .trim()
      .replace(/^sha256 Fingerprint=/, '');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function freshToken(): Promise<string> {
    const out = await runInProcess<JwtAssertResult>(
      JwtAssert,
      ['-i', CLIENT_ID, '--username', 'ci@acme.com', '-f', keyPath],
      NO_ENV,
    );
    return out.stdout.trim();
  }

  it('passes a fresh assertion from `jwt assert`: exit 0, the findings, a summary', async () => {
    const token = await freshToken();
    const out = await runInProcess<JwtValidateResult>(
      JwtValidate,
      ['--assertion', token, '--cert-file', certPath, '-i', CLIENT_ID, '--username', 'ci@acme.com'],
      NO_ENV,
    );
    assert.equal(out.exitCode, 0, out.stderr);
    assert.equal(out.result!.ok, true);
    assert.deepEqual(
      out.result!.findings.map((f) => f.code),
      ['SIGNATURE_VERIFIED'],
    );
    assert.deepEqual(out.result!.signature.matchedCandidate, { label: certPath, fingerprint });
    assert.match(
      out.stdout,
      /iss "3MVG9A2kN3Bn17hu\.Zr0j_QxYz" {2}sub "ci@acme\.com" {2}aud "https:\/\/login\.salesforce\.com" {2}exp \d+/,
    );
    assert.match(out.stdout, /\ninfo {2}SIGNATURE_VERIFIED {2}\S.*\n {26}Fix: \S/);
    assert.match(out.stdout, /No errors: Salesforce should accept this assertion \(0 warning\(s\)\)\./);
    assert.ok(!out.stdout.includes(token), 'the assertion is never echoed');
    assert.equal(out.stderr, '');
  });

  it('exits 78 (ERR_ASSERTION_INVALID) with the findings and a clean message when Salesforce would reject it', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = signed(
      keyPath,
      { iss: CLIENT_ID, sub: 'ci@acme.com', aud: 'login.salesforce.com', exp: now - 3600, iat: now - 3780 },
      { alg: 'RS256' },
    );
    const out = await runInProcess<JwtValidateResult>(JwtValidate, ['--assertion', token, '--json'], NO_ENV);
    assert.equal(out.exitCode, 78);
    const json = JSON.parse(out.stdout) as { status: number; result: JwtValidateResult };
    assert.equal(json.status, 78);
    assert.equal(json.result.ok, false);
    assert.deepEqual(
      json.result.findings.map((f) => [f.severity, f.code]),
      [
        ['error', 'AUD_NO_SCHEME'],
        ['error', 'EXP_PAST'],
        ['warning', 'TYP_MISSING'],
        ['info', 'SIGNATURE_NOT_CHECKED'],
      ],
    );
    assert.equal(json.result.findings[0]!.fix, 'Use https://login.salesforce.com.');

    const human = await runInProcess<JwtValidateResult>(JwtValidate, ['--assertion', token], NO_ENV);
    assert.equal(human.exitCode, 78);
    assert.ok(
      human.stderr.startsWith(
        'Error (ERR_ASSERTION_INVALID): Salesforce will reject this assertion: 2 error(s) (AUD_NO_SCHEME, EXP_PAST).\n',
      ),
      human.stderr,
    );
    // The findings as aligned lines (severity, code, message), each fix under its message: no table.
    const lines = human.stdout.split('\n');
    assert.deepEqual(lines.slice(1, 3), [
      'error    AUD_NO_SCHEME          aud login.salesforce.com has no scheme; Salesforce answers "audience is invalid".',
      '                                Fix: Use https://login.salesforce.com.',
    ]);
    const findings = human.result?.findings ?? [];
    assert.deepEqual(lines.slice(1), [
      ...findings.flatMap((f) => [
        `${f.severity.padEnd(7)}  ${f.code.padEnd(21)}  ${f.message}`,
        `${' '.repeat(32)}Fix: ${f.fix}`,
      ]),
      '',
    ]);
    assert.match(lines[3] ?? '', /^error {4}EXP_PAST {15}exp \d+ .*"expired authorization code"\.$/);
    assert.doesNotMatch(human.stdout, /[│┌─]/);
  });

  it('names the key that did sign when several certificates are given', async () => {
    const token = await freshToken();
    const out = await runInProcess<JwtValidateResult>(
      JwtValidate,
      ['--assertion', token, '--cert-file', otherCertPath, '--cert-file', certPath, '--json'],
      NO_ENV,
    );
    assert.equal(out.exitCode, 78);
    const f = out.result!.findings.find((x) => x.code === 'SIGNATURE_MATCHES_OTHER')!;
    assert.equal(f.severity, 'error');
    assert.ok(
      f.message.includes(`it was made with the key of ${certPath} (certificate SHA-256 ${fingerprint})`),
      f.message,
    );
    assert.deepEqual(
      out.result!.signature.candidates.map((c) => c.verified),
      [false, true],
    );
  });

  it('checks aud against --instance-url', async () => {
    const token = await freshToken();
    const out = await runInProcess<JwtValidateResult>(
      JwtValidate,
      ['--assertion', token, '-r', 'https://test.salesforce.com', '--json'],
      NO_ENV,
    );
    assert.equal(out.exitCode, 78);
    assert.deepEqual(
      out.result!.findings.map((f) => f.code),
      ['AUD_MISMATCH_INSTANCE', 'SIGNATURE_NOT_CHECKED'],
    );
  });

  it('reads the assertion from SFJWT_ASSERTION', async () => {
    const out = await runInProcess<JwtValidateResult>(JwtValidate, ['--json'], {
      ...NO_ENV,
      SFJWT_ASSERTION: await freshToken(),
    });
    assert.equal(out.exitCode, 0);
    assert.equal(out.result!.claims['sub'], 'ci@acme.com');
  });

  it('fails with stable codes for missing or unusable input', async () => {
    writeFileSync(join(dir, 'notes.txt'), 'not a certificate');
    const cases: ReadonlyArray<readonly [string[], string, string]> = [
      [[], 'ERR_ASSERTION_INPUT_MISSING', 'No assertion was given.'],
      [
        ['--assertion', 'abc.def'],
        'ERR_ASSERTION_MALFORMED',
        'The assertion is not a compact JWS: it has 2 parts; a compact JWS has 3: header.claims.signature.',
      ],
      [
        ['--assertion', 'a.b.c', '--cert-file', join(dir, 'missing.crt')],
        'ERR_FILE_NOT_FOUND',
        `File not found: ${join(dir, 'missing.crt')}`,
      ],
      [
        ['--assertion', await freshToken(), '--cert-file', join(dir, 'notes.txt')],
        'ERR_CERT_NOT_PEM',
        'The certificate is not PEM: no "-----BEGIN CERTIFICATE-----" line was found.',
      ],
    ];
    for (const [argv, name, message] of cases) {
      const out = await runInProcess<JwtValidateResult>(JwtValidate, argv, NO_ENV);
      assert.equal(out.exitCode, exitCodeOf(name), name);
      assert.equal(out.error!.name, name);
      assert.equal(out.error!.message, message);
      assert.ok(!/\n\s+at /.test(out.stderr), out.stderr);
    }
  });
});
