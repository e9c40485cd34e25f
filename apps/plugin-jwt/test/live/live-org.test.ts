/**
 * The live-org suite: the whole zero-click path on a real Salesforce org with the real sf CLI, for anyone who has a
 * Developer Edition org. Opt-in: `SFJWT_LIVE_ORG=<alias of an admin login to that org>` (made with `sf org login web
 * --alias <alias>`); without it the suite is skipped and says so. It confirms what the emulator can only assume (the
 * emulator README's "unconfirmed" list): that Salesforce accepts the generated External Client App metadata, the
 * consumer key we choose, the pre-authorization through a new permission set, the My Domain host/aud pair, certificate
 * rotation keeping the consumer key, and a destructive deploy of all of it.
 *
 * Steps: keygen → app create (a new ECA and permission set, the admin as integration user) → sf jwt login →
 * sf data query → keygen again + app create with the new certificate (same consumer key) → login with the new key →
 * removal: the permission set assignment, then a destructive deploy of the five ECA components and the permission set,
 * then the logins it made. Everything it creates is named Sfjwt_Live_<random> and removed in `after`, even on failure.
 *
 * Between rotation and removal, one step per belief of issue 24 that only a real org can confirm (the emulator
 * README's "Unconfirmed answers" say which): the org's External Client App settings fields (item 1), the admin's ECA
 * permissions in UserPermissionAccess (item 2), a redeploy with another consumer key (item 4), elements out of the
 * WSDL order (item 7), and a redeploy of the global OAuth settings without <certificate> (item 8). Each asserts what
 * the emulator answers; a failure there is the correction to make in the emulator.
 */
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { run, runJs, sfBin, type RunResult } from '../support/sf-cli.js';

const ALIAS = process.env['SFJWT_LIVE_ORG'];
const HOW = 'set SFJWT_LIVE_ORG=<alias of an admin login to a Developer Edition org> to run it (see CONTRIBUTING.md)';

/** The user's own sf home and keychain (the alias lives there), this Node first on PATH, sf quiet. */
function liveEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    HOME: process.env['HOME'] ?? homedir(),
    PATH: [dirname(process.execPath), process.env['PATH'] ?? ''].join(delimiter),
    SF_DISABLE_AUTOUPDATE: 'true',
    SF_AUTOUPDATE_DISABLE: 'true',
    SF_DISABLE_TELEMETRY: 'true',
    NO_COLOR: '1',
  };
}

interface Envelope<T> {
  status: number;
  result: T;
  message?: string;
}

async function json<T>(
  file: string,
  args: readonly string[],
  cwd?: string,
): Promise<RunResult & { json: Envelope<T> }> {
  const result = await run(file, [...args, '--json'], {
    env: liveEnv(),
    ...(cwd === undefined ? {} : { cwd }),
    timeoutMs: 15 * 60_000,
  });
  let parsed: Envelope<T>;
  try {
    parsed = JSON.parse(result.stdout) as Envelope<T>;
  } catch {
    throw new Error(`${args.join(' ')}: no JSON (exit ${result.code}): ${result.stdout}${result.stderr}`);
  }
  return { ...result, json: parsed };
}
const sf = <T>(args: readonly string[], cwd?: string) => json<T>(sfBin, args, cwd);
const jwt = <T>(args: readonly string[]) => json<T>(process.execPath, [runJs, 'jwt', ...args]);

const ECA_COMPONENTS = (name: string): [string, string][] => [
  ['ExtlClntAppConfigurablePolicies', `${name}_defaultPolicy`],
  ['ExtlClntAppOauthConfigurablePolicies', `${name}_defaultPolicy`],
  ['ExtlClntAppGlobalOauthSettings', name],
  ['ExtlClntAppOauthSettings', name],
  ['ExternalClientApplication', name],
];

function manifest(types: [string, string][], version: string): string {
  const byType = new Map<string, string[]>();
  for (const [type, member] of types) byType.set(type, [...(byType.get(type) ?? []), member]);
  const body = [...byType]
    .map(
      ([type, members]) =>
        `  <types>\n${members.map((m) => `    <members>${m}</members>\n`).join('')}    <name>${type}</name>\n  </types>\n`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Package xmlns="http://soap.sforce.com/2006/04/metadata">\n${body}  <version>${version}</version>\n</Package>\n`;
}

describe(`live org: the zero-click path on a real org${ALIAS === undefined ? ` (skipped: ${HOW})` : ''}`, function () {
  this.timeout(30 * 60_000);
  const name = `Sfjwt_Live_${randomBytes(4).toString('hex')}`;
  const permissionSet = `${name}_JWT`;
  const loginAlias = `${name}_login`;
  let work = '';
  let username = '';
  let instanceUrl = '';
  let consumerKey = '';
  let created = false;

  before(function () {
    if (ALIAS === undefined) {
      process.stdout.write(`\n  live-org suite skipped: ${HOW}\n`);
      this.skip();
    }
    work = mkdtempSync(join(tmpdir(), 'sfjwt-live-'));
  });

  after(async function () {
    if (ALIAS === undefined) return;
    if (created) await removeEverything();
    rmSync(work, { recursive: true, force: true });
  });

  async function keygen(dir: string): Promise<{ key: string; cert: string }> {
    const made = await jwt<{ keyFile: string; certificateFile: string }>([
      'keygen',
      '--output-dir',
      dir,
      '--name',
      'live',
    ]);
    assert.equal(made.code, 0, made.stdout + made.stderr);
    const pair = { key: made.json.result.keyFile, cert: made.json.result.certificateFile };
    pairs.set(dir, pair);
    return pair;
  }

  /** The pairs made so far, by folder. */
  const pairs = new Map<string, { key: string; cert: string }>();
  const pairIn = (folder: string): { key: string; cert: string } => {
    const pair = pairs.get(join(work, folder));
    assert.ok(pair !== undefined, `no key pair in ${folder} (an earlier step failed)`);
    return pair;
  };

  it('knows the admin: username and My Domain of the alias', async () => {
    const display = await sf<{ username: string; instanceUrl: string }>(['org', 'display', '--target-org', ALIAS!]);
    assert.equal(display.code, 0, display.stdout);
    username = display.json.result.username;
    instanceUrl = display.json.result.instanceUrl;
    assert.match(instanceUrl, /^https:\/\/[^/]+\.my\.salesforce\.com$/);
  });

  /** `sf jwt app create` for the suite's app with this key pair (a new permission set the first time). */
  async function appCreate(pair: { key: string; cert: string }, createPermissionSet: boolean) {
    const create = await jwt<{
      consumerKey: string;
      consumerKeyReused: boolean;
      myDomain: string;
      steps: Array<{ name: string; detail: string }>;
    }>([
      'app',
      'create',
      '--target-org',
      ALIAS!,
      '--name',
      name,
      '--cert-file',
      pair.cert,
      '--jwt-key-file',
      pair.key,
      '--username',
      username,
      ...(createPermissionSet ? ['--create-permission-set'] : []),
      '--permission-set',
      permissionSet,
      '--wait',
      '15',
    ]);
    assert.equal(create.code, 0, create.stdout + create.stderr);
    // Confirms the pre-deploy check reads a real org (UserPermissionAccess's field names): an admin who could run
    // app create may use the Metadata API (emulator README, unconfirmed answer 12).
    const admin = create.json.result.steps.find((s) => s.name === 'admin')?.detail ?? '';
    assert.match(admin, /the admin may use the Metadata API/, admin);
    // Issue 24 item 2: a System Administrator is reported able to create ECAs and edit their policies.
    assert.match(admin, /create External Client Apps and edit their policies$/, admin);
    return create.json.result;
  }

  /** `sf jwt login` with this key, then the real `sf data query` on the saved login. */
  async function loginAndQuery(key: string): Promise<void> {
    const login = await jwt<{ username: string }>([
      'login',
      '--client-id',
      consumerKey,
      '--username',
      username,
      '--jwt-key-file',
      key,
      '--instance-url',
      instanceUrl,
      '--alias',
      loginAlias,
    ]);
    assert.equal(login.code, 0, login.stdout + login.stderr);
    const query = await sf<{ totalSize: number }>([
      'data',
      'query',
      '--query',
      'SELECT Id FROM Organization',
      '--target-org',
      loginAlias,
    ]);
    assert.equal(query.code, 0, query.stdout);
    assert.equal(query.json.result.totalSize, 1);
  }

  it('keygen + app create: deploys a new External Client App and permission set, assigns it, verifies a JWT login; sf jwt login + sf data query', async () => {
    const first = await keygen(join(work, 'first'));
    created = true; // from here on, `after` removes what app create may have made, even if it fails halfway
    const firstApp = await appCreate(first, true);
    assert.equal(firstApp.consumerKeyReused, false);
    assert.equal(firstApp.myDomain, instanceUrl);
    consumerKey = firstApp.consumerKey;
    assert.match(consumerKey, /^3MVG9/);
    await loginAndQuery(first.key);
  });

  it('rotation: app create with a new certificate keeps the consumer key; the new key logs in', async () => {
    const second = await keygen(join(work, 'second'));
    const rotated = await appCreate(second, false);
    assert.equal(rotated.consumerKey, consumerKey);
    assert.equal(rotated.consumerKeyReused, true);
    await loginAndQuery(second.key);
  });

  /** `sf jwt app generate` of the suite's app into `dir` (with `--consumer-key`), the global OAuth settings' path. */
  async function generate(dir: string, cert: string, key: string): Promise<string> {
    const made = await jwt<{ files: string[] }>([
      'app',
      'generate',
      '--name',
      name,
      '--cert-file',
      cert,
      '--output-dir',
      dir,
      '--permission-set',
      permissionSet,
      '--contact-email',
      'sfjwt-live@example.com',
      '--consumer-key',
      key,
    ]);
    assert.equal(made.code, 0, made.stdout + made.stderr);
    const global = made.json.result.files.find((f) => f.includes('extlClntAppGlobalOauthSets'));
    assert.ok(global !== undefined, made.stdout);
    return join(dir, global.startsWith(dir) ? global.slice(dir.length + 1) : global);
  }

  const deploySource = (dir: string) =>
    sf<{ status: string; details?: { componentFailures?: { problem: string } | { problem: string }[] } }>(
      ['project', 'deploy', 'start', '--source-dir', 'force-app', '--target-org', ALIAS!, '--wait', '15'],
      dir,
    );

  it("item 1: the org's ExternalClientAppSettings has the API 66.0 fields, not enableExternalClientApps", async () => {
    const dir = join(work, 'settings');
    mkdirSync(join(dir, 'force-app'), { recursive: true });
    writeFileSync(
      join(dir, 'sfdx-project.json'),
      JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }], sourceApiVersion: '66.0' }),
    );
    const got = await sf(
      ['project', 'retrieve', 'start', '--metadata', 'Settings:ExternalClientApp', '--target-org', ALIAS!],
      dir,
    );
    assert.equal(got.code, 0, got.stdout);
    const settings = readFileSync(
      join(dir, 'force-app', 'main', 'default', 'settings', 'ExternalClientApp.settings-meta.xml'),
      'utf8',
    );
    assert.doesNotMatch(settings, /enableExternalClientApps/, settings);
  });

  it('item 2: UserPermissionAccess answers the External Client App permission fields as booleans', async () => {
    const fields = [
      'PermissionsExternalClientAppDeveloper',
      'PermissionsExternalClientAppAdmin',
      'PermissionsViewClientSecret',
    ];
    const read = await sf<{ records: Record<string, unknown>[] }>([
      'data',
      'query',
      '--query',
      `SELECT ${fields.join(', ')} FROM UserPermissionAccess`,
      '--target-org',
      ALIAS!,
    ]);
    assert.equal(read.code, 0, read.stdout);
    for (const field of fields) assert.equal(typeof read.json.result.records[0]?.[field], 'boolean', field);
  });

  it('item 4: a redeploy with another consumer key succeeds and the old key stays in force', async () => {
    const dir = join(work, 'other-key');
    await generate(dir, pairIn('second').cert, `3MVG9${randomBytes(30).toString('hex')}`);
    const deployed = await deploySource(dir);
    assert.equal(deployed.json.result?.status, 'Succeeded', deployed.stdout);
    // app create reads the key back: still the app's first one.
    const again = await appCreate(await keygen(join(work, 'third')), false);
    assert.equal(again.consumerKey, consumerKey);
  });

  it('item 7: global OAuth settings with an element out of the WSDL order fail "invalid at this location"', async () => {
    const dir = join(work, 'order');
    const file = await generate(dir, pairIn('third').cert, consumerKey);
    const xml = readFileSync(file, 'utf8');
    const pkce = /\s*<isPkceRequired>[^<]*<\/isPkceRequired>/.exec(xml)?.[0] ?? '';
    assert.notEqual(pkce, '', xml);
    writeFileSync(file, xml.replace(pkce, '').replace('<callbackUrl>', `${pkce.trim()}\n    <callbackUrl>`));
    const deployed = await deploySource(dir);
    assert.equal(deployed.json.result?.status, 'Failed', deployed.stdout);
    assert.match(
      deployed.stdout,
      /Error parsing file: Element \{http:\/\/soap\.sforce\.com\/2006\/04\/metadata\}\w+ invalid at this location/,
    );
  });

  it('item 8: redeploying the global OAuth settings without <certificate> clears it; app create then deploys it again', async () => {
    const dir = join(work, 'no-certificate');
    const file = await generate(dir, pairIn('third').cert, consumerKey);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/\s*<certificate>[\s\S]*?<\/certificate>/, ''));
    const deployed = await deploySource(dir);
    assert.equal(deployed.json.result?.status, 'Succeeded', deployed.stdout);
    const again = await appCreate(pairIn('third'), false);
    assert.equal(
      again.steps.find((s) => s.name === 'deploy')?.detail.startsWith('deployed'),
      true,
      JSON.stringify(again.steps),
    );
    await loginAndQuery(pairIn('third').key);
  });

  it('removal: unassigns the permission set, then a destructive deploy deletes the app and the permission set', async () => {
    await removeEverything();
    created = false;
    const left = await sf<{ totalSize: number }>([
      'data',
      'query',
      '--query',
      `SELECT Id FROM PermissionSet WHERE Name = '${permissionSet}'`,
      '--target-org',
      ALIAS!,
    ]);
    assert.equal(left.json.result.totalSize, 0);
  });

  /** Unassign, destructive deploy, logout; each step tolerates what is already gone, so it can run after a failure. */
  async function removeEverything(): Promise<void> {
    const assignments = await sf<{ records: { Id: string }[] }>([
      'data',
      'query',
      '--query',
      `SELECT Id FROM PermissionSetAssignment WHERE PermissionSet.Name = '${permissionSet}'`,
      '--target-org',
      ALIAS!,
    ]);
    for (const { Id } of assignments.json.result?.records ?? []) {
      const deleted = await sf([
        'data',
        'delete',
        'record',
        '--sobject',
        'PermissionSetAssignment',
        '--record-id',
        Id,
        '--target-org',
        ALIAS!,
      ]);
      assert.equal(deleted.code, 0, deleted.stdout);
    }
    // A destructive-only deploy: an empty package.xml in an otherwise empty project.
    const dir = join(work, 'destroy');
    mkdirSync(join(dir, 'force-app'), { recursive: true });
    writeFileSync(
      join(dir, 'sfdx-project.json'),
      JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }], sourceApiVersion: '64.0' }),
    );
    writeFileSync(join(dir, 'package.xml'), manifest([], '64.0'));
    writeFileSync(
      join(dir, 'destructiveChanges.xml'),
      manifest([...ECA_COMPONENTS(name), ['PermissionSet', permissionSet]], '64.0'),
    );
    const destroy = await sf<{ status: string }>(
      [
        'project',
        'deploy',
        'start',
        '--manifest',
        join(dir, 'package.xml'),
        '--post-destructive-changes',
        join(dir, 'destructiveChanges.xml'),
        '--ignore-warnings',
        '--target-org',
        ALIAS!,
        '--wait',
        '15',
      ],
      dir,
    );
    assert.equal(destroy.code, 0, destroy.stdout);
    await run(sfBin, ['org', 'logout', '--target-org', loginAlias, '--no-prompt'], { env: liveEnv() });
  }
});
