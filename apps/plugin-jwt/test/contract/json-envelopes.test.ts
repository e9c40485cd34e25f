/**
 * The `--json` contract: for a representative set of inputs to every command (successes and errors), the exit code,
 * stdout and stderr stay byte-identical to the snapshots in snapshots/. The clock is fixed, keys and certificates
 * come from test/fixtures and the emulator has a fixed clock and app; only what must vary (temp paths, the port,
 * durations, stack traces, random key material, ids the emulator draws) is replaced by placeholders.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Emulator } from '@sfjwt/salesforce-emulator';
import JwtAssert from '../../src/commands/jwt/assert.js';
import JwtDoctor from '../../src/commands/jwt/doctor.js';
import Inspect from '../../src/commands/jwt/inspect.js';
import Keygen from '../../src/commands/jwt/keygen.js';
import Keystore from '../../src/commands/jwt/keystore.js';
import JwtPreapprove from '../../src/commands/jwt/preapprove.js';
import JwtToken from '../../src/commands/jwt/token.js';
import JwtValidate from '../../src/commands/jwt/validate.js';
import { runNodeChild } from '../support/child-run.js';
import { ensureEmulatorBuilt } from '../support/emulator.js';
import { withoutTerminal } from '../support/helpers.js';
import { runInProcess } from '../support/run-command.js';
import { assertSnapshot, render, volatileValues, type Printed, type Replacements } from './snapshot.js';

/** 2027-01-01T00:00:00Z: inside the fixture certificate's validity. */
const NOW = Date.UTC(2027, 0, 1);
const CLIENT_ID = '3MVG9contractClientId';
const USER = 'ci@acme.com';
const MY_DOMAIN = 'https://acme.my.salesforce.com';
const NO_ENV = {
  SFJWT_KEY: undefined,
  SFJWT_KEY_PASSPHRASE: undefined,
  SFJWT_KEYSTORE_PASSWORD: undefined,
  SFJWT_ASSERTION: undefined,
  HTTPS_PROXY: undefined,
  HTTP_PROXY: undefined,
  https_proxy: undefined,
  http_proxy: undefined,
  NO_PROXY: undefined,
  no_proxy: undefined,
};
const fixturesDir = fileURLToPath(new URL('../fixtures/', import.meta.url));
const entry = fileURLToPath(new URL('cli-entry.ts', import.meta.url));
const tsx = import.meta.resolve('tsx');

type Env = Record<string, string | undefined>;
type Command = { run(argv: string[], dir: string): Promise<unknown> };

/** Runs a command class in-process with `--json`, the clock fixed and no terminal (so never a prompt). */
async function inProcess(command: Command, argv: string[], env: Env = {}, now = NOW): Promise<Printed> {
  const realNow = Date.now;
  Date.now = () => now;
  try {
    return await withoutTerminal(() => runInProcess<unknown>(command, [...argv, '--json'], { ...NO_ENV, ...env }));
  } finally {
    Date.now = realNow;
  }
}

/** Runs `sf jwt <name>` as a child process (isolated HOME, real stdin) through cli-entry.ts with the clock fixed. */
function child(name: string, argv: string[], options: { cwd: string; env?: Env; input?: string }): Promise<Printed> {
  return runNodeChild(['--import', tsx, entry, String(NOW), name, ...argv, '--json'], options);
}

describe('--json contract (byte-identical envelopes)', function () {
  this.timeout(120_000);
  let work: string;
  let emulator: Emulator;
  let orgId: string;
  let userId: string;
  const file = (name: string): string => join(work, name);
  const replacements = (): Replacements => [
    [work, '<work>'],
    [realpathSync(work), '<work>'],
    [process.cwd(), '<cwd>'],
    [`127.0.0.1:${emulator.port}`, '127.0.0.1:<port>'],
    [orgId, '<orgId>'],
    [userId, '<userId>'],
  ];
  const check = (name: string, printed: Printed, volatile: readonly string[] = []): void => {
    const json = printed.stdout.trimStart().startsWith('{') ? printed.stdout : printed.stderr;
    assertSnapshot(name, render(printed, [...replacements(), ...volatileValues(json, volatile)]));
  };

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'plugin-jwt-contract-'));
    for (const name of readdirSync(fixturesDir))
      if (name !== 'README.md') copyFileSync(join(fixturesDir, name), join(work, name));
    ensureEmulatorBuilt();
    const { createDemoConfig, startEmulator } = await import('@sfjwt/salesforce-emulator');
    const demo = createDemoConfig({ appType: 'connected-app', consumerKey: CLIENT_ID, username: USER, now: NOW });
    const [app] = demo.config.apps;
    demo.config.apps = [{ ...app!, certificate: readFileSync(file('server.crt'), 'utf8') }];
    emulator = await startEmulator(demo.config, { now: () => NOW });
    ({ orgId, userId } = demo);
  });
  after(async () => {
    await emulator.stop();
    rmSync(work, { recursive: true, force: true });
  });

  const signFlags = (): string[] => ['-i', CLIENT_ID, '-o', USER, '-f', file('server.key'), '-r', MY_DOMAIN];
  const emulatorFlags = (key = 'server.key'): string[] => [
    '-i',
    CLIENT_ID,
    '-o',
    USER,
    '-f',
    file(key),
    '-r',
    emulator.url,
  ];

  describe('jwt assert', () => {
    it('signs (my domain)', async () => check('assert-ok', await inProcess(JwtAssert, signFlags())));
    it('signs with a sandbox host and --jti', async () => {
      const out = await inProcess(JwtAssert, [
        ...signFlags().slice(0, -1),
        'https://acme--uat.sandbox.my.salesforce.com',
        '--jti',
      ]);
      check('assert-sandbox-jti', out, ['result.token', 'result.claims.jti']);
    });
    it('signs a long-lived assertion (warning)', async () =>
      check('assert-long-lived', await inProcess(JwtAssert, [...signFlags(), '--expires-in', '3600'])));
    it('refuses --jti on a long-lived assertion', async () =>
      check('assert-long-lived-jti', await inProcess(JwtAssert, [...signFlags(), '--expires-in', '3600', '--jti'])));
    it('signs with the key from SFJWT_KEY and an explicit --audience', async () => {
      const out = await inProcess(
        JwtAssert,
        ['-i', CLIENT_ID, '-o', USER, '--audience', 'https://login.salesforce.com'],
        { SFJWT_KEY: readFileSync(file('server.key'), 'utf8') },
      );
      check('assert-env-key-audience', out);
    });
    it('signs with an encrypted key and SFJWT_KEY_PASSPHRASE', async () => {
      check(
        'assert-encrypted-env-passphrase',
        await inProcess(JwtAssert, [...signFlags().slice(0, 5), file('server-encrypted.key')], {
          SFJWT_KEY_PASSPHRASE: 'SomePassword',
        }),
      );
    });
    it('reads the key from stdin', async () => {
      const out = await child('assert', ['-i', CLIENT_ID, '-o', USER, '-f', '-', '-r', MY_DOMAIN], {
        cwd: work,
        input: readFileSync(file('server.key'), 'utf8'),
      });
      check('assert-stdin-key', out);
    });
    it('ERR_KEY_INPUT_MISSING', async () =>
      check('assert-no-key', await inProcess(JwtAssert, ['-i', CLIENT_ID, '-o', USER])));
    it('ERR_FILE_NOT_FOUND', async () =>
      check('assert-key-not-found', await inProcess(JwtAssert, ['-i', CLIENT_ID, '-o', USER, '-f', file('nope.key')])));
    it('ERR_KEY_PASSPHRASE_REQUIRED', async () =>
      check(
        'assert-passphrase-required',
        await inProcess(JwtAssert, ['-i', CLIENT_ID, '-o', USER, '-f', file('server-encrypted.key')]),
      ));
    it('a certificate given as the key', async () =>
      check('assert-cert-as-key', await inProcess(JwtAssert, ['-i', CLIENT_ID, '-o', USER, '-f', file('server.crt')])));
    it('a bad --instance-url', async () =>
      check(
        'assert-bad-instance-url',
        await inProcess(JwtAssert, [...signFlags().slice(0, -1), 'http://acme.my.salesforce.com']),
      ));
    it('a bad --client-id', async () =>
      check(
        'assert-bad-client-id',
        await inProcess(JwtAssert, ['-i', 'has space', '-o', USER, '-f', file('server.key')]),
      ));
    it('a missing required flag (exit 64, ERR_USAGE)', async () =>
      check('assert-missing-flag', await inProcess(JwtAssert, ['-o', USER, '-f', file('server.key')])));
  });

  describe('jwt validate', () => {
    const assertion = async (): Promise<string> => {
      const out = await inProcess(JwtAssert, signFlags());
      return (JSON.parse(out.stdout) as { result: { token: string } }).result.token;
    };
    const expected = ['-i', CLIENT_ID, '-o', USER, '-r', MY_DOMAIN];
    it('accepts (signature checked)', async () => {
      check(
        'validate-ok',
        await inProcess(JwtValidate, [
          '--assertion',
          await assertion(),
          '--cert-file',
          file('server.crt'),
          ...expected,
        ]),
      );
    });
    it('rejects an expired assertion for another org (exit 78, findings in result)', async () => {
      const out = await inProcess(
        JwtValidate,
        ['--assertion', await assertion(), '-i', 'other', '-r', 'https://test.salesforce.com'],
        {},
        NOW + 3_600_000,
      );
      check('validate-rejected', out);
    });
    it('reads SFJWT_ASSERTION', async () =>
      check('validate-env', await inProcess(JwtValidate, [], { SFJWT_ASSERTION: await assertion() })));
    it('reads stdin', async () => {
      check(
        'validate-stdin',
        await child('validate', ['--assertion', '-', '--cert-file', 'server.crt', ...expected], {
          cwd: work,
          input: await assertion(),
        }),
      );
    });
    it('a malformed assertion', async () =>
      check('validate-malformed', await inProcess(JwtValidate, ['--assertion', 'not.a.jwt'])));
    it('ERR_ASSERTION_INPUT_MISSING', async () => check('validate-missing', await inProcess(JwtValidate, [])));
    it('a certificate that is not found', async () => {
      check(
        'validate-cert-not-found',
        await inProcess(JwtValidate, ['--assertion', await assertion(), '--cert-file', file('nope.crt')]),
      );
    });
  });

  describe('jwt inspect', () => {
    it('key and certificate that match', async () =>
      check('inspect-match', await inProcess(Inspect, ['-f', file('server.key'), '--cert-file', file('server.crt')])));
    it('a certificate only', async () =>
      check('inspect-cert', await inProcess(Inspect, ['--cert-file', file('server.crt')])));
    it('an encrypted key only', async () => {
      check(
        'inspect-encrypted-key',
        await inProcess(Inspect, ['-f', file('server-encrypted.key')], { SFJWT_KEY_PASSPHRASE: 'SomePassword' }),
      );
    });
    it('the key from SFJWT_KEY', async () =>
      check('inspect-env-key', await inProcess(Inspect, [], { SFJWT_KEY: readFileSync(file('other.key'), 'utf8') })));
    it('the certificate when it has expired', async () =>
      check(
        'inspect-cert-expired',
        await inProcess(Inspect, ['--cert-file', file('server.crt')], {}, Date.UTC(2200, 0, 1)),
      ));
    it('ERR_CERT_KEY_MISMATCH (with the result)', async () =>
      check(
        'inspect-mismatch',
        await inProcess(Inspect, ['-f', file('other.key'), '--cert-file', file('server.crt')]),
      ));
    it('ERR_NOTHING_TO_INSPECT', async () => check('inspect-nothing', await inProcess(Inspect, [])));
    it('a key given as the certificate', async () =>
      check('inspect-key-as-cert', await inProcess(Inspect, ['--cert-file', file('server.key')])));
  });

  describe('jwt keygen', () => {
    const random = ['sha1Fingerprint', 'sha256Fingerprint', 'publicKeySha256Fingerprint', 'x5t', 'x5tS256'].map(
      (f) => `result.${f}`,
    );
    it('writes key, certificate and CSR', async () => {
      const out = await inProcess(Keygen, [
        '--output-dir',
        file('out'),
        '--name',
        'ci',
        '--csr',
        '--common-name',
        'Acme CI',
        '--organization',
        'Acme',
        '--country',
        'US',
        '--days',
        '30',
      ]);
      check('keygen-ok', out, random);
    });
    it('writes an encrypted key', async () => {
      check(
        'keygen-encrypted',
        await inProcess(Keygen, ['--output-dir', file('enc'), '--encrypt', '--bits', '3072'], {
          SFJWT_KEY_PASSPHRASE: 'SomePassword',
        }),
        random,
      );
    });
    it('ERR_FILE_EXISTS', async () =>
      check('keygen-exists', await inProcess(Keygen, ['--output-dir', file('out'), '--name', 'ci'])));
    it('ERR_INVALID_NAME', async () =>
      check('keygen-invalid-name', await inProcess(Keygen, ['--output-dir', file('out'), '--name', '../up'])));
    it('ERR_PASSPHRASE_MISSING', async () =>
      check('keygen-passphrase-missing', await inProcess(Keygen, ['--output-dir', file('nopass'), '--encrypt'])));
    it('an out-of-range --days (exit 64, ERR_USAGE)', async () =>
      check('keygen-bad-days', await inProcess(Keygen, ['--output-dir', file('out'), '--days', '0'])));
  });

  describe('jwt keystore', () => {
    const base = (output: string): string[] => [
      '-f',
      file('server.key'),
      '--cert-file',
      file('server.crt'),
      '--output-file',
      file(output),
    ];
    const password = { SFJWT_KEYSTORE_PASSWORD: 'store-pass 1' };
    it('writes a JKS', async () => check('keystore-jks', await inProcess(Keystore, base('store.jks'), password)));
    it('writes a PKCS#12 with --key-alias', async () =>
      check(
        'keystore-p12',
        await inProcess(Keystore, [...base('store.p12'), '--key-alias', 'Contract_Key'], password),
      ));
    it('warns when the extension and --format disagree', async () =>
      check('keystore-format-mismatch', await inProcess(Keystore, [...base('jks.p12'), '--format', 'jks'], password)));
    it('ERR_FILE_EXISTS (its own action)', async () =>
      check('keystore-exists', await inProcess(Keystore, base('store.jks'), password)));
    it('ERR_KEYSTORE_FORMAT_UNKNOWN', async () =>
      check('keystore-format-unknown', await inProcess(Keystore, base('store.bin'), password)));
    it('ERR_KEYSTORE_PASSWORD_MISSING', async () =>
      check('keystore-password-missing', await inProcess(Keystore, base('nopass.jks'))));
    it('ERR_CERT_KEY_MISMATCH', async () => {
      check(
        'keystore-mismatch',
        await inProcess(
          Keystore,
          ['-f', file('other.key'), '--cert-file', file('server.crt'), '--output-file', file('other.jks')],
          password,
        ),
      );
    });
  });

  describe('jwt preapprove', () => {
    it('the guide for a My Domain', async () =>
      check(
        'preapprove-ok',
        await inProcess(JwtPreapprove, ['-i', CLIENT_ID, '-r', `${MY_DOMAIN}/`, '--username', USER]),
      ));
    it('a code flow with a redirect URI', async () => {
      check(
        'preapprove-code',
        await inProcess(JwtPreapprove, [
          '-i',
          CLIENT_ID,
          '--response-type',
          'code',
          '--redirect-uri',
          'https://app.example.com/cb',
        ]),
      );
    });
    it('a bad --instance-url', async () =>
      check('preapprove-bad-instance-url', await inProcess(JwtPreapprove, ['-i', CLIENT_ID, '-r', 'ftp://acme'])));
  });

  describe('jwt token (emulator)', () => {
    it('issues a token', async () =>
      check('token-ok', await inProcess(JwtToken, emulatorFlags()), ['result.accessToken']));
    it('issues a token with --cert-file', async () => {
      check('token-ok-cert', await inProcess(JwtToken, [...emulatorFlags(), '--cert-file', file('server.crt')]), [
        'result.accessToken',
      ]);
    });
    it('ERR_TOKEN_GRANT_REJECTED with the diagnosis (key not the certificate’s)', async () => {
      check(
        'token-rejected-mismatch',
        await inProcess(JwtToken, [...emulatorFlags('other.key'), '--cert-file', file('server.crt')]),
      );
    });
    it('ERR_TOKEN_GRANT_REJECTED for an unknown client id', async () => {
      check(
        'token-rejected-client',
        await inProcess(JwtToken, ['-i', 'unknown', '-o', USER, '-f', file('server.key'), '-r', emulator.url]),
      );
    });
    it('ERR_KEY_INPUT_MISSING', async () =>
      check('token-no-key', await inProcess(JwtToken, ['-i', CLIENT_ID, '-o', USER, '-r', emulator.url])));
  });

  describe('jwt doctor (emulator)', () => {
    it('passes every check', async () =>
      check('doctor-ok', await inProcess(JwtDoctor, [...emulatorFlags(), '--cert-file', file('server.crt')])));
    it('fails the match and the exchange (exit 78, the code of the first failed check)', async () => {
      check(
        'doctor-mismatch',
        await inProcess(JwtDoctor, [...emulatorFlags('other.key'), '--cert-file', file('server.crt')]),
      );
    });
    it('fails the key and skips what depends on it', async () =>
      check('doctor-bad-key', await inProcess(JwtDoctor, emulatorFlags('server.crt'))));
  });

  describe('jwt login (emulator, isolated HOME)', () => {
    it('logs in', async () =>
      check(
        'login-ok',
        await child('login', [...emulatorFlags(), '--alias', 'contract', '--set-default'], { cwd: work }),
      ));
    it('no refresh with an encrypted key', async () => {
      check(
        'login-encrypted',
        await child('login', emulatorFlags('server-encrypted.key'), {
          cwd: work,
          env: { SFJWT_KEY_PASSPHRASE: 'SomePassword' },
        }),
      );
    });
    it('ERR_TOKEN_GRANT_REJECTED', async () =>
      check('login-rejected', await child('login', emulatorFlags('other.key'), { cwd: work })));
  });
});
