// The counterexamples sf-auth-files.property.test.ts found, fixed (issue 27): sf's files as `--target-org` and
// `sf jwt login` read them, each a planted HOME with one thing wrong, and the exact coded error and exit code the
// user gets. Before the fix each ended in core's own error with exit 1 (a raw EISDIR, GenericKeychainInvalidPermsError,
// NamedOrgNotFoundError, NoUsernameFoundError, NoDefaultEnvError) or in ERR_UNEXPECTED (exit 70, "a bug").
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JwtAppList from '../../src/commands/jwt/app/list.js';
import { toSfError } from '../../src/errors/to-sf-error.js';
import { saveLogin } from '../../src/io/auth-store.js';
import { runInProcess } from '../support/run-command.js';
import {
  encryptField,
  enterSfSandbox,
  keychainFile,
  keychainKey,
  plantHome,
  removeHome,
  switchSfHome,
  type PlantedEntry,
} from '../support/sf-store.js';

const USERNAME = 'admin@acme.example.com';
const ACCESS_TOKEN = '00D5g000004AbCdEAO!AQ4AQRegressionAccessToken.q1w2e3';
const KEY = keychainKey('v1', 7);

function authFile(fields: Record<string, unknown> = {}, key = KEY): PlantedEntry {
  const auth = {
    username: USERNAME,
    accessToken: encryptField(ACCESS_TOKEN, key),
    instanceUrl: 'https://acme.my.salesforce.com',
    loginUrl: 'https://login.salesforce.com',
    orgId: '00D5g000004AbCdEAO',
    clientId: 'PlatformCLI',
    orgEdition: 'Developer Edition',
    namespacePrefix: null,
    ...fields,
  };
  return { kind: 'file', path: `.sfdx/${USERNAME}.json`, content: JSON.stringify(auth, null, 2) };
}

const keyFile = (mode = 0o600): PlantedEntry => ({
  kind: 'file',
  path: '.sfdx/key.json',
  content: keychainFile(KEY),
  mode,
});
const aliasFile = (orgs: Record<string, unknown>): PlantedEntry => ({
  kind: 'file',
  path: '.sfdx/alias.json',
  content: JSON.stringify({ orgs }),
});
const config = (targetOrg: string): PlantedEntry => ({
  kind: 'file',
  path: '.sf/config.json',
  content: JSON.stringify({ 'target-org': targetOrg }),
});

/** `sf jwt login`'s save of a fresh token for USERNAME (alias as given) into the current sf HOME: its error, if any. */
function loginFailure(alias: string | undefined): Promise<(Error & { exitCode?: number }) | undefined> {
  const token = {
    username: USERNAME,
    accessToken: ACCESS_TOKEN,
    instanceUrl: 'https://acme.my.salesforce.com',
    loginUrl: 'https://login.salesforce.com',
    orgId: '00D5g000004AbCdEAO',
    userId: '0055g00000AbCdEAAV',
  };
  const extras = { clientId: '3MVG9', privateKeyPath: undefined, org: { isDevHub: false }, alias };
  return saveLogin(token, { ...extras, setDefault: false, setDefaultDevHub: false }, { sfLocks: { waitMs: 0 } }).then(
    () => undefined,
    (err: unknown) => toSfError(err) as Error & { exitCode?: number },
  );
}

describe('sf auth files as the plugin reads them: the property counterexamples, fixed', function () {
  this.timeout(60_000);
  let root: string;
  let leaveSandbox: () => Promise<void>;
  const homes: string[] = [];
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'sfjwt-sf-files-'));
    leaveSandbox = enterSfSandbox();
  });
  after(async () => {
    await leaveSandbox();
    homes.forEach(removeHome);
    rmSync(root, { recursive: true, force: true });
  });

  async function appList(entries: readonly PlantedEntry[], argv: string[]) {
    const home = plantHome(root, entries);
    homes.push(home);
    await switchSfHome(home);
    const run = await runInProcess(JwtAppList, [...argv, '--timeout', '1'], { HTTPS_PROXY: 'not a proxy url' });
    return { ...run, message: (run.error?.message ?? '').split(home).join('~') };
  }

  it('a folder where sf config.json should be: ERR_SF_STATE_UNREADABLE (78), not a raw EISDIR with exit 1', async () => {
    const run = await appList([keyFile(), { kind: 'directory', path: '.sf/config.json' }], ['--target-org', USERNAME]);
    assert.equal(run.error?.name, 'ERR_SF_STATE_UNREADABLE');
    assert.equal(run.exitCode, 78);
    assert.equal(run.message, "sf's saved logins in ~/.sfdx cannot be read: ~/.sf/config.json is not a file.");
  });

  it('key.json readable by others: ERR_SF_STATE_UNREADABLE (78) naming mode 600, not core error with exit 1', async () => {
    const run = await appList([keyFile(0o644), authFile()], ['--target-org', USERNAME]);
    assert.equal(run.error?.name, 'ERR_SF_STATE_UNREADABLE');
    assert.equal(run.exitCode, 78);
    assert.match(run.message, /its key file key\.json may be readable by other users \(sf requires mode 600\)\.$/m);
  });

  it("--target-org key (sf's key.json read as an auth file): ERR_SF_TARGET_ORG_NOT_FOUND, not ERR_UNEXPECTED", async () => {
    for (const target of ['key', 'alias', '../outside']) {
      const run = await appList([keyFile(), authFile()], ['--target-org', target]);
      assert.equal(run.error?.name, 'ERR_SF_TARGET_ORG_NOT_FOUND', `${target}: ${run.message}`);
      assert.equal(run.exitCode, 78);
      assert.match(
        run.message,
        new RegExp(`No sf login named ${target.replace('.', '\\.')} was found in ~/\\.sfdx\\.`),
      );
    }
  });

  it('an auth file whose instanceUrl is not a URL: ERR_SF_STATE_UNREADABLE, not ERR_UNEXPECTED (type error)', async () => {
    for (const instanceUrl of ['not a url', 42]) {
      const run = await appList([keyFile(), authFile({ instanceUrl })], ['--target-org', USERNAME]);
      assert.equal(run.error?.name, 'ERR_SF_STATE_UNREADABLE', `${String(instanceUrl)}: ${run.message}`);
      assert.equal(run.exitCode, 78);
    }
  });

  it('an unknown alias, and an alias naming an empty username: ERR_SF_TARGET_ORG_NOT_FOUND (78)', async () => {
    const unknown = await appList([keyFile(), authFile()], ['--target-org', 'nobody']);
    assert.equal(unknown.error?.name, 'ERR_SF_TARGET_ORG_NOT_FOUND');
    assert.equal(unknown.exitCode, 78);
    assert.deepEqual(unknown.error?.actions, [
      'List the logins sf has with sf org list, then name one with --target-org; or log in to this org with sf jwt login (or sf org login web) --alias nobody.',
    ]);
    const empty = await appList([keyFile(), authFile(), aliasFile({ admin: '' })], ['--target-org', 'admin']);
    assert.equal(empty.error?.name, 'ERR_SF_TARGET_ORG_NOT_FOUND');
  });

  it('alias.json past 1 MiB: ERR_SF_STATE_TOO_LARGE (78), not read', async () => {
    const huge: PlantedEntry = {
      kind: 'file',
      path: '.sfdx/alias.json',
      content: JSON.stringify({ orgs: { admin: USERNAME, padding: 'x'.repeat(1024 * 1024) } }),
    };
    const run = await appList([keyFile(), authFile(), huge], ['--target-org', 'admin']);
    assert.equal(run.error?.name, 'ERR_SF_STATE_TOO_LARGE');
    assert.equal(run.exitCode, 78);
    assert.match(run.message, /^\tsf's file ~\/\.sfdx\/alias\.json is 1048\d{3} bytes, more than the 1048576 bytes/m);
  });

  it('a token that does not decrypt with key.json: ERR_SF_STATE_UNREADABLE saying so', async () => {
    const run = await appList([keyFile(), authFile({}, keychainKey('v1', 8))], ['--target-org', USERNAME]);
    assert.equal(run.error?.name, 'ERR_SF_STATE_UNREADABLE');
    assert.match(run.message, /a saved token does not decrypt with this computer's key \(key\.json\)\.$/m);
  });

  it('no --target-org and the configured default is broken: ERR_SF_STATE_UNREADABLE, not "no default org"', async () => {
    const torn: PlantedEntry = { kind: 'file', path: `.sfdx/${USERNAME}.json`, content: '{"accessToken": "' };
    const run = await appList([keyFile(), torn, config(USERNAME)], []);
    assert.equal(run.error?.name, 'ERR_SF_STATE_UNREADABLE');
    // core reads a torn auth file as an empty one: what is missing is then caught before use.
    assert.match(run.message, /cannot be read: the instance URL saved for admin@acme\.example\.com is not a URL\.$/);
    const none = await appList([keyFile()], []);
    assert.equal(none.error?.name, 'ERR_SF_TARGET_ORG_MISSING');
    assert.equal(none.exitCode, 64);
  });

  it("sf jwt login's save over a torn alias.json: ERR_SF_STATE_UNREADABLE (78), not ERR_UNEXPECTED", async () => {
    const home = plantHome(root, [keyFile(), { kind: 'file', path: '.sfdx/alias.json', content: '' }]);
    homes.push(home);
    await switchSfHome(home);
    const error = await loginFailure('admin');
    assert.equal(error?.name, 'ERR_SF_STATE_UNREADABLE');
    assert.equal(error.exitCode, 78);
    assert.ok(!error.message.includes(ACCESS_TOKEN));
  });

  it('login over an auth file with a lower-cased token key that does not decrypt: refused, not a save sf cannot read', async () => {
    // The long run's counterexample (seed 305162353): before, the save "succeeded" and core then read the file as null.
    const stale = {
      username: USERNAME,
      accesstoken: encryptField('old-token-value-1', keychainKey('v1', 9)),
      instanceurl: 'https://acme.my.salesforce.com',
    };
    const home = plantHome(root, [
      { kind: 'file', path: `.sfdx/${USERNAME}.json`, content: JSON.stringify(stale, null, 2) },
    ]);
    homes.push(home);
    await switchSfHome(home);
    const error = await loginFailure(undefined);
    assert.equal(error?.name, 'ERR_SF_STATE_UNREADABLE');
    assert.equal(error.exitCode, 78);
    assert.match(error.message, /sf cannot read back the login saved in .*admin@acme\.example\.com\.json/);
  });
});
