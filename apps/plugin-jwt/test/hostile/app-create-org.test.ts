/**
 * The hostile table, admin-org half: `sf jwt app create` against a lying admin org (test/support/lying-org.ts: the
 * emulator behind a proxy that answers one call per row with an endless, huge, hanging, HTML, malformed, escaped or
 * forged body). Each row runs the command as its own process and asserts the exact exit code and error code, that it
 * ended before a generous bound derived from --wait and --timeout (never an exact time), the child's peak RSS, and
 * that no control character and no forged line was printed (stdout and stderr; human, and --json for the rows whose
 * server text is printed).
 */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DemoSetup, Emulator } from '@sfjwt/salesforce-emulator';
import { runNodeChild, type ChildRun } from '../support/child-run.js';
import { adminCreateFlags, loginAdmin, startAdminOrg } from '../support/admin-org.js';
import { FORGED_LINES, startLyingOrg, type Lie, type LyingOrg, type OrgCall } from '../support/lying-org.js';
import { QUOTE_PREFIX } from '../../src/render/sanitize.js';
import { exitCodeOf } from '../../src/errors/exit-codes.js';

const entry = fileURLToPath(new URL('entry.ts', import.meta.url));
const tsx = import.meta.resolve('tsx');
const MAX_RSS_KIB = 300 * 1024;
/** Room for a child's start-up (tsx, oclif, @salesforce/core) on a loaded machine: only a guard against hangs. */
const START_UP_SLACK_MS = 60_000;
// C0 (TAB and LF are fine), CR, DEL, C1 and the bidi controls.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

interface Row {
  readonly lie: Lie;
  readonly code: string | undefined;
  readonly exit: number;
  readonly wait: number;
  readonly timeout: number;
  /** Also run with --json (rows whose server text reaches the output). */
  readonly json: boolean;
}

const SOAP_AND_REST: readonly OrgCall[] = ['deploy', 'checkDeployStatus', 'readMetadata', 'soql', 'insert'];
const TRANSPORT: ReadonlyArray<[Lie['mode'], string]> = [
  ['endless', 'ERR_ORG_RESPONSE_TOO_LARGE'],
  ['huge', 'ERR_ORG_RESPONSE_TOO_LARGE'],
  ['hang', 'ERR_APP_ORG_NO_ANSWER'],
  ['html', 'ERR_APP_ORG_RESPONSE_INVALID'],
  ['malformed', 'ERR_APP_ORG_RESPONSE_INVALID'],
];

/**
 * --timeout for a row: short only where the lie is a hang (the row then lasts that long); elsewhere long, so that the
 * honest calls before the lie (the admin, the user, the lookups) answer in time on a loaded machine.
 */
const patience = (mode: Lie['mode']): number => (mode === 'hang' ? 5 : 30);

const rows: Row[] = [
  ...SOAP_AND_REST.flatMap((call) =>
    TRANSPORT.map(([mode, code]): Row => ({
      lie: { call, mode },
      code,
      exit: exitCodeOf(code),
      wait: 1,
      timeout: patience(mode),
      json: false,
    })),
  ),
  ...SOAP_AND_REST.flatMap((call) =>
    (['escaped', 'forged'] as const).map((mode): Row => ({
      lie: { call, mode },
      code: call === 'checkDeployStatus' ? 'ERR_APP_DEPLOY_FAILED' : 'ERR_APP_ORG_CALL_FAILED',
      exit: 77,
      wait: 1,
      timeout: patience(mode),
      // --json too where the text lands in different places (the result's components; an error's message).
      json: call === 'checkDeployStatus' || call === 'soql',
    })),
  ),
  // A deploy that never finishes: the wait ends it, and the message says so (never "after 0 attempts").
  {
    lie: { call: 'checkDeployStatus', mode: 'pending' },
    code: 'ERR_APP_DEPLOY_NOT_FINISHED',
    exit: 75,
    wait: 0,
    timeout: 10,
    json: false,
  },
  // The verify step's token endpoint: hostile text in the progress, then the real answer (a success).
  ...(['escaped', 'forged'] as const).map((mode): Row => ({
    lie: { call: 'token', mode, times: 1 },
    code: undefined,
    exit: 0,
    wait: 1,
    timeout: 10,
    json: true,
  })),
  { lie: { call: 'token', mode: 'hang' }, code: 'ERR_APP_WAIT_EXHAUSTED', exit: 75, wait: 0, timeout: 10, json: false },
];

/**
 * Valid JSON that lies (issue 29): the emulator's real answer to one query of the pre-flight, changed to a wrong type.
 * Each must stop the run with ERR_APP_ORG_RESPONSE_INVALID naming the query, before the deploy: the org unchanged.
 */
interface WrongTypeRow {
  readonly name: string;
  /** Which query: a part of its SOQL. */
  readonly match: string;
  readonly rewrite: (json: Record<string, unknown>) => unknown;
  /** The call the message names, and what it says was wrong. */
  readonly said: readonly [call: string, detail: string];
}

type Json = Record<string, unknown>;
/** The answer with its first record changed by `change` (or replaced: `change` returns the new record). */
const firstRecord =
  (change: (record: Json) => unknown) =>
  (json: Json): Json => {
    if (!Array.isArray(json.records)) return json; // an error answer: left as it is
    const [first, ...rest] = json.records as Json[];
    return { ...json, records: [change({ ...(first ?? {}) }), ...rest] };
  };
const without =
  (field: string) =>
  (record: Json): Json => {
    const { [field]: _dropped, ...rest } = record;
    return rest;
  };

const PERMISSIONS = 'FROM UserPermissionAccess';
const INTEGRATION_USER = 'IsActive, ProfileId';
const PERMISSION_SET = 'FROM PermissionSet WHERE';

const wrongTypeRows: WrongTypeRow[] = [
  {
    name: 'permissions: records [null]',
    match: PERMISSIONS,
    rewrite: firstRecord(() => null),
    said: ['a SOQL query', 'record 1 is not a record'],
  },
  {
    name: 'permissions: a string for a boolean',
    match: 'PermissionsModifyAllData',
    rewrite: firstRecord((r) => ({ ...r, PermissionsModifyAllData: 'true' })),
    said: ['the admin permissions query', 'record 1: PermissionsModifyAllData is a string, not a boolean'],
  },
  {
    name: 'integration user: records [null]',
    match: INTEGRATION_USER,
    rewrite: firstRecord(() => null),
    said: ['a SOQL query', 'record 1 is not a record'],
  },
  {
    name: 'integration user: a number for its Id',
    match: INTEGRATION_USER,
    rewrite: firstRecord((r) => ({ ...r, Id: 12345 })),
    said: ["the integration user's query", 'record 1: Id is a number, not an Id'],
  },
  {
    name: 'integration user: IsActive missing',
    match: INTEGRATION_USER,
    rewrite: firstRecord(without('IsActive')),
    said: ["the integration user's query", 'record 1: IsActive is missing, not a boolean'],
  },
  {
    name: 'integration user: an array for the profile name',
    match: INTEGRATION_USER,
    rewrite: firstRecord((r) => ({ ...r, Profile: { Name: ['System Administrator'] } })),
    said: ["the integration user's query", 'record 1: Profile.Name is an array, not a string'],
  },
  {
    name: 'integration user: an Id of another object',
    match: INTEGRATION_USER,
    rewrite: firstRecord((r) => ({ ...r, Id: '00D000000000001' })),
    said: ["the integration user's query", 'record 1: Id is an Id of another object (prefix 00D, not 005)'],
  },
  {
    name: 'permission set: a null Id',
    match: PERMISSION_SET,
    rewrite: (json) => ({
      ...json,
      totalSize: 1,
      records: [{ attributes: { type: 'PermissionSet' }, Id: null, Name: 'JWT_Lie', License: null }],
    }),
    said: ['the permission set query', 'record 1: Id is null, not an Id'],
  },
  {
    name: 'permission set: an array for its name',
    match: PERMISSION_SET,
    rewrite: (json) => ({
      ...json,
      totalSize: 1,
      records: [{ attributes: { type: 'PermissionSet' }, Id: '0PS000000000001', Name: ['JWT_Lie'], License: null }],
    }),
    said: ['the permission set query', 'record 1: Name is an array, not a string'],
  },
];

const label = (row: Row, json: boolean): string =>
  `${row.lie.call}: ${row.lie.mode}${row.lie.times === undefined ? '' : ` (${row.lie.times}×)`}${json ? ' --json' : ''}`;

/** No control character, and no line that starts with a forged line (a quote's lines start with QUOTE_PREFIX). */
function assertClean(text: string, context: string): void {
  const at = CONTROL.exec(text);
  assert.equal(at, null, `${context}: control character U+${(at?.[0].codePointAt(0) ?? 0).toString(16)} printed`);
  for (const line of text.split('\n')) {
    if (line.startsWith(QUOTE_PREFIX)) continue; // the server's text, quoted
    const start = line.replace(/^[\s│┃║]+/, '');
    for (const forged of FORGED_LINES) assert.ok(!start.startsWith(forged), `${context}: forged line "${line}"`);
  }
}

describe('hostile table: app create against a lying admin org', function () {
  // Guards against a hang only: each row's own bound is asserted below.
  this.timeout(1_200_000);
  let lying: LyingOrg;
  let emulator: Emulator;
  let demo: DemoSetup;
  let dir: string;
  const file = (name: string) => join(dir, name);

  before(async () => {
    lying = await startLyingOrg();
    ({ emulator, demo, dir } = await startAdminOrg('app-create-lying-', {
      instanceUrl: lying.url,
      aliases: [new URL(lying.url).host],
    }));
    lying.forwardTo(emulator.url);
    await loginAdmin({ emulator, demo, dir }, lying.url, child);
  });
  after(async () => {
    await emulator?.stop();
    await lying?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const child = (args: string[], env: NodeJS.ProcessEnv = {}, killAfterMs?: number): Promise<ChildRun> =>
    runNodeChild(['--import', tsx, entry, ...args], {
      cwd: dir,
      home: file('home'),
      env: { SF_USE_GENERIC_UNIX_KEYCHAIN: 'true', ...env },
      killAfterMs,
    });

  let appNumber = 0;
  async function play(
    row: Row,
    json: boolean,
  ): Promise<ChildRun & { maxRssKiB: number; told: number; deploys: number }> {
    lying.set(row.lie);
    const rssFile = file(`rss-${appNumber}`);
    const run = await child(
      [
        'app/create',
        ...adminCreateFlags(dir),
        '--name',
        `Lie_${(appNumber += 1)}`,
        '--create-permission-set',
        '--wait',
        String(row.wait),
        ...(json ? ['--json'] : []),
      ],
      { SFJWT_TIMEOUT: String(row.timeout), HOSTILE_RSS_FILE: rssFile },
      // The whole command ends by --wait plus --timeout (start-up aside); before the transport, a hang took 121 s.
      // Past that bound (with a wide slack for a loaded machine) the run is a hang: killed, and the row fails.
      row.wait * 60_000 + row.timeout * 1000 + START_UP_SLACK_MS,
    );
    const maxRssKiB = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) : NaN;
    const told = lying.told();
    const deploys = lying.calls('deploy');
    lying.set(undefined);
    return { ...run, maxRssKiB, told, deploys };
  }

  it('has a row for every mode of every call', () => assert.equal(rows.length, 39));

  for (const row of wrongTypeRows) {
    it(`wrong type, ${row.name}: stops before the deploy, nothing changed`, async () => {
      const run = await play(
        {
          lie: { call: 'soql', mode: 'rewrite', match: row.match, rewrite: row.rewrite },
          code: undefined,
          exit: 1,
          wait: 1,
          timeout: 10,
          json: false,
        },
        false,
      );
      const context = `${row.name}\n--- stdout ---\n${run.stdout.slice(0, 3000)}\n--- stderr ---\n${run.stderr.slice(0, 3000)}`;
      assert.ok(run.told > 0, `${context}: the targeted query was never made`);
      assert.equal(run.exitCode, 76, context);
      assert.match(run.stderr, /^Error \(ERR_APP_ORG_RESPONSE_INVALID\): /m, context);
      const [call, detail] = row.said;
      assert.ok(
        run.stderr.replace(/\s+/g, ' ').includes(`answer to ${call} is not what Salesforce answers (${detail})`),
        context,
      );
      assert.match(run.stderr, /Nothing was changed in the org\./, context);
      assert.equal(run.deploys, 0, `${context}: the org was changed (a deploy was sent)`);
      assert.doesNotMatch(run.stdout + run.stderr, /\n\s+at \S+ \(|probably a bug|TypeError/, `${context}: a crash`);
    });
  }

  for (const row of rows) {
    for (const json of row.json ? [false, true] : [false]) {
      it(label(row, json), async () => {
        const run = await play(row, json);
        const context = `${label(row, json)}\n--- stdout ---\n${run.stdout.slice(0, 3000)}\n--- stderr ---\n${run.stderr.slice(0, 3000)}`;
        assert.ok(run.told > 0, `${context}: the targeted call was never made`);
        assert.equal(run.killedAtDeadline, false, `${context}: still running past --wait plus --timeout`);
        assert.equal(run.exitCode, row.exit, context);
        if (json) {
          const envelope = JSON.parse(run.stdout) as { status: number; name?: string };
          assert.equal(envelope.status, row.exit, context);
          if (row.code !== undefined) assert.equal(envelope.name, row.code, context);
        } else if (row.code !== undefined) {
          assert.match(run.stderr, new RegExp(`^Error \\(${row.code}\\): `, 'm'), context);
        }
        assert.doesNotMatch(run.stdout + run.stderr, /\n\s+at \S+ \(/, `${context}: a stack trace`);
        assertClean(run.stdout, `${context}\nstdout`);
        assertClean(run.stderr, `${context}\nstderr`);
        assert.ok(run.maxRssKiB < MAX_RSS_KIB, `${context}: peak RSS ${run.maxRssKiB} KiB`);
      });
    }
  }
});
