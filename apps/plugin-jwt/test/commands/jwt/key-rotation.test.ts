/**
 * A certificate rotation from the CLI: `--jwt-key-file` repeated on `token`, `doctor` and `login` (new key first).
 * Before the app's certificate is switched the old key works, after it the new one; every run succeeds, and each
 * names the key that worked by its public-key fingerprint (and file), never by content.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { publicKeyFingerprint, loadPrivateKey } from '@sfjwt/jwt-core';
import JwtDoctor from '../../../src/commands/jwt/doctor.js';
import JwtToken, { type TokenCommandResult } from '../../../src/commands/jwt/token.js';
import type { DoctorResult } from '../../../src/results/doctor.js';
import type { LoginResult } from '../../../src/results/login.js';
import { startDemo, type DemoEmulator } from '../../support/emulator.js';
import { runInProcess, runProcess } from './harness.js';

const NO_ENV = { SFJWT_KEY: undefined, SFJWT_KEY_PASSPHRASE: undefined, HTTPS_PROXY: undefined, HTTP_PROXY: undefined };

describe('--jwt-key-file repeated: a certificate rotation (against the emulator)', function () {
  this.timeout(120_000);
  let demo: DemoEmulator;
  let newKeyPath: string;
  let newCertificatePem: string;
  let oldFingerprint: string;
  let newFingerprint: string;

  before(async () => {
    demo = await startDemo();
    const { createDemoConfig } = await import('@sfjwt/salesforce-emulator');
    const next = createDemoConfig({ appType: 'connected-app' });
    newKeyPath = join(demo.dir, 'new.key');
    writeFileSync(newKeyPath, next.privateKeyPem, { mode: 0o600 });
    newCertificatePem = next.certificatePem;
    oldFingerprint = publicKeyFingerprint(loadPrivateKey(demo.privateKeyPem).keyObject);
    newFingerprint = publicKeyFingerprint(loadPrivateKey(next.privateKeyPem).keyObject);
  });
  after(() => demo.stop());

  const bothKeys = (): string[] => [
    '--client-id',
    demo.consumerKey,
    '--username',
    demo.username,
    '--jwt-key-file',
    newKeyPath,
    '-f',
    demo.keyPath,
    '--instance-url',
    demo.emulator.url,
  ];

  it('token, doctor and login work before and after the switch, naming the key that worked', async () => {
    for (const [phase, fingerprint, path] of [
      ['before', oldFingerprint, demo.keyPath],
      ['after', newFingerprint, newKeyPath],
    ] as const) {
      if (phase === 'after') demo.emulator.setAppCertificate(demo.consumerKey, newCertificatePem);

      const token = await runInProcess<TokenCommandResult>(JwtToken, [...bothKeys(), '--json'], NO_ENV);
      assert.equal(token.exitCode, 0, token.stderr);
      assert.equal(token.result!.keyFingerprint, fingerprint, phase);
      assert.deepEqual(
        token.result!.attempts.map((a) => [a.keyFingerprint, a.outcome]),
        phase === 'before'
          ? [
              [newFingerprint, 'rejected'],
              [oldFingerprint, 'success'],
            ]
          : [[newFingerprint, 'success']],
      );

      const doctor = await runInProcess<DoctorResult>(JwtDoctor, [...bothKeys(), '--json'], NO_ENV);
      assert.equal(doctor.exitCode, 0, doctor.stderr);
      const exchange = doctor.result!.checks.find((c) => c.id === 'exchange')!;
      assert.equal(exchange.status, 'pass');
      assert.ok(
        exchange.detail.includes(`Signed with the key from ${path} (public-key SHA-256 ${fingerprint})`),
        exchange.detail,
      );
      assert.match(doctor.result!.checks.find((c) => c.id === 'key')!.detail, /^2 keys, tried in this order: /);

      const login = await runProcess('login', [...bothKeys(), '--json'], { env: NO_ENV });
      assert.equal(login.exitCode, 0, login.stderr);
      const result = (JSON.parse(login.stdout) as { result: LoginResult }).result;
      assert.deepEqual(result.key, { fingerprint, source: 'file', file: path });
      // sf re-signs with the key that worked.
      assert.deepEqual(result.refresh, { enabled: true, privateKey: path });
      assert.doesNotMatch(login.stdout + login.stderr, /PRIVATE KEY|00D[A-Za-z0-9]{12}!/);
    }
  });

  it('login says which key it used, in words', async () => {
    demo.emulator.setAppCertificate(demo.consumerKey, newCertificatePem);
    const login = await runProcess('login', bothKeys(), { env: NO_ENV });
    assert.equal(login.exitCode, 0, login.stderr);
    assert.match(
      login.stdout + login.stderr,
      /Signed with the key from .*new\.key \(public-key SHA-256 [0-9A-F:]{95}\)\./,
    );
  });

  describe('every key refused, keys repeated', () => {
    let ring: Array<{ path: string; fingerprint: string }>;
    const tokenPosts = (): number => demo.emulator.stats().requests.filter((r) => r.route === 'token').length;
    before(async () => {
      const { createDemoConfig } = await import('@sfjwt/salesforce-emulator');
      ring = ['a', 'b', 'c'].map((name) => {
        const { privateKeyPem } = createDemoConfig({ appType: 'connected-app' });
        const path = join(demo.dir, `ring-${name}.key`);
        writeFileSync(path, privateKeyPem, { mode: 0o600 });
        return { path, fingerprint: publicKeyFingerprint(loadPrivateKey(privateKeyPem).keyObject) };
      });
    });
    const ringFlags = (paths: readonly string[]): string[] => [
      ...bothKeys().slice(0, 4),
      ...paths.flatMap((p) => ['--jwt-key-file', p]),
      '--instance-url',
      demo.emulator.url,
    ];
    interface RingFailure {
      name: string;
      actions?: string[];
      data: {
        attempts: Array<{ keyFingerprint?: string; outcome: string }>;
        diagnosis: { causes: Array<{ id: string; fix: string }> };
      };
    }

    it('three keys, none on the app: 3 POSTs, each reported with its fingerprint (text and --json), advice for the ring', async () => {
      const before = tokenPosts();
      const json = await runInProcess(JwtToken, [...ringFlags(ring.map((k) => k.path)), '--json'], NO_ENV);
      assert.equal(json.exitCode, 77);
      assert.equal(tokenPosts() - before, 3);
      const err = json.error as unknown as RingFailure;
      assert.equal(err.name, 'ERR_TOKEN_GRANT_REJECTED');
      assert.deepEqual(
        err.data.attempts.map((a) => [a.keyFingerprint, a.outcome]),
        ring.map((k) => [k.fingerprint, 'rejected']),
      );
      const ringFix = `None of the 3 keys belongs to the certificate uploaded to the app (each key's attempt names it by public-key SHA-256). Upload the certificate of the key that should sign (in a rotation the new one, given first: ${ring[0]!.fingerprint})`;
      const cause = err.data.diagnosis.causes[0]!;
      assert.equal(cause.id, 'key-certificate-mismatch');
      assert.ok(cause.fix.startsWith(ringFix), cause.fix);
      assert.ok(err.actions?.[0]?.startsWith(ringFix), String(err.actions));

      const text = await runInProcess(JwtToken, ringFlags(ring.map((k) => k.path)), NO_ENV);
      assert.equal(text.exitCode, 77);
      for (const [i, k] of ring.entries())
        assert.match(
          text.stderr,
          new RegExp(`  ${i + 1}\\. POST .*invalid assertion.*\\n +key: public-key SHA-256 ${k.fingerprint}\\n`),
        );
      assert.ok(text.stderr.includes('none of the 3 private keys tried belongs to the certificate'), text.stderr);
      assert.doesNotMatch(text.stderr, /this key/);
    });

    it('the same file 5 times (and a copy of it) is one key: one login', async () => {
      const copy = join(demo.dir, 'ring-a-copy.key');
      writeFileSync(copy, readFileSync(ring[0]!.path), { mode: 0o600 });
      const before = tokenPosts();
      const same = Array.from({ length: 5 }, () => ring[0]!.path);
      const json = await runInProcess(JwtToken, [...ringFlags([...same, copy]), '--json'], NO_ENV);
      assert.equal(json.exitCode, 77);
      assert.equal(tokenPosts() - before, 1);
      const err = json.error as unknown as RingFailure;
      assert.deepEqual(
        err.data.attempts.map((a) => a.keyFingerprint),
        [ring[0]!.fingerprint],
      );
      assert.ok(err.data.diagnosis.causes.some((c) => c.fix.startsWith('Upload the certificate made from this key')));
    });
  });

  it('one key that no longer matches fails as before (no key ring without the flag repeated)', async () => {
    demo.emulator.setAppCertificate(demo.consumerKey, newCertificatePem);
    const out = await runInProcess(
      JwtToken,
      [...bothKeys().slice(0, 4), '-f', demo.keyPath, '-r', demo.emulator.url],
      NO_ENV,
    );
    assert.equal(out.exitCode, 77);
    assert.match(out.stderr, /invalid assertion/);
  });
});
