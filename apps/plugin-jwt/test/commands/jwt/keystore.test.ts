import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSelfSignedCertificate } from '@sfjwt/jwt-core';
import Keygen from '../../../src/commands/jwt/keygen.js';
import Keystore from '../../../src/commands/jwt/keystore.js';
import { runCommand } from '../../support/run-command.js';
import { openssl } from '@sfjwt/test-support';
import { withEnv, withoutTerminal } from '../../support/helpers.js';
import { exitCodeOf } from '../../../src/errors/exit-codes.js';

const PASSWORD = 'store-pass 1';
const NO_SECRETS = { SFJWT_KEY_PASSPHRASE: undefined, SFJWT_KEY: undefined, SFJWT_KEYSTORE_PASSWORD: undefined };

/** keytool's stdout and stderr together; throws with both when it fails. */
function keytool(args: string[]): string {
  try {
    return execFileSync('keytool', args, { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    throw new Error(`keytool failed: ${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

describe('sf jwt keystore', () => {
  let dir: string;
  let key: string;
  let cert: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'jwt-keystore-'));
    const made = await withEnv(NO_SECRETS, () =>
      runCommand(Keygen, ['--output-dir', dir, '--common-name', 'Acme CI (prod)']),
    );
    assert.equal(made.exitCode, 0);
    [key, cert] = [made.result!.keyFile, made.result!.certificateFile];
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const keystore = (args: string[], env: Record<string, string | undefined> = { SFJWT_KEYSTORE_PASSWORD: PASSWORD }) =>
    withEnv({ ...NO_SECRETS, ...env }, () => withoutTerminal(() => runCommand(Keystore, args)));
  const basic = (output: string, ...more: string[]) => [
    '--jwt-key-file',
    key,
    '--cert-file',
    cert,
    '--output-file',
    join(dir, output),
    ...more,
  ];
  const sha256Of = (file: string) =>
    openssl(['x509', '-noout', '-fingerprint', '-sha256', '-in', file]).trim().split('=')[1];

  it('writes a JKS (0600) that keytool lists as one PrivateKeyEntry under the CN-derived alias, and says what to do next', async () => {
    const { result, stdout, exitCode } = await keystore(basic('server.jks'));
    assert.equal(exitCode, 0);
    assert.ok(result);
    assert.deepEqual(Object.keys(result).sort(), [
      'alias',
      'format',
      'notAfter',
      'path',
      'publicKeySha256Fingerprint',
      'sha1Fingerprint',
      'sha256Fingerprint',
      'subject',
    ]);
    assert.equal(result.path, join(dir, 'server.jks'));
    assert.equal(result.format, 'jks');
    assert.equal(result.alias, 'acme_ci_prod');
    assert.equal(result.subject, 'CN=Acme CI (prod)');
    assert.equal(result.sha256Fingerprint, sha256Of(cert));
    assert.equal((await stat(result.path)).mode & 0o777, 0o600);

    const listing = keytool(['-list', '-v', '-keystore', result.path, '-storepass', PASSWORD, '-storetype', 'JKS']);
    assert.match(listing, /^Your keystore contains 1 entry$/m);
    assert.deepEqual(listing.match(/^Alias name: .*$/gm), ['Alias name: acme_ci_prod']);
    assert.deepEqual(listing.match(/^Entry type: .*$/gm), ['Entry type: PrivateKeyEntry']);
    assert.match(listing, new RegExp(`^\\s*SHA256: ${result.sha256Fingerprint}$`, 'm'));

    assert.match(stdout, new RegExp(`^Wrote a JKS keystore: ${result.path} \\(mode 0600\\)$`, 'm'));
    assert.match(stdout, /^Alias: +acme_ci_prod$/m);
    assert.match(stdout, new RegExp(`^SHA-256: +${result.sha256Fingerprint}$`, 'm'));
    assert.match(stdout, /^JKS stores aliases in lower case: "Acme_CI_prod" is stored as "acme_ci_prod"\.$/m);
    assert.match(
      stdout,
      /^Next step: in Salesforce, Setup → Certificate and Key Management → Import from Keystore; choose server\.jks and type the keystore password\. The certificate's name is the alias \(acme_ci_prod\)\.$/m,
    );
  });

  it('the key inside the JKS is protected by the store password and is the key of the certificate', async () => {
    const { result } = await keystore(basic('server.jks'));
    const p12 = join(dir, 'check.p12');
    keytool([
      '-importkeystore',
      '-noprompt',
      '-srckeystore',
      result!.path,
      '-srcstoretype',
      'JKS',
      '-srcstorepass',
      PASSWORD,
      '-srcalias',
      'acme_ci_prod',
      '-srckeypass',
      PASSWORD,
      '-destkeystore',
      p12,
      '-deststoretype',
      'PKCS12',
      '-deststorepass',
      'other-pass',
    ]);
    const pem = openssl(['pkcs12', '-in', p12, '-nodes', '-passin', 'pass:other-pass']);
    assert.equal(openssl(['rsa', '-noout', '-modulus'], pem), openssl(['rsa', '-noout', '-modulus', '-in', key]));
  });

  it('writes PKCS#12 for .p12 (alias case kept), which openssl and keytool read', async () => {
    const { result, stdout } = await keystore(basic('client.p12'));
    assert.ok(result);
    assert.equal(result.format, 'pkcs12');
    assert.equal(result.alias, 'Acme_CI_prod');
    assert.equal((await stat(result.path)).mode & 0o777, 0o600);
    openssl(['pkcs12', '-info', '-in', result.path, '-passin', `pass:${PASSWORD}`, '-noout']);
    const pem = openssl(['pkcs12', '-in', result.path, '-nodes', '-passin', `pass:${PASSWORD}`]);
    assert.match(pem, /friendlyName: Acme_CI_prod/);
    assert.equal(openssl(['rsa', '-noout', '-modulus'], pem), openssl(['rsa', '-noout', '-modulus', '-in', key]));
    const listing = keytool(['-list', '-keystore', result.path, '-storepass', PASSWORD, '-storetype', 'PKCS12']);
    assert.match(listing, /^Your keystore contains 1 entry$/m);
    assert.match(listing, /PrivateKeyEntry/);
    assert.match(
      stdout,
      /^Salesforce's Import from Keystore takes only JKS files: run again with --output-file NAME\.jks for it\. Java tools read client\.p12 as PKCS12 \(keytool -list -storetype PKCS12 -keystore client\.p12\)\.$/m,
    );
    assert.ok(!stdout.includes('lower case'));
  });

  it('--alias names the entry, --format overrides the file name (with a warning)', async () => {
    const { result, stderr } = await keystore(basic('odd.p12', '--format', 'jks', '--key-alias', 'my_cert'));
    assert.ok(result);
    assert.equal(result.format, 'jks');
    assert.equal(result.alias, 'my_cert');
    assert.match(stderr, /The file name odd\.p12 suggests PKCS#12, but the keystore is written as JKS \(--format\)\./);
    assert.match(
      keytool(['-list', '-keystore', result.path, '-storepass', PASSWORD, '-storetype', 'JKS']),
      /^my_cert, .*PrivateKeyEntry, $/m,
    );
    const pfx = await keystore(basic('x.pfx'));
    assert.equal(pfx.result?.format, 'pkcs12');
  });

  it('--json carries path, format, alias and fingerprints, never the password or key material', async () => {
    const { result, stdout } = await keystore(basic('server.jks', '--json'));
    const json = JSON.parse(stdout) as { status: number; result: Record<string, unknown> };
    assert.equal(json.status, 0);
    assert.deepEqual(json.result, result);
    assert.ok(!stdout.includes(PASSWORD), 'password in --json');
    assert.ok(!stdout.includes('PRIVATE KEY'));
  });

  it('takes an encrypted key from SFJWT_KEY with SFJWT_KEY_PASSPHRASE, and keeps the two secrets apart', async () => {
    const encrypted = await withEnv({ ...NO_SECRETS, SFJWT_KEY_PASSPHRASE: 'key passphrase' }, () =>
      runCommand(Keygen, ['--output-dir', join(dir, 'enc'), '--encrypt', '--common-name', 'enc']),
    );
    const pem = await readFile(encrypted.result!.keyFile, 'utf8');
    const { result, exitCode } = await keystore(
      ['--cert-file', encrypted.result!.certificateFile, '--output-file', join(dir, 'enc.jks')],
      {
        SFJWT_KEY: pem,
        SFJWT_KEY_PASSPHRASE: 'key passphrase',
        SFJWT_KEYSTORE_PASSWORD: PASSWORD,
      },
    );
    assert.equal(exitCode, 0);
    assert.equal(result?.alias, 'enc');
    assert.match(
      keytool(['-list', '-keystore', result.path, '-storepass', PASSWORD, '-storetype', 'JKS']),
      /^enc, .*PrivateKeyEntry, $/m,
    );
    assert.throws(
      () => keytool(['-list', '-keystore', result.path, '-storepass', 'key passphrase', '-storetype', 'JKS']),
      /password was incorrect/,
    );
  });

  it('puts a CA chain given after the certificate into the entry', async () => {
    // openssl plays the CA: it issues a certificate for the keygen key.
    const ca = (file: string) => join(dir, file);
    openssl([
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      ca('ca.key'),
      '-out',
      ca('ca.crt'),
      '-subj',
      '/CN=Acme CA',
      '-days',
      '30',
    ]);
    const csr = openssl(['req', '-new', '-key', key, '-subj', '/CN=issued']);
    const issued = openssl(
      ['x509', '-req', '-CA', ca('ca.crt'), '-CAkey', ca('ca.key'), '-set_serial', '7', '-days', '30'],
      csr,
    );
    await writeFile(join(dir, 'chain.pem'), issued + (await readFile(ca('ca.crt'), 'utf8')));
    const { result, exitCode, error } = await keystore([
      '--jwt-key-file',
      key,
      '--cert-file',
      join(dir, 'chain.pem'),
      '--output-file',
      join(dir, 'chain.jks'),
    ]);
    assert.equal(exitCode, 0, String(error));
    assert.equal(result?.alias, 'issued');
    const listing = keytool(['-list', '-v', '-keystore', result.path, '-storepass', PASSWORD, '-storetype', 'JKS']);
    assert.match(listing, /^Certificate chain length: 2$/m);
    assert.deepEqual(listing.match(/^Owner: .*$/gm), ['Owner: CN=issued', 'Owner: CN=Acme CA']);
  });

  it('refuses a chain whose second certificate did not issue the first', async () => {
    const ca = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const caPem = createSelfSignedCertificate({
      key: ca.privateKey,
      subject: { commonName: 'not the issuer' },
      now: Date.now,
    });
    await writeFile(join(dir, 'bad-chain.pem'), (await readFile(cert, 'utf8')) + caPem);
    const { error, exitCode } = await keystore([
      '--jwt-key-file',
      key,
      '--cert-file',
      join(dir, 'bad-chain.pem'),
      '--output-file',
      join(dir, 'c.jks'),
    ]);
    assert.equal(exitCode, 78);
    assert.equal(error?.name, 'ERR_CERT_INVALID');
    assert.equal(
      error?.message,
      'The certificate chain cannot be used: certificate 2 of the file (CN=not the issuer) did not issue certificate 1 (CN=Acme CI (prod)).',
    );
    assert.deepEqual((await readdir(dir)).sort(), ['bad-chain.pem', 'server.crt', 'server.key']);
  });

  it('never overwrites without --force', async () => {
    await writeFile(join(dir, 'server.jks'), 'an older keystore');
    const { error, exitCode } = await keystore(basic('server.jks'));
    assert.equal(exitCode, 78);
    assert.equal(error?.name, 'ERR_FILE_EXISTS');
    assert.equal(error?.message, `${join(dir, 'server.jks')} already exists; nothing was written.`);
    assert.deepEqual(error?.actions, ['Pass --force to replace it, or choose another --output-file.']);
    assert.equal(await readFile(join(dir, 'server.jks'), 'utf8'), 'an older keystore');
    const forced = await keystore(basic('server.jks', '--force'));
    assert.equal(forced.exitCode, 0);
    assert.equal((await readFile(join(dir, 'server.jks'))).readUInt32BE(0), 0xfeedfeed);
    assert.equal((await stat(join(dir, 'server.jks'))).mode & 0o777, 0o600);
  });

  describe('the password prompt', () => {
    let answers: string[];
    let asked: string[];
    const original = Object.getOwnPropertyDescriptor(Keystore.prototype, 'secretPrompt');
    beforeEach(() => {
      asked = [];
      Object.defineProperty(Keystore.prototype, 'secretPrompt', {
        configurable: true,
        value: ({ message }: { message: string }) => (asked.push(message), Promise.resolve(answers.shift() ?? '')),
      });
    });
    afterEach(() => {
      if (original === undefined) delete (Keystore.prototype as { secretPrompt?: unknown }).secretPrompt;
      else Object.defineProperty(Keystore.prototype, 'secretPrompt', original);
    });

    /** Runs with stdin and stdout as terminals, so the command may prompt. */
    async function interactive(args: string[]) {
      const saved = [process.stdin, process.stdout].map((s) => Object.getOwnPropertyDescriptor(s, 'isTTY'));
      for (const s of [process.stdin, process.stdout])
        Object.defineProperty(s, 'isTTY', { value: true, configurable: true });
      try {
        return await withEnv(NO_SECRETS, () => runCommand(Keystore, args));
      } finally {
        [process.stdin, process.stdout].forEach((s, i) => {
          const d = saved[i];
          if (d === undefined) delete (s as { isTTY?: boolean }).isTTY;
          else Object.defineProperty(s, 'isTTY', d);
        });
      }
    }

    it('asks twice and uses the password typed', async () => {
      answers = ['typed-pass', 'typed-pass'];
      const { result, exitCode } = await interactive(basic('typed.jks'));
      assert.equal(exitCode, 0);
      assert.deepEqual(asked, [
        'Password for the new keystore (it protects the key too):',
        'Type the keystore password again:',
      ]);
      keytool(['-list', '-keystore', result!.path, '-storepass', 'typed-pass', '-storetype', 'JKS']);
    });

    it('refuses two different passwords and an empty one, writing nothing', async () => {
      answers = ['typed-pass', 'typed-pasS'];
      const mismatch = await interactive(basic('typed.jks'));
      assert.equal(mismatch.error?.name, 'ERR_KEYSTORE_PASSWORD_MISMATCH');
      assert.equal(mismatch.error?.message, 'The two keystore passwords differ.');
      answers = [''];
      const empty = await interactive(basic('typed.jks'));
      assert.equal(empty.error?.name, 'ERR_KEYSTORE_PASSWORD_EMPTY');
      assert.equal(empty.error?.message, 'The keystore password is empty.');
      assert.deepEqual(empty.error?.actions, [
        'Type a password of at least 6 characters: Salesforce asks for it when importing the keystore.',
      ]);
      assert.deepEqual((await readdir(dir)).sort(), ['server.crt', 'server.key']);
    });
  });

  describe('errors', () => {
    const assertFails = async (
      args: string[],
      name: string,
      message: string,
      env: Record<string, string | undefined> = { SFJWT_KEYSTORE_PASSWORD: PASSWORD },
    ) => {
      const { error, exitCode, stdout } = await keystore(args, env);
      assert.equal(exitCode, exitCodeOf(name), `${name}: ${String(error)}`);
      assert.equal(error?.name, name);
      assert.equal(error?.message, message);
      assert.ok((error?.actions ?? []).length > 0);
      assert.ok(!`${stdout}${JSON.stringify(error)}`.includes(PASSWORD));
      assert.deepEqual((await readdir(dir)).sort(), ['server.crt', 'server.key'], 'nothing may be written');
    };
    // Extra input files live in a temp folder of their own, outside `dir` (which must stay as keygen left it); named
    // by a clock reading they could collide with a parallel run's in the shared tmpdir.
    let inputs: string;
    beforeEach(async () => {
      inputs = await mkdtemp(join(tmpdir(), 'jwt-keystore-inputs-'));
    });
    afterEach(() => rm(inputs, { recursive: true, force: true }));

    it('without SFJWT_KEYSTORE_PASSWORD and no terminal', () =>
      assertFails(
        basic('server.jks'),
        'ERR_KEYSTORE_PASSWORD_MISSING',
        'The keystore needs a password, and no prompt was possible: this is not an interactive terminal.',
        {},
      ));

    it('a file name that names no format', () =>
      assertFails(
        basic('server.keystore'),
        'ERR_KEYSTORE_FORMAT_UNKNOWN',
        'Cannot tell the keystore format from the file name "server.keystore".',
      ));

    it('a password under 6 characters', () =>
      assertFails(
        basic('server.jks'),
        'ERR_KEYSTORE_INVALID_OPTIONS',
        'The keystore password is too short: keytool needs at least 6 characters.',
        {
          SFJWT_KEYSTORE_PASSWORD: 'abc12',
        },
      ));

    it('an alias Salesforce cannot use as a certificate name', () =>
      assertFails(
        basic('server.jks', '--key-alias', 'my-cert'),
        'ERR_KEYSTORE_INVALID_OPTIONS',
        `The keystore alias "my-cert" cannot be used: it may contain only letters, digits and underscores. Salesforce's Import from Keystore turns the alias into the certificate's Unique Name, which takes only letters, digits and underscores, begins with a letter, and has no trailing or doubled underscore.`,
      ));

    it("a key that is not the certificate's, before any password is asked", async () => {
      const other = join(inputs, 'other.key');
      await writeFile(
        other,
        generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }),
      );
      await assertFails(
        ['--jwt-key-file', other, '--cert-file', cert, '--output-file', join(dir, 'server.jks')],
        'ERR_CERT_KEY_MISMATCH',
        'The private key does not match the certificate (with this pair, Salesforce answers "invalid assertion").',
        {},
      );
    });

    it('an RSA key size Salesforce does not import, before any password is asked', async () => {
      const odd = generateKeyPairSync('rsa', { modulusLength: 2560 });
      const oddKey = join(inputs, 'odd.key');
      const oddCert = join(inputs, 'odd.crt');
      await writeFile(oddKey, odd.privateKey.export({ type: 'pkcs8', format: 'pem' }));
      await writeFile(
        oddCert,
        createSelfSignedCertificate({ key: odd.privateKey, subject: { commonName: 'odd' }, now: Date.now }),
      );
      await assertFails(
        ['--jwt-key-file', oddKey, '--cert-file', oddCert, '--output-file', join(dir, 'server.jks')],
        'ERR_KEYSTORE_KEY_SIZE',
        'The RSA key has 2560 bits; Salesforce imports only keys of 2048, 3072 or 4096 bits ("Imported keys must have a bit size of 2048, 3072, or 4096.").',
        {},
      );
    });

    it('no key at all', () =>
      assertFails(
        ['--cert-file', cert, '--output-file', join(dir, 'server.jks')],
        'ERR_KEY_INPUT_MISSING',
        'No private key was given.',
      ));

    it('a missing certificate file', () =>
      assertFails(
        ['--jwt-key-file', key, '--cert-file', join(dir, 'nope.crt'), '--output-file', join(dir, 'server.jks')],
        'ERR_FILE_NOT_FOUND',
        `File not found: ${join(dir, 'nope.crt')}`,
      ));

    it('the key given as the certificate', () =>
      assertFails(
        ['--jwt-key-file', key, '--cert-file', key, '--output-file', join(dir, 'server.jks')],
        'ERR_CERT_IS_PRIVATE_KEY',
        'This is a private key, not a certificate: the app gets the certificate; the client keeps the private key.',
      ));

    it('rejects an unknown --format and missing required flags at parse time (exit 2)', async () => {
      const format = await keystore(basic('server.jks', '--format', 'bcfks'));
      assert.equal(format.exitCode, 64);
      assert.match(format.error?.message ?? '', /Expected --format=bcfks to be one of: jks, pkcs12/);
      const output = await keystore(['--jwt-key-file', key, '--cert-file', cert]);
      assert.equal(output.exitCode, 64);
      assert.match(output.error?.message ?? '', /Missing required flag output-file/);
    });
  });
});
