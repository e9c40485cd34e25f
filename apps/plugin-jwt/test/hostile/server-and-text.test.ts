/**
 * The hostile table, server and text half: a lying server (test/support/hostile-server.ts) on the token endpoint and
 * on the org lookups after login, and hostile flag values echoed in errors. Every row runs the command as its own
 * process with an empty HOME and asserts: the error code and exit code, no stack trace, no private key or access
 * token in any output, no raw ESC/BEL/CR (or other control character) in human output, output size bounded, and the
 * child's peak memory bounded. No elapsed time is asserted; the mocha timeout is only a guard against a hang.
 */
import { strict as assert } from 'node:assert';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  HOSTILE_ACCESS_TOKEN,
  startHostileServer,
  type HostileScript,
  type SeenRequest,
} from '../support/hostile-server.js';
import { runNodeChild } from '../support/child-run.js';

const ESC = '\u001b';
const BEL = '\u0007';
/** Escape sequences and forged lines a hostile server or user would send. */
const ANSI = `${ESC}]0;pwned-title${BEL}${ESC}[2J${ESC}[1;31mRED${ESC}[0m${ESC}]8;;https://evil.example${ESC}\\click${ESC}]8;;${ESC}\\`;
const FORGED = 'bad\r\nSuccess: Logged in as admin@acme.com\rOK';
const MB5 = 5 * 1024 * 1024;

const entry = fileURLToPath(new URL('entry.ts', import.meta.url));
const fixtureKey = fileURLToPath(new URL('../fixtures/server.key', import.meta.url));
const tsx = import.meta.resolve('tsx');
/** Every base64 line of the private key: none may appear in any output. */
const keyLines = readFileSync(fixtureKey, 'utf8')
  .split('\n')
  .filter((l) => l.length > 40 && !l.startsWith('-----'));

const MAX_OUTPUT_BYTES = 8 * 1024;
const MAX_RSS_KIB = 300 * 1024;

interface Row {
  readonly name: string;
  readonly command: 'token' | 'login' | 'doctor';
  /** Flags replacing or added to the defaults (client id, username, key file, instance URL = the server). */
  readonly argv?: (server: string) => string[];
  readonly env?: Record<string, string>;
  readonly script?: HostileScript;
  readonly code: string | undefined;
  readonly exit: number;
  /** Extra checks (the server's record, the HOME after the run). */
  readonly check?: (run: Run) => void;
}

interface Run {
  /** What the hostile server saw. */
  readonly requests: readonly SeenRequest[];
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
  readonly maxRssKiB: number;
  readonly home: string;
  /** The auth files in HOME/.sfdx after the run. */
  readonly authFileNames: readonly string[];
}

const okOrg: HostileScript = { token: { kind: 'token' } };
const rejected = (error: string, description: string): HostileScript => ({
  token: { kind: 'json', status: 400, body: { error, error_description: description } },
});

function authFiles(home: string): string[] {
  const dir = join(home, '.sfdx');
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json') && f.includes('@')) : [];
}

const nothingSaved = (run: Run): void => assert.deepEqual(run.authFileNames, [], 'no auth file may be written');
const exchangeFailed = (run: Run): void => assert.match(run.stdout, /^✗ exchange +FAIL /m);
const tokenNeverSentTo = (path: string) => (run: Run) =>
  assert.equal(
    run.requests.filter((r) => r.path.startsWith(path) && r.bearer).length,
    0,
    `no bearer request to ${path}`,
  );

const rows: Row[] = [
  // --- the token endpoint (sf jwt token) ---
  {
    name: 'token: OSC title + CSI clear in error_description',
    command: 'token',
    script: rejected('invalid_grant', `user hasn't approved this consumer ${ANSI}`),
    code: 'ERR_TOKEN_GRANT_REJECTED',
    exit: 77,
  },
  {
    name: 'token: CR/LF forged lines in error_description',
    command: 'token',
    script: rejected('invalid_grant', FORGED),
    code: 'ERR_TOKEN_GRANT_REJECTED',
    exit: 77,
  },
  {
    name: 'token: escapes in the error code itself',
    command: 'token',
    script: rejected(`invalid_grant${ANSI}`, 'audience is invalid'),
    code: 'ERR_TOKEN_GRANT_REJECTED',
    exit: 77,
  },
  {
    name: 'token: BEL, NUL, DEL, C1 and bidi overrides',
    command: 'token',
    script: rejected('invalid_grant', `a${BEL}b\u0000c\u007fd\u009b2Je\u202Ef\u2066g`),
    code: 'ERR_TOKEN_GRANT_REJECTED',
    exit: 77,
  },
  {
    name: 'token: 60 KB description (under the body cap) is shown capped',
    command: 'token',
    script: rejected('invalid_grant', 'D'.repeat(60_000)),
    code: 'ERR_TOKEN_GRANT_REJECTED',
    exit: 77,
  },
  {
    name: 'token: 5 MB description (over the body cap)',
    command: 'token',
    script: rejected('invalid_grant', 'D'.repeat(MB5)),
    code: 'ERR_RESPONSE_TOO_LARGE',
    exit: 76,
  },
  {
    name: 'token: endless 200 body',
    command: 'token',
    script: { token: { kind: 'endless', status: 200 } },
    code: 'ERR_RESPONSE_TOO_LARGE',
    exit: 76,
  },
  {
    name: 'token: endless 400 body',
    command: 'token',
    script: { token: { kind: 'endless', status: 400 } },
    code: 'ERR_RESPONSE_TOO_LARGE',
    exit: 76,
  },
  {
    name: 'token: 200 MB declared Content-Length',
    command: 'token',
    script: { token: { kind: 'huge', status: 200, bytes: 200 * 1024 * 1024 } },
    code: 'ERR_RESPONSE_TOO_LARGE',
    exit: 76,
  },
  {
    name: 'token: slow drip, --timeout 2',
    command: 'token',
    argv: () => ['--timeout', '2'],
    script: { token: { kind: 'drip', status: 400, everyMs: 50 } },
    code: 'ERR_NETWORK_TIMEOUT',
    exit: 75,
  },
  {
    name: 'token: never answers, --timeout 2',
    command: 'token',
    argv: () => ['--timeout', '2'],
    script: { token: { kind: 'hang' } },
    code: 'ERR_NETWORK_TIMEOUT',
    exit: 75,
  },
  {
    name: 'token: never answers, SFJWT_TIMEOUT=2',
    command: 'token',
    env: { SFJWT_TIMEOUT: '2' },
    script: { token: { kind: 'hang' } },
    code: 'ERR_NETWORK_TIMEOUT',
    exit: 75,
  },
  {
    name: 'token: connection reset',
    command: 'token',
    argv: () => ['--timeout', '5'],
    script: { token: { kind: 'reset' } },
    code: 'ERR_NETWORK',
    exit: 75,
  },
  {
    name: 'token: instance_url on plain http (not loopback)',
    command: 'token',
    argv: () => ['--timeout', '5'],
    script: { token: { kind: 'token', instanceUrl: 'http://acme.my.salesforce.com' } },
    code: 'ERR_INSECURE_INSTANCE_URL',
    exit: 76,
  },
  {
    name: 'token: instance_url with escapes and forged lines',
    command: 'token',
    script: { token: { kind: 'token', instanceUrl: `https://acme.my.salesforce.com/${ANSI}${FORGED}` } },
    code: 'ERR_TOKEN_RESPONSE_INVALID',
    exit: 76,
  },
  {
    name: 'token: 50 KB instance_url',
    command: 'token',
    script: { token: { kind: 'token', instanceUrl: `https://${'a'.repeat(50_000)}.example` } },
    code: 'ERR_TOKEN_RESPONSE_INVALID',
    exit: 76,
  },
  {
    name: 'token: id with escapes',
    command: 'token',
    script: { token: { kind: 'token', extra: { id: `https://x/id/${ANSI}` } } },
    code: 'ERR_TOKEN_RESPONSE_INVALID',
    exit: 76,
  },
  {
    name: 'token: malformed JSON with escapes',
    command: 'token',
    script: { token: { kind: 'raw', status: 200, contentType: 'application/json', text: `{"access_token":"${ANSI}` } },
    code: 'ERR_TOKEN_RESPONSE_INVALID',
    exit: 76,
  },
  {
    name: 'token: HTML 404 page with escapes',
    command: 'token',
    script: { token: { kind: 'raw', status: 404, contentType: 'text/html', text: `<html>${ANSI}${FORGED}</html>` } },
    code: undefined,
    exit: 76,
  },
  // --- doctor ---
  {
    name: 'doctor: escapes in error_description',
    command: 'doctor',
    script: rejected('invalid_grant', `audience is invalid ${ANSI}${FORGED}`),
    code: undefined,
    exit: 77,
    check: exchangeFailed,
  },
  {
    name: 'doctor: 60 KB description',
    command: 'doctor',
    script: rejected('invalid_grant', `${'D'.repeat(60_000)}${ANSI}`),
    code: undefined,
    exit: 77,
    check: exchangeFailed,
  },
  {
    name: 'doctor: never answers, --timeout 2',
    command: 'doctor',
    argv: () => ['--timeout', '2'],
    script: { token: { kind: 'hang' } },
    code: undefined,
    exit: 75,
    check: exchangeFailed,
  },
  // --- login: the token endpoint, then the org lookups ---
  {
    name: 'login: escapes in error_description',
    command: 'login',
    script: rejected('invalid_grant', `${ANSI}${FORGED}`),
    code: 'ERR_TOKEN_GRANT_REJECTED',
    exit: 77,
    check: nothingSaved,
  },
  {
    name: 'login: http instance_url: the token is never sent',
    command: 'login',
    argv: () => ['--timeout', '5'],
    script: { token: { kind: 'token', instanceUrl: 'http://acme.my.salesforce.com' } },
    code: 'ERR_INSECURE_INSTANCE_URL',
    exit: 76,
    check: (run) => (nothingSaved(run), tokenNeverSentTo('/services/data')(run)),
  },
  {
    name: 'login: endless body on the org lookups',
    command: 'login',
    script: { token: { kind: 'token' }, org: { kind: 'endless', status: 200 } },
    code: 'ERR_ORG_RESPONSE_TOO_LARGE',
    exit: 76,
    check: nothingSaved,
  },
  {
    name: 'login: 5 GB declared on the org lookups',
    command: 'login',
    script: { token: { kind: 'token' }, org: { kind: 'huge', status: 200, bytes: 5 * 1024 ** 3 } },
    code: 'ERR_ORG_RESPONSE_TOO_LARGE',
    exit: 76,
    check: nothingSaved,
  },
  {
    name: 'login: 5 MB JSON on the org lookups',
    command: 'login',
    script: {
      token: { kind: 'token' },
      org: { kind: 'json', status: 200, body: { records: [{ Name: 'N'.repeat(MB5) }] } },
    },
    code: 'ERR_ORG_RESPONSE_TOO_LARGE',
    exit: 76,
    check: nothingSaved,
  },
  {
    name: 'login: org lookups drip, --timeout 2',
    command: 'login',
    argv: () => ['--timeout', '2'],
    script: { token: { kind: 'token' }, org: { kind: 'drip', status: 200, everyMs: 50 } },
    code: 'ERR_ORG_LOOKUP_TIMEOUT',
    exit: 75,
    check: nothingSaved,
  },
  {
    name: 'login: org lookups never answer, SFJWT_TIMEOUT=2',
    command: 'login',
    env: { SFJWT_TIMEOUT: '2' },
    script: { token: { kind: 'token' }, org: { kind: 'hang' } },
    code: 'ERR_ORG_LOOKUP_TIMEOUT',
    exit: 75,
    check: nothingSaved,
  },
  {
    name: 'login: escapes in the Organization record',
    command: 'login',
    script: {
      token: { kind: 'token' },
      org: { kind: 'json', status: 200, body: { records: [{ Name: ANSI, InstanceName: FORGED }] } },
    },
    code: undefined,
    exit: 0,
    check: (run) => assert.deepEqual(run.authFileNames, ['ci@acme.com.json']),
  },
  {
    name: 'login: org lookups reset (best effort: still logged in)',
    command: 'login',
    script: { token: { kind: 'token' }, org: { kind: 'reset' } },
    code: undefined,
    exit: 0,
    check: (run) => assert.deepEqual(run.authFileNames, ['ci@acme.com.json']),
  },
  {
    name: 'login: escapes in --alias',
    command: 'login',
    argv: () => ['--alias', `ci${ANSI}`],
    script: okOrg,
    code: undefined,
    exit: 0,
  },
  // --- hostile flag values echoed in errors ---
  {
    name: 'flag: --instance-url with escapes',
    command: 'token',
    argv: () => ['--instance-url', `https://acme${ANSI}.my.salesforce.com`],
    code: 'ERR_URL_INVALID',
    exit: 64,
  },
  {
    name: 'flag: 100 KB --instance-url',
    command: 'token',
    argv: () => ['--instance-url', `https://${'a'.repeat(100_000)}.my.salesforce.com/x`],
    code: undefined,
    exit: 75,
  },
  {
    name: 'flag: --instance-url forging lines',
    command: 'login',
    argv: () => ['--instance-url', `ftp://x${FORGED}`],
    code: undefined,
    exit: 64,
  },
  {
    name: 'flag: --audience with escapes',
    command: 'token',
    argv: () => ['--audience', `https://login${ANSI}.salesforce.com`],
    code: 'ERR_URL_INVALID',
    exit: 64,
  },
  {
    name: 'flag: --username with escapes and CR/LF',
    command: 'token',
    argv: () => ['--username', `${ANSI}${FORGED}`],
    code: undefined,
    exit: 64,
  },
  {
    name: 'flag: 100 KB --client-id',
    command: 'token',
    argv: () => ['--client-id', `3MVG9${'c'.repeat(100_000)}${ANSI}`],
    script: rejected('invalid_client_id', 'client identifier invalid'),
    code: undefined,
    exit: 64,
  },
  {
    name: 'flag: --timeout with escapes',
    command: 'token',
    argv: () => ['--timeout', `5${ANSI}`],
    code: undefined,
    exit: 64,
  },
  { name: 'flag: --timeout 0', command: 'login', argv: () => ['--timeout', '0'], code: undefined, exit: 64 },
  {
    name: 'env: SFJWT_TIMEOUT with escapes',
    command: 'token',
    env: { SFJWT_TIMEOUT: `30${ANSI}` },
    script: okOrg,
    code: 'ERR_TIMEOUT_INVALID',
    exit: 64,
  },
  {
    name: 'flag: unknown flag with escapes',
    command: 'doctor',
    argv: () => [`--bogus${ANSI}`],
    code: undefined,
    exit: 64,
  },
];

/** Runs one row: its own hostile server, a fresh HOME and key file, the command as a child process. */
async function run(row: Row): Promise<Run> {
  const server = await startHostileServer(row.script ?? okOrg);
  const dir = mkdtempSync(join(tmpdir(), 'plugin-jwt-hostile-'));
  try {
    const home = join(dir, 'home');
    const keyFile = join(dir, 'server.key');
    copyFileSync(fixtureKey, keyFile);
    const rssFile = join(dir, 'rss');
    const extra = row.argv?.(server.url) ?? [];
    const given = new Set(extra.filter((a) => a.startsWith('--')));
    const defaults: [string, string][] = [
      ['--client-id', '3MVG9hostileClientId'],
      ['--username', 'ci@acme.com'],
      ['--jwt-key-file', keyFile],
      ['--instance-url', server.url],
    ];
    const argv = [...defaults.filter(([flag]) => !given.has(flag)).flat(), ...extra];
    const printed = await runNodeChild(['--import', tsx, entry, row.command, ...argv], {
      cwd: dir,
      home,
      env: { SF_USE_GENERIC_UNIX_KEYCHAIN: 'true', HOSTILE_RSS_FILE: rssFile, ...row.env },
    });
    const maxRssKiB = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) : NaN;
    const authFileNames = authFiles(home);
    return { ...printed, requests: [...server.requests], maxRssKiB, home, authFileNames };
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs every row, `width` at a time (the waits of the timeout rows overlap), results in row order. */
async function runAll(width: number): Promise<Run[]> {
  const results: Run[] = new Array<Run>(rows.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < rows.length; i = next++) results[i] = await run(rows[i] as Row);
  };
  await Promise.all(Array.from({ length: width }, worker));
  return results;
}

describe('hostile table: server answers and echoed text', function () {
  // Guards against a hang only: no row's duration is asserted.
  this.timeout(600_000);
  let results: Run[] = [];

  before(async () => {
    results = await runAll(3);
  });

  it('has at least 30 rows', () => assert.ok(rows.length >= 30, String(rows.length)));

  rows.forEach((row, i) => {
    it(row.name, () => {
      const result = results[i] as Run;
      const output = result.stdout + result.stderr;
      const context = `${row.name}\n--- stderr (first 2000) ---\n${result.stderr.slice(0, 2000)}`;
      assert.equal(result.exitCode, row.exit, context);
      if (row.code !== undefined) assert.match(result.stderr, new RegExp(`^Error \\(${row.code}\\): `, 'm'), context);
      if (row.exit !== 0 && row.command !== 'doctor')
        assert.match(result.stderr, /^Error \((ERR_[A-Z_]+|\d+)\): /m, context);
      assert.doesNotMatch(output, /^\s+at .+(:\d+:\d+\)?|\(node:)/m, `stack trace in output: ${context}`);
      assert.doesNotMatch(output, /ERR_UNEXPECTED|TypeError|probably a bug/, context);
      assert.doesNotMatch(
        output,
        // eslint-disable-next-line no-control-regex
        /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/,
        `raw control character in output: ${context}`,
      );
      assert.ok(!output.includes(HOSTILE_ACCESS_TOKEN), `access token printed: ${context}`);
      for (const line of keyLines) assert.ok(!output.includes(line), `private key printed: ${context}`);
      assert.ok(
        Buffer.byteLength(output) < MAX_OUTPUT_BYTES,
        `output is ${Buffer.byteLength(output)} bytes: ${context}`,
      );
      assert.ok(result.maxRssKiB > 0 && result.maxRssKiB < MAX_RSS_KIB, `maxRSS ${result.maxRssKiB} KiB`);
      row.check?.(result);
    });
  });
});
