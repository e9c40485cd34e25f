import { strict as assert } from 'node:assert';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPrivateKey } from '@sfjwt/jwt-core';
import Keygen from '../../../src/commands/jwt/keygen.js';
import { runCommand } from '../../support/run-command.js';
import { openssl } from '@sfjwt/test-support';
import { withEnv, withoutTerminal } from '../../support/helpers.js';

const NO_SECRETS = { SFJWT_KEY_PASSPHRASE: undefined, SFJWT_KEY: undefined };

describe('sf jwt keygen', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'jwt-keygen-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const keygen = (...args: string[]) =>
    withEnv(NO_SECRETS, () => withoutTerminal(() => runCommand(Keygen, ['--output-dir', dir, ...args])));

  it('writes server.key (0600) and server.crt that openssl accepts as a pair, and says what to do next', async () => {
    const { result, stdout, exitCode } = await keygen();
    assert.equal(exitCode, 0);
    assert.ok(result);
    assert.deepEqual((await readdir(dir)).sort(), ['server.crt', 'server.key']);
    assert.equal(result.keyFile, join(dir, 'server.key'));
    assert.equal(result.certificateFile, join(dir, 'server.crt'));
    assert.equal(result.csrFile, null);
    assert.equal((await stat(result.keyFile)).mode & 0o777, 0o600);

    const key = await readFile(result.keyFile, 'utf8');
    const cert = await readFile(result.certificateFile, 'utf8');
    assert.match(key, /^-----BEGIN PRIVATE KEY-----\n/);
    assert.equal(openssl(['x509', '-noout', '-modulus'], cert), openssl(['rsa', '-noout', '-modulus'], key));
    assert.equal(
      openssl(['verify', '-CAfile', result.certificateFile, result.certificateFile]).trim(),
      `${result.certificateFile}: OK`,
    );
    assert.equal(
      `sha256 Fingerprint=${result.sha256Fingerprint}\n`,
      openssl(['x509', '-noout', '-fingerprint', '-sha256'], cert),
    );
    assert.equal(
      `sha1 Fingerprint=${result.sha1Fingerprint}\n`,
      openssl(['x509', '-noout', '-fingerprint', '-sha1'], cert),
    );
    const enddate = openssl(['x509', '-noout', '-enddate'], cert).trim().replace('notAfter=', '');
    assert.equal(new Date(Date.parse(enddate)).toISOString(), result.notAfter);
    assert.equal(Date.parse(result.notAfter) - Date.parse(result.notBefore), 365 * 86_400_000);
    assert.equal(result.bits, 2048);
    assert.equal(result.encrypted, false);
    assert.equal(result.subject, 'CN=server');

    assert.match(stdout, /SHA-256: +[0-9A-F:]{95}\n/);
    assert.match(stdout, new RegExp(`Expires: +${result.notAfter} \\(365 days\\)`));
    assert.match(
      stdout,
      /Next step: upload server\.crt under "Use digital signatures" in the Connected App, or under "Enable JWT Bearer Flow" in the External Client App\./,
    );
  });

  it('--json carries paths, fingerprints, expiry and bits, and no key material', async () => {
    const { result, stdout } = await keygen('--json', '--name', 'ci');
    const json = JSON.parse(stdout) as { status: number; result: Record<string, unknown> };
    assert.equal(json.status, 0);
    assert.deepEqual(json.result, result);
    for (const field of [
      'keyFile',
      'certificateFile',
      'sha1Fingerprint',
      'sha256Fingerprint',
      'notAfter',
      'bits',
      'x5t',
      'x5tS256',
    ]) {
      assert.ok(field in json.result, field);
    }
    const key = await readFile(join(dir, 'ci.key'), 'utf8');
    const body = key.split('\n')[1]!;
    assert.ok(!stdout.includes('PRIVATE KEY') && !stdout.includes(body.slice(0, 20)), 'key material in --json');
  });

  it('takes the subject, size, validity and --csr', async () => {
    const { result } = await keygen(
      '--name',
      'acme',
      '--bits',
      '3072',
      '--days',
      '30',
      '--csr',
      '--common-name',
      'Acme CI',
      '--organization',
      'Acme',
      '--organizational-unit',
      'IT',
      '--locality',
      'Berlin',
      '--state',
      'BE',
      '--country',
      'de',
      '--email',
      'ci@acme.example',
    );
    assert.ok(result);
    assert.equal(result.csrFile, join(dir, 'acme.csr'));
    assert.equal(result.bits, 3072);
    assert.equal(Date.parse(result.notAfter) - Date.parse(result.notBefore), 30 * 86_400_000);
    const subject = 'C = DE, ST = BE, L = Berlin, O = Acme, OU = IT, CN = Acme CI, emailAddress = ci@acme.example';
    assert.equal(openssl(['x509', '-noout', '-subject', '-in', result.certificateFile]).trim(), `subject=${subject}`);
    const csr = await readFile(result.csrFile, 'utf8');
    assert.match(openssl(['req', '-verify', '-noout', '-subject'], csr), new RegExp(`subject=${subject}`));
    assert.equal(
      openssl(['req', '-noout', '-modulus'], csr),
      openssl(['rsa', '-noout', '-modulus', '-in', result.keyFile]),
    );
    assert.equal((await stat(result.csrFile)).mode & 0o777, 0o644);
  });

  it('never overwrites without --force, and writes nothing when any file exists', async () => {
    await writeFile(join(dir, 'server.crt'), 'the uploaded certificate');
    const { error, exitCode } = await keygen();
    assert.equal(exitCode, 78);
    assert.equal(error?.name, 'ERR_FILE_EXISTS');
    assert.equal(error?.message, `${join(dir, 'server.crt')} already exists; nothing was written.`);
    assert.deepEqual(error?.actions, ['Pass --force to replace it, or choose another --output-dir or --name.']);
    assert.deepEqual(await readdir(dir), ['server.crt']);
    assert.equal(await readFile(join(dir, 'server.crt'), 'utf8'), 'the uploaded certificate');

    const forced = await keygen('--force');
    assert.equal(forced.exitCode, 0);
    assert.match(await readFile(join(dir, 'server.crt'), 'utf8'), /^-----BEGIN CERTIFICATE-----/);
  });

  it('--encrypt takes the passphrase from SFJWT_KEY_PASSPHRASE and writes encrypted PKCS#8', async () => {
    const { result, stdout } = await withEnv({ SFJWT_KEY_PASSPHRASE: 'ci passphrase' }, () =>
      runCommand(Keygen, ['--output-dir', dir, '--encrypt', '--json']),
    );
    assert.ok(result);
    assert.equal(result.encrypted, true);
    assert.ok(!stdout.includes('ci passphrase'));
    const key = await readFile(result.keyFile, 'utf8');
    assert.match(key, /^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/);
    assert.match(openssl(['asn1parse'], key), /aes-256-cbc/);
    assert.equal(
      openssl(['rsa', '-noout', '-modulus', '-passin', 'pass:ci passphrase'], key),
      openssl(['x509', '-noout', '-modulus', '-in', result.certificateFile]),
    );
    assert.equal(loadPrivateKey(key, { passphrase: 'ci passphrase' }).format, 'pkcs8-encrypted');
  });

  it('--encrypt without a passphrase source fails clearly and writes nothing', async () => {
    const { error, exitCode } = await keygen('--encrypt');
    assert.equal(exitCode, 78);
    assert.equal(error?.name, 'ERR_PASSPHRASE_MISSING');
    assert.equal(
      error?.message,
      '--encrypt needs a passphrase, and no prompt was possible: this is not an interactive terminal.',
    );
    assert.deepEqual(await readdir(dir), []);
  });

  it('names bad subject values and file names with exit code 1', async () => {
    const country = await keygen('--country', 'Germany');
    assert.equal(country.exitCode, 64);
    assert.equal(country.error?.name, 'ERR_KEYGEN_INVALID_OPTIONS');
    assert.equal(
      country.error?.message,
      'The subject\'s country (C) must be two letters, such as US or DE; got "GERMANY".',
    );
    const name = await keygen('--name', '../escape');
    assert.equal(name.error?.name, 'ERR_INVALID_NAME');
    assert.equal(
      name.error?.message,
      '--name must be a plain file name (letters, digits, ".", "_", "-"); got "../escape".',
    );
    assert.deepEqual(await readdir(dir), []);
  });

  it('rejects out-of-range flags at parse time (exit 2)', async () => {
    const days = await keygen('--days', '0');
    assert.equal(days.exitCode, 64);
    const bits = await keygen('--bits', '1024');
    assert.equal(bits.exitCode, 64);
    assert.match(bits.error?.message ?? '', /Expected --bits=1024 to be one of: 2048, 3072, 4096/);
  });
});
