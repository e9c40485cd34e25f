import { strict as assert } from 'node:assert';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Inspect, { type InspectResult } from '../../../src/commands/jwt/inspect.js';
import Keygen from '../../../src/commands/jwt/keygen.js';
import { runCommand } from '../../support/run-command.js';
import { openssl } from '@sfjwt/test-support';
import { withEnv, withoutTerminal } from '../../support/helpers.js';

const NO_SECRETS = { SFJWT_KEY_PASSPHRASE: undefined, SFJWT_KEY: undefined };

describe('sf jwt inspect', () => {
  let dir: string;
  let key: string;
  let cert: string;
  let otherKey: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'jwt-inspect-'));
    const made = await withEnv(NO_SECRETS, () =>
      runCommand(Keygen, ['--output-dir', dir, '--common-name', 'inspect me']),
    );
    assert.equal(made.exitCode, 0);
    [key, cert] = [made.result!.keyFile, made.result!.certificateFile];
    otherKey = join(dir, 'other.key');
    await writeFile(
      otherKey,
      generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }),
    );
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const inspect = (args: string[], env: Record<string, string | undefined> = {}) =>
    withEnv({ ...NO_SECRETS, ...env }, () => withoutTerminal(() => runCommand(Inspect, args)));

  it('describes a matching key and certificate and exits 0', async () => {
    const { result, stdout, exitCode } = await inspect(['--jwt-key-file', key, '--cert-file', cert]);
    assert.equal(exitCode, 0);
    assert.ok(result);
    assert.equal(result.matches, true);
    assert.deepEqual(result.key, {
      source: 'file',
      path: key,
      format: 'pkcs8',
      encrypted: false,
      bits: 2048,
      publicKeySha256Fingerprint: result.certificate?.publicKeySha256Fingerprint,
    });
    const c = result.certificate!;
    assert.equal(c.path, cert);
    assert.equal(c.subjectString, 'CN=inspect me');
    assert.deepEqual(c.subject, { commonName: 'inspect me' });
    assert.equal(c.selfSigned, true);
    assert.equal(c.keyBits, 2048);
    assert.equal(`serial=${c.serialNumber.toUpperCase()}\n`, openssl(['x509', '-noout', '-serial', '-in', cert]));
    assert.equal(
      `sha256 Fingerprint=${c.sha256Fingerprint}\n`,
      openssl(['x509', '-noout', '-fingerprint', '-sha256', '-in', cert]),
    );
    assert.match(stdout, /The private key matches the certificate\./);
    assert.match(stdout, /Issuer: +CN=inspect me \(self-signed\)/);
  });

  it('exits 1 with ERR_CERT_KEY_MISMATCH on a mismatch, keeping both descriptions in --json', async () => {
    const { error, exitCode, stdout } = await inspect(['--jwt-key-file', otherKey, '--cert-file', cert, '--json']);
    assert.equal(exitCode, 78);
    assert.equal(error?.name, 'ERR_CERT_KEY_MISMATCH');
    assert.equal(
      error?.message,
      'The private key does not match the certificate (with this pair, Salesforce answers "invalid assertion").',
    );
    const json = JSON.parse(stdout) as { name: string; exitCode: number; result: InspectResult };
    assert.equal(json.name, 'ERR_CERT_KEY_MISMATCH');
    assert.equal(json.exitCode, 78);
    assert.equal(json.result.matches, false);
    assert.equal(json.result.key?.format, 'pkcs1');
    assert.notEqual(json.result.key?.publicKeySha256Fingerprint, json.result.certificate?.publicKeySha256Fingerprint);
  });

  it('describes a certificate alone, or a key alone', async () => {
    const certOnly = await inspect(['--cert-file', cert]);
    assert.equal(certOnly.exitCode, 0);
    assert.deepEqual([certOnly.result?.key, certOnly.result?.matches], [null, null]);
    const keyOnly = await inspect(['--jwt-key-file', key]);
    assert.equal(keyOnly.exitCode, 0);
    assert.deepEqual([keyOnly.result?.certificate, keyOnly.result?.matches], [null, null]);
  });

  it('reads the key from SFJWT_KEY, repairing a PEM mangled by a CI secret', async () => {
    const pem = await readFile(key, 'utf8');
    const fromEnv = await inspect(['--cert-file', cert], { SFJWT_KEY: pem.replace(/\n/g, '\\n') });
    assert.equal(fromEnv.result?.key?.source, 'env');
    assert.equal(fromEnv.result?.key?.path, null);
    assert.equal(fromEnv.result?.matches, true);
  });

  it('reads an encrypted key with SFJWT_KEY_PASSPHRASE, and names a wrong or missing passphrase', async () => {
    const encrypted = join(dir, 'enc.key');
    await writeFile(encrypted, openssl(['pkey', '-aes256', '-passout', 'pass:right one', '-in', key]));
    const ok = await inspect(['--jwt-key-file', encrypted, '--cert-file', cert], { SFJWT_KEY_PASSPHRASE: 'right one' });
    assert.equal(ok.exitCode, 0);
    assert.equal(ok.result?.key?.format, 'pkcs8-encrypted');
    const wrong = await inspect(['--jwt-key-file', encrypted], { SFJWT_KEY_PASSPHRASE: 'wrong one' });
    assert.equal(wrong.exitCode, 78);
    assert.equal(wrong.error?.name, 'ERR_KEY_PASSPHRASE_WRONG');
    assert.equal(
      wrong.error?.message,
      'The passphrase does not decrypt the private key (pkcs8-encrypted): it is wrong, or the key is damaged.',
    );
    const missing = await inspect(['--jwt-key-file', encrypted]);
    assert.equal(missing.error?.name, 'ERR_KEY_PASSPHRASE_REQUIRED');
    assert.equal(
      missing.error?.message,
      'The private key is encrypted (pkcs8-encrypted) and no passphrase was given. No prompt was possible: this is not an interactive terminal.',
    );
  });

  it('exits 1 on invalid inputs, naming them', async () => {
    const swapped = await inspect(['--jwt-key-file', cert, '--cert-file', key]);
    assert.equal(swapped.exitCode, 78);
    assert.equal(swapped.error?.name, 'ERR_CERT_IS_PRIVATE_KEY');
    const certAsKey = await inspect(['--jwt-key-file', cert]);
    assert.equal(certAsKey.error?.name, 'ERR_KEY_IS_CERTIFICATE');
    assert.equal(
      certAsKey.error?.message,
      'This is a certificate, not a private key: the app gets the certificate; the client needs the private key.',
    );
    const missing = await inspect(['--cert-file', join(dir, 'nope.crt')]);
    assert.equal(missing.error?.name, 'ERR_FILE_NOT_FOUND');
    assert.equal(missing.error?.message, `File not found: ${join(dir, 'nope.crt')}`);
    const nothing = await inspect([]);
    assert.equal(nothing.exitCode, 64);
    assert.equal(nothing.error?.name, 'ERR_NOTHING_TO_INSPECT');
    assert.equal(nothing.error?.message, 'Nothing to inspect: give --jwt-key-file, --cert-file, or both.');
  });

  it('never prints key material', async () => {
    const pem = await readFile(key, 'utf8');
    for (const args of [
      ['--jwt-key-file', key, '--json'],
      ['--jwt-key-file', key],
      ['--jwt-key-file', otherKey, '--cert-file', cert, '--json'],
    ]) {
      const { stdout, stderr } = await inspect(args);
      for (const line of pem.split('\n').slice(1, -2))
        assert.ok(!(stdout + stderr).includes(line), 'key material printed');
      assert.ok(!/PRIVATE KEY-----/.test(stdout + stderr));
    }
  });
});
