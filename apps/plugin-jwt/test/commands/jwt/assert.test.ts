import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JwtAssert, { type JwtAssertResult } from '../../../src/commands/jwt/assert.js';
import { runInProcess, runProcess } from './harness.js';
import { certificatePublicKey, openssl, opensslVerifyJws as opensslVerifyToken, readText } from '@sfjwt/test-support';
import { exitCodeOf } from '../../../src/errors/exit-codes.js';

const CLIENT_ID = '3MVG9A2kN3Bn17hu.Zr0j_QxYz';
const NO_KEY_ENV = { SFJWT_KEY: undefined, SFJWT_KEY_PASSPHRASE: undefined };

describe('jwt assert', () => {
  let dir: string;
  let keyPath: string;
  let certPath: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'plugin-jwt-assert-'));
    keyPath = join(dir, 'server.key');
    certPath = join(dir, 'server.crt');
    // The recipe of seed 004: one openssl req makes the key and the self-signed certificate uploaded to the app.
    openssl([
      'req',
      '-x509',
      '-nodes',
      '-newkey',
      'rsa:2048',
      '-days',
      '365',
      '-subj',
      '/CN=sfjwt-test',
      '-keyout',
      keyPath,
      '-out',
      certPath,
    ]);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const base = (): string[] => [
    '--client-id',
    ` ${CLIENT_ID} `,
    '--username',
    'ci@acme.com',
    '--jwt-key-file',
    keyPath,
  ];

  it('returns the token, header and claims with --json: exp − iat = 180 s, aud from the instance URL', async () => {
    const before = Math.floor(Date.now() / 1000);
    const out = await runInProcess<JwtAssertResult>(
      JwtAssert,
      [...base(), '--instance-url', 'https://acme--uat.sandbox.my.salesforce.com/', '--json'],
      NO_KEY_ENV,
    );
    const after = Math.floor(Date.now() / 1000);
    assert.equal(out.exitCode, 0, out.stderr);
    const r = out.result!;
    assert.deepEqual(r.header, { alg: 'RS256', typ: 'JWT' });
    assert.equal(r.claims.iss, CLIENT_ID);
    assert.equal(r.claims.sub, 'ci@acme.com');
    assert.equal(r.claims.aud, 'https://acme--uat.sandbox.my.salesforce.com');
    assert.equal(r.claims.exp - r.claims.iat, 180);
    assert.ok(r.claims.iat >= before && r.claims.iat <= after);
    assert.equal(r.claims.jti, undefined);
    assert.equal(r.tokenHost, 'https://acme--uat.sandbox.my.salesforce.com');
    assert.equal(r.expiresAt, new Date(r.claims.exp * 1000).toISOString());
    const json = JSON.parse(out.stdout) as { status: number; result: JwtAssertResult; warnings: string[] };
    assert.equal(json.status, 0);
    assert.deepEqual(json.result, r);
    assert.deepEqual(json.warnings, []);
    // The payload is exactly the returned claims.
    assert.deepEqual(JSON.parse(Buffer.from(r.token.split('.')[1]!, 'base64url').toString()), r.claims);
  });

  it('prints only the token on stdout, and it verifies with openssl against the certificate', async () => {
    const out = await runInProcess<JwtAssertResult>(JwtAssert, base(), NO_KEY_ENV);
    assert.equal(out.exitCode, 0);
    assert.equal(out.stderr, '');
    assert.match(out.stdout, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\n$/);
    const token = out.stdout.trim();
    assert.deepEqual(opensslVerifyToken(token, certificatePublicKey(certPath), dir), {
      ok: true,
      output: 'Verified OK',
    });
    const otherCert = join(dir, 'other.crt');
    openssl([
      'req',
      '-x509',
      '-nodes',
      '-newkey',
      'rsa:2048',
      '-days',
      '1',
      '-subj',
      '/CN=other',
      '-keyout',
      join(dir, 'other.key'),
      '-out',
      otherCert,
    ]);
    assert.deepEqual(opensslVerifyToken(token, certificatePublicKey(otherCert), dir), {
      ok: false,
      output: 'Verification failure',
    });
  });

  it('signs with keys from each seed recipe, including an encrypted one with SFJWT_KEY_PASSPHRASE', async () => {
    const recipes: ReadonlyArray<readonly [string, readonly string[], string | undefined]> = [
      // seeds 000/001 step 1 (OpenSSL 3 writes encrypted PKCS#8), a genpkey key, and a PKCS#1 key
      ['genrsa-des3.key', ['genrsa', '-des3', '-passout', 'pass:SomePassword', '2048'], 'SomePassword'],
      ['genpkey.key', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'], undefined],
      ['genrsa-traditional.key', ['genrsa', '-traditional', '2048'], undefined],
    ];
    for (const [name, [command, ...args], passphrase] of recipes) {
      const path = join(dir, name);
      openssl([command!, '-out', path, ...args]);
      const publicPem = openssl([
        'pkey',
        '-in',
        path,
        '-pubout',
        ...(passphrase === undefined ? [] : ['-passin', `pass:${passphrase}`]),
      ]);
      const out = await runInProcess<JwtAssertResult>(
        JwtAssert,
        ['-i', CLIENT_ID, '--username', 'ci@acme.com', '-f', path],
        { ...NO_KEY_ENV, SFJWT_KEY_PASSPHRASE: passphrase },
      );
      assert.equal(out.exitCode, 0, `${name}: ${out.stderr}`);
      assert.deepEqual(
        opensslVerifyToken(out.stdout.trim(), publicPem, dir),
        { ok: true, output: 'Verified OK' },
        name,
      );
    }
  });

  it('takes the key from SFJWT_KEY, repairing literal \\n escapes from a CI secret', async () => {
    const mangled = readText(keyPath).trim().replace(/\n/g, '\\n');
    const out = await runInProcess<JwtAssertResult>(JwtAssert, ['-i', CLIENT_ID, '--username', 'ci@acme.com'], {
      SFJWT_KEY: mangled,
      SFJWT_KEY_PASSPHRASE: undefined,
    });
    assert.equal(out.exitCode, 0, out.stderr);
    assert.deepEqual(opensslVerifyToken(out.stdout.trim(), certificatePublicKey(certPath), dir), {
      ok: true,
      output: 'Verified OK',
    });
  });

  it('adds a jti on request', async () => {
    const out = await runInProcess<JwtAssertResult>(JwtAssert, [...base(), '--jti', '--json'], NO_KEY_ENV);
    assert.match(out.result!.claims.jti!, /^[0-9a-f-]{36}$/);
  });

  it('makes a long-lived assertion only with --expires-in, warns on stderr, and never adds a jti', async () => {
    const out = await runInProcess<JwtAssertResult>(JwtAssert, [...base(), '--expires-in', '86400'], NO_KEY_ENV);
    assert.equal(out.exitCode, 0);
    const claims = JSON.parse(Buffer.from(out.stdout.trim().split('.')[1]!, 'base64url').toString()) as Record<
      string,
      number
    >;
    assert.equal(claims['exp']! - claims['iat']!, 86_400);
    assert.equal(claims['jti'], undefined);
    assert.match(
      out.stderr,
      /Warning: This assertion is valid for 1 day: anyone who holds it can log in as the user until it expires\./,
    );
    assert.ok(!out.stdout.includes('Warning'));

    const withJti = await runInProcess<JwtAssertResult>(
      JwtAssert,
      [...base(), '--expires-in', '86400', '--jti'],
      NO_KEY_ENV,
    );
    assert.equal(withJti.exitCode, 64);
    assert.equal(withJti.error!.name, 'ERR_CLAIM_INVALID');
    assert.equal(
      withJti.error!.message,
      'A long-lived assertion cannot carry a jti: Salesforce accepts a jti only once, so it could not be reused.',
    );
  });

  it('fails with stable codes and clean messages, no stack traces', async () => {
    const cases: ReadonlyArray<readonly [string[], Record<string, string | undefined>, string, string]> = [
      [
        ['-i', 'ci@acme.com', '--username', 'ci@acme.com', '-f', keyPath],
        NO_KEY_ENV,
        'ERR_CLAIM_CLIENT_ID',
        'The client id (consumer key) "ci@acme.com" looks like a username, not a consumer key.',
      ],
      [
        [...base(), '-r', 'https://acme.lightning.force.com'],
        NO_KEY_ENV,
        'ERR_URL_LIGHTNING',
        'The instance URL https://acme.lightning.force.com is a Lightning domain, not a login host.',
      ],
      [
        [...base(), '--audience', 'https://login.salesforce.com/services/oauth2/token'],
        NO_KEY_ENV,
        'ERR_URL_AUDIENCE_HAS_PATH',
        "The audience https://login.salesforce.com/services/oauth2/token has a path (/services/oauth2/token); an audience is scheme + host only (or an Experience Cloud site's URL).",
      ],
      [
        [...base(), '--expires-in', '99999999'],
        NO_KEY_ENV,
        'ERR_CLAIM_LIFETIME',
        'A lifetime of 99999999 s is over the two-year limit (63244800 s).',
      ],
      [
        ['-i', CLIENT_ID, '--username', 'ci@acme.com'],
        NO_KEY_ENV,
        'ERR_KEY_INPUT_MISSING',
        'No private key was given.',
      ],
      [
        ['-i', CLIENT_ID, '--username', 'ci@acme.com', '-f', certPath],
        NO_KEY_ENV,
        'ERR_KEY_IS_CERTIFICATE',
        'This is a certificate, not a private key: the app gets the certificate; the client needs the private key.',
      ],
    ];
    for (const [argv, env, name, message] of cases) {
      const out = await runInProcess<JwtAssertResult>(JwtAssert, argv, env);
      assert.equal(out.exitCode, exitCodeOf(name), name);
      assert.equal(out.error!.name, name);
      assert.equal(out.error!.message, message);
      assert.equal(out.stdout, '');
      assert.match(out.stderr, new RegExp(`^Error \\(${name}\\): `));
      assert.ok(!/\n\s+at /.test(out.stderr), out.stderr);
    }
  });

  it('pipes: the key on stdin, the token into `jwt validate --assertion -`', async function () {
    this.timeout(60_000);
    const signed = await runProcess(
      'assert',
      ['-i', CLIENT_ID, '--username', 'ci@acme.com', '-f', '-', '-r', 'https://acme.my.salesforce.com'],
      {
        input: readText(keyPath),
      },
    );
    assert.equal(signed.exitCode, 0, signed.stderr);
    assert.equal(signed.stdout.split('\n').length, 2);
    const checked = await runProcess(
      'validate',
      [
        '--assertion',
        '-',
        '--cert-file',
        certPath,
        '-i',
        CLIENT_ID,
        '--username',
        'ci@acme.com',
        '-r',
        'https://acme.my.salesforce.com',
        '--json',
      ],
      {
        input: signed.stdout,
      },
    );
    assert.equal(checked.exitCode, 0, checked.stderr);
    const json = JSON.parse(checked.stdout) as {
      status: number;
      result: { ok: boolean; findings: Array<{ code: string }> };
    };
    assert.equal(json.status, 0);
    assert.equal(json.result.ok, true);
    assert.deepEqual(
      json.result.findings.map((f) => f.code),
      ['SIGNATURE_VERIFIED'],
    );
  });
});
