/**
 * The hostile-input table, files and environment half: every row runs `node bin/run.js jwt …` as a child process,
 * with the secrets' variables and files filled with canary values, and asserts the error code, the exit code, no
 * stack trace, no canary in any output, and bounded memory (the child's own peak RSS, reported on exit by
 * test/support/report-rss.mjs). Nothing is timed: mocha's timeout is only a guard against a hang (a FIFO, a device).
 */
import { strict as assert } from 'node:assert';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt } from '../support/build.js';
import { runJs, sfEnv } from '../support/sf-cli.js';
import { exitCodeOf } from '../../src/errors/exit-codes.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures');
const reportRss = join(import.meta.dirname, '..', 'support', 'report-rss.mjs');
/** Generous: a command that read /dev/zero into memory grew to gigabytes. */
const MAX_RSS_KB = 300 * 1024;

const CANARY = {
  passphrase: 'canary-passphrase-0d5a7e',
  keystorePassword: 'canary-store-pw-c41b9f',
  envGarbage: 'CANARY-NOT-A-KEY-8e3f2a',
  assertion: 'eyJhbGciOiJSUzI1NiJ9.eyJjYW5hcnkiOiJ5ZXMifQ.CANARY-SIGNATURE-77f1',
} as const;

interface Row {
  readonly name: string;
  readonly argv: readonly string[];
  readonly env?: Record<string, string>;
  /** Text for stdin; stdin is closed empty otherwise. */
  readonly stdin?: string;
  readonly code: string;
  readonly exit?: number;
  /** More checks on stderr. */
  readonly stderr?: RegExp;
  /**
   * Where the code shows instead of stderr's `Error (CODE): …` line: doctor reports every check and fails with a
   * summary, the failed check carrying the error's message.
   */
  readonly found?: RegExp;
}

interface Outcome {
  readonly exit: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly maxRssKb: number;
}

describe('hostile inputs: files, environment, flags', function () {
  this.timeout(60_000);
  let dir: string;
  let keyPem: string;
  let encryptedPem: string;
  let certPem: string;
  let canaries: string[];

  const p = (name: string): string => join(dir, name);

  before(async function () {
    this.timeout(120_000);
    ensureBuilt();
    dir = await mkdtemp(join(tmpdir(), 'jwt-hostile-'));
    keyPem = await readFile(join(fixtures, 'server.key'), 'utf8');
    certPem = await readFile(join(fixtures, 'server.crt'), 'utf8');
    encryptedPem = execFileSync(
      'openssl',
      ['pkey', '-in', join(fixtures, 'server.key'), '-aes256', '-passout', `pass:${CANARY.passphrase}`],
      {
        encoding: 'utf8',
      },
    );
    await copyFile(join(fixtures, 'server.key'), p('server.key'));
    await copyFile(join(fixtures, 'server.crt'), p('server.crt'));
    await writeFile(p('enc.key'), encryptedPem, { mode: 0o600 });
    execFileSync('mkfifo', [p('key.fifo')]);
    await mkdir(p('a-dir'));
    await writeFile(p('huge.key'), '');
    await truncate(p('huge.key'), 16 * 1024 ** 3);
    await writeFile(p('empty.key'), '');
    await writeFile(p('binary.key'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    await symlink(p('nowhere.key'), p('dangling.key'));
    await symlink('/dev/zero', p('zero-link.key'));
    await writeFile(p('in-the-way'), 'a file where a folder should be');
    await mkdir(p('locked'));
    // A lock held by a live process: this one.
    await writeFile(p('locked/.sfjwt.lock'), `${process.pid}\n`);
    await mkdir(p('links'));
    await symlink(p('links/nowhere.key'), p('links/server.key'));
    await symlink(p('nowhere.p12'), p('dangling.p12'));
    const body = (pem: string): string[] => pem.split('\n').filter((l) => l.length > 40 && !l.startsWith('-----'));
    canaries = [
      CANARY.passphrase,
      CANARY.keystorePassword,
      CANARY.envGarbage,
      'CANARY-SIGNATURE-77f1',
      ...body(keyPem),
      ...body(encryptedPem),
    ];
  });
  after(() => rm(dir, { recursive: true, force: true }));

  async function runRow(row: Row): Promise<Outcome> {
    const rssFile = p(`rss-${Math.random().toString(16).slice(2)}`);
    const child = spawn(process.execPath, ['--import', reportRss, runJs, 'jwt', ...row.argv], {
      cwd: dir,
      env: sfEnv(dir, { SFJWT_TEST_RSS_FILE: rssFile, ...row.env }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdin.on('error', () => undefined); // the command may stop reading (a cap) before all is written
    child.stdin.end(row.stdin ?? '');
    const [exit] = (await once(child, 'close')) as [number | null]; // 'close': all of stdout and stderr are in
    const maxRssKb = Number(await readFile(rssFile, 'utf8').catch(() => 'NaN'));
    return { exit, stdout, stderr, maxRssKb };
  }

  const hugeStdin = 'A'.repeat(5 * 1024 * 1024);
  const alias100k = 'a'.repeat(100_000);
  const name100k = 'n'.repeat(100_000);
  const assertFlags = ['assert', '-i', '3MVG9hostile', '--username', 'hostile@example.com'];
  const exchange = (command: string) => [
    command,
    '-i',
    '3MVG9hostile',
    '-o',
    'hostile@example.com',
    '-r',
    'http://127.0.0.1:9',
  ];
  const keystoreEnv = () => ({ SFJWT_KEYSTORE_PASSWORD: CANARY.keystorePassword });
  const keystore = (...more: string[]) => [
    'keystore',
    '--jwt-key-file',
    p('server.key'),
    '--cert-file',
    p('server.crt'),
    ...more,
  ];

  const rows: Array<() => Row> = [
    // Key files that are not key files.
    () => ({
      name: 'assert: key file /dev/zero',
      argv: [...assertFlags, '--jwt-key-file', '/dev/zero'],
      code: 'ERR_NOT_A_REGULAR_FILE',
    }),
    () => ({
      name: 'assert: key file /dev/urandom',
      argv: [...assertFlags, '--jwt-key-file', '/dev/urandom'],
      code: 'ERR_NOT_A_REGULAR_FILE',
    }),
    () => ({
      name: 'assert: key file a FIFO with no writer',
      argv: [...assertFlags, '--jwt-key-file', p('key.fifo')],
      code: 'ERR_NOT_A_REGULAR_FILE',
    }),
    () => ({
      name: 'assert: key file a directory',
      argv: [...assertFlags, '--jwt-key-file', p('a-dir')],
      code: 'ERR_NOT_A_FILE',
    }),
    () => ({
      name: 'assert: key file a 16 GiB sparse file',
      argv: [...assertFlags, '--jwt-key-file', p('huge.key')],
      code: 'ERR_FILE_TOO_LARGE',
    }),
    () => ({
      name: 'assert: key file missing',
      argv: [...assertFlags, '--jwt-key-file', p('missing.key')],
      code: 'ERR_FILE_NOT_FOUND',
    }),
    () => ({
      name: 'assert: key file a dangling symlink',
      argv: [...assertFlags, '--jwt-key-file', p('dangling.key')],
      code: 'ERR_FILE_NOT_FOUND',
    }),
    () => ({
      name: 'assert: key file a symlink to /dev/zero',
      argv: [...assertFlags, '--jwt-key-file', p('zero-link.key')],
      code: 'ERR_NOT_A_REGULAR_FILE',
    }),
    () => ({
      name: 'assert: key file empty',
      argv: [...assertFlags, '--jwt-key-file', p('empty.key')],
      code: 'ERR_KEY_EMPTY',
    }),
    () => ({
      name: 'assert: key file binary garbage',
      argv: [...assertFlags, '--jwt-key-file', p('binary.key')],
      code: 'ERR_KEY_BINARY',
    }),
    () => ({
      name: 'assert: key file is the certificate',
      argv: [...assertFlags, '--jwt-key-file', p('server.crt')],
      code: 'ERR_KEY_IS_CERTIFICATE',
    }),
    // Stdin.
    () => ({
      name: 'assert: 5 MB on stdin',
      argv: [...assertFlags, '--jwt-key-file', '-'],
      stdin: hugeStdin,
      code: 'ERR_FILE_TOO_LARGE',
    }),
    () => ({
      name: 'assert: nothing on stdin',
      argv: [...assertFlags, '--jwt-key-file', '-'],
      code: 'ERR_STDIN_EMPTY',
    }),
    () => ({
      name: 'token: stdin given twice as --jwt-key-file (a key on it)',
      argv: [...exchange('token'), '--jwt-key-file', '-', '--jwt-key-file', '-'],
      stdin: keyPem,
      code: 'ERR_STDIN_TWICE',
      stderr: /--jwt-key-file - is given 2 times, but stdin can be read only once/,
    }),
    () => ({
      name: 'validate: 5 MB assertion on stdin',
      argv: ['validate', '--assertion', '-'],
      stdin: hugeStdin,
      code: 'ERR_FILE_TOO_LARGE',
    }),
    // Certificate files.
    () => ({
      name: 'inspect: cert file /dev/zero',
      argv: ['inspect', '--cert-file', '/dev/zero'],
      code: 'ERR_NOT_A_REGULAR_FILE',
    }),
    () => ({
      name: 'inspect: cert file a FIFO',
      argv: ['inspect', '--cert-file', p('key.fifo')],
      code: 'ERR_NOT_A_REGULAR_FILE',
    }),
    () => ({
      name: 'inspect: cert file a 16 GiB sparse file',
      argv: ['inspect', '--cert-file', p('huge.key')],
      code: 'ERR_FILE_TOO_LARGE',
    }),
    () => ({
      name: 'validate: cert file /dev/urandom',
      argv: ['validate', '--cert-file', '/dev/urandom'],
      env: { SFJWT_ASSERTION: CANARY.assertion },
      code: 'ERR_NOT_A_REGULAR_FILE',
    }),
    // The exchange commands read the key before any network.
    () => ({
      name: 'token: key file /dev/zero',
      argv: [...exchange('token'), '--jwt-key-file', '/dev/zero'],
      code: 'ERR_NOT_A_REGULAR_FILE',
    }),
    () => ({
      name: 'login: key file a FIFO',
      argv: [...exchange('login'), '--jwt-key-file', p('key.fifo')],
      code: 'ERR_NOT_A_REGULAR_FILE',
    }),
    () => ({
      name: "doctor: cert file /dev/zero (a report: the certificate check fails with the error's text)",
      argv: [...exchange('doctor'), '--jwt-key-file', p('server.key'), '--cert-file', '/dev/zero'],
      code: 'ERR_NOT_A_REGULAR_FILE',
      found: /certificate +FAIL +\/dev\/zero is a character device, not a regular file; nothing was read from it\./,
    }),
    // keystore: inputs, outputs, flags.
    () => ({
      name: 'keystore: cert file /dev/urandom',
      argv: ['keystore', '--jwt-key-file', p('server.key'), '--cert-file', '/dev/urandom', '--output-file', p('x.p12')],
      env: keystoreEnv(),
      code: 'ERR_NOT_A_REGULAR_FILE',
    }),
    () => ({
      name: 'keystore: key file a FIFO',
      argv: ['keystore', '--jwt-key-file', p('key.fifo'), '--cert-file', p('server.crt'), '--output-file', p('x.p12')],
      env: keystoreEnv(),
      code: 'ERR_NOT_A_REGULAR_FILE',
    }),
    () => ({
      name: 'keystore: output is the key file (--force)',
      argv: keystore('--output-file', p('server.key'), '--format', 'pkcs12', '--force'),
      env: keystoreEnv(),
      code: 'ERR_OUTPUT_IS_INPUT',
    }),
    () => ({
      name: 'keystore: output is the certificate (--force)',
      argv: keystore('--output-file', p('server.crt'), '--format', 'jks', '--force'),
      env: keystoreEnv(),
      code: 'ERR_OUTPUT_IS_INPUT',
    }),
    () => ({
      name: 'keystore: output a dangling symlink',
      argv: keystore('--output-file', p('dangling.p12')),
      env: keystoreEnv(),
      code: 'ERR_FILE_EXISTS',
      stderr: /is a dangling symbolic link; nothing was written/,
    }),
    () => ({
      name: 'keystore: output a directory',
      argv: keystore('--output-file', p('a-dir'), '--format', 'pkcs12'),
      env: keystoreEnv(),
      code: 'ERR_NOT_A_FILE',
    }),
    () => ({
      name: 'keystore: a 100 KB --key-alias is not echoed whole',
      argv: keystore('--output-file', p('alias.p12'), '--key-alias', alias100k),
      env: keystoreEnv(),
      code: 'ERR_KEYSTORE_INVALID_OPTIONS',
      stderr: /"a{100}… \(100000 characters\)"/,
    }),
    () => ({
      name: 'keystore: no password and no terminal',
      argv: keystore('--output-file', p('nopw.p12')),
      code: 'ERR_KEYSTORE_PASSWORD_MISSING',
    }),
    () => ({
      name: 'keystore: a 5-character password',
      argv: keystore('--output-file', p('short.p12')),
      env: { SFJWT_KEYSTORE_PASSWORD: 'q7Zx!' },
      code: 'ERR_KEYSTORE_INVALID_OPTIONS',
    }),
    // keygen: where it writes.
    () => ({
      name: 'keygen: a file in the way of the folder',
      argv: ['keygen', '--output-dir', p('in-the-way/sub')],
      code: 'ERR_FILE_UNWRITABLE',
    }),
    () => ({
      name: 'keygen: folder locked by a live process',
      argv: ['keygen', '--output-dir', p('locked')],
      code: 'ERR_FOLDER_LOCKED',
    }),
    () => ({
      name: 'keygen: server.key a dangling symlink',
      argv: ['keygen', '--output-dir', p('links')],
      code: 'ERR_FILE_EXISTS',
      stderr: /is a dangling symbolic link/,
    }),
    () => ({
      name: 'keygen: a 100 KB --name is not echoed whole',
      argv: ['keygen', '--output-dir', p('names'), `--name=.${name100k}`],
      code: 'ERR_INVALID_NAME',
      stderr: /"\.n{99}… \(100001 characters\)"/,
    }),
    () => ({
      name: 'keygen --encrypt: no passphrase and no terminal',
      argv: ['keygen', '--output-dir', p('enc'), '--encrypt'],
      code: 'ERR_PASSPHRASE_MISSING',
    }),
    // Secrets in the environment.
    () => ({
      name: 'assert: SFJWT_KEY not a key',
      argv: assertFlags,
      env: { SFJWT_KEY: CANARY.envGarbage },
      code: 'ERR_KEY_NOT_PEM',
    }),
    () => ({
      name: 'assert: SFJWT_KEY holds a certificate',
      argv: assertFlags,
      env: { SFJWT_KEY: certPem },
      code: 'ERR_KEY_IS_CERTIFICATE',
    }),
    () => ({
      name: 'assert: SFJWT_KEY of 120 KB (Linux caps one variable at 128 KB)',
      argv: assertFlags,
      env: { SFJWT_KEY: `${CANARY.envGarbage}${'B'.repeat(120_000)}` },
      code: 'ERR_KEY_NOT_PEM',
    }),
    () => ({
      name: 'assert: encrypted SFJWT_KEY, wrong passphrase',
      argv: assertFlags,
      env: { SFJWT_KEY: encryptedPem, SFJWT_KEY_PASSPHRASE: `${CANARY.passphrase}-wrong` },
      code: 'ERR_KEY_PASSPHRASE_WRONG',
    }),
    () => ({
      name: 'assert: encrypted SFJWT_KEY, no passphrase',
      argv: assertFlags,
      env: { SFJWT_KEY: encryptedPem },
      code: 'ERR_KEY_PASSPHRASE_REQUIRED',
    }),
    () => ({
      name: 'inspect: encrypted key file, wrong passphrase',
      argv: ['inspect', '--jwt-key-file', p('enc.key')],
      env: { SFJWT_KEY_PASSPHRASE: 'x' },
      code: 'ERR_KEY_PASSPHRASE_WRONG',
    }),
    () => ({
      name: 'assert: old SF_JWT_KEY not a key (warns, still no echo)',
      argv: assertFlags,
      env: { SF_JWT_KEY: CANARY.envGarbage },
      code: 'ERR_KEY_NOT_PEM',
      stderr: /SF_JWT_KEY is deprecated: rename it to SFJWT_KEY/,
    }),
    () => ({
      name: 'validate: SFJWT_ASSERTION of 120 KB garbage',
      argv: ['validate'],
      env: { SFJWT_ASSERTION: `${CANARY.envGarbage}${'C'.repeat(120_000)}` },
      code: 'ERR_ASSERTION_TOO_LARGE',
    }),
    () => ({ name: 'token: no key anywhere', argv: exchange('token'), code: 'ERR_KEY_INPUT_MISSING' }),
  ];

  it('has at least 35 rows', () => assert.ok(rows.length >= 35, `${rows.length} rows`));

  // The rows run two at a time (a 2-core machine), all before the assertions; each row's test then checks its own.
  const outcomes: Array<Promise<{ row: Row; out: Outcome }>> = [];
  before(async function () {
    this.timeout(300_000);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < rows.length) {
        const row = rows[next]!();
        const out = runRow(row).then((o) => ({ row, out: o }));
        outcomes[next++] = out;
        await out.catch(() => undefined);
      }
    };
    await Promise.all([worker(), worker()]);
  });

  for (const index of rows.keys()) {
    it(`row ${index + 1}`, async function () {
      const { row, out } = await outcomes[index]!;
      this.test!.title = `row ${index + 1}: ${row.name} → ${row.code}`;
      const both = out.stdout + out.stderr;
      assert.equal(
        out.exit,
        row.exit ?? exitCodeOf(row.code),
        `${row.name}: exit ${out.exit}\n${out.stderr.slice(0, 2000)}`,
      );
      if (row.found === undefined)
        assert.match(out.stderr, new RegExp(`Error \\(${row.code}\\): `), `${row.name}:\n${out.stderr.slice(0, 2000)}`);
      else assert.match(out.stdout, row.found, `${row.name}:\n${out.stdout.slice(0, 2000)}`);
      assert.doesNotMatch(
        both,
        /\n\s+at [\w.<>]+ \(|\n\s+at file:|TypeError/,
        `${row.name}: a stack trace or TypeError`,
      );
      if (row.stderr !== undefined) assert.match(out.stderr, row.stderr, row.name);
      for (const canary of canaries)
        assert.ok(!both.includes(canary), `${row.name}: a secret is in the output (${canary.slice(0, 12)}…)`);
      assert.ok(both.length < 20_000, `${row.name}: ${both.length} characters of output`);
      assert.ok(Number.isFinite(out.maxRssKb), `${row.name}: the child reported no RSS`);
      assert.ok(out.maxRssKb < MAX_RSS_KB, `${row.name}: peak RSS ${out.maxRssKb} KB`);
    });
  }
});
