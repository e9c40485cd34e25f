// Properties of sf's files as the plugin reads them (issue 27): the auth files (~/.sfdx/<username>.json), alias.json,
// sf's config files and the generic keychain's key.json, read through @salesforce/core by `--target-org` (app create,
// list, rotate) and by `sf jwt login`'s read-back of the auth it updates. Each input is a fresh HOME planted from a
// valid store mutated (a field dropped, a wrong type, a huge value past the cap, hostile text, a token that does not
// decrypt, a torn file, a symlink, a directory where a file should be); core's per-process state is forgotten
// between inputs (test/support/sf-store.ts), and one property shows that an input's answer does not depend on the one
// before it. Every outcome is a coded error with its class's exit code (or, for login, a save that reads back), with
// no planted secret and no control character in what reaches the terminal.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertNoSecret, describeProperties, fc, hostileText, mutatedText } from '@sfjwt/test-support/fuzz';
import JwtAppList from '../../src/commands/jwt/app/list.js';
import { exitCodeOf, withClassExitCode } from '../../src/errors/exit-codes.js';
import { toSfError } from '../../src/errors/to-sf-error.js';
import { sanitizeError } from '../../src/errors/sanitize-error.js';
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
  type KeyVersion,
  type PlantedEntry,
} from '../support/sf-store.js';

const USERNAME = 'admin@acme.example.com';
const ALIAS = 'acme-admin';
const ACCESS_TOKEN = '00D5g000004AbCdEAO!AQ4AQPlantedAccessTokenForTheProperty.x7Yh2Kq';
const REFRESH_TOKEN = '5Aep861PlantedRefreshTokenForThePropertyQ9vW3mZ';
const CLIENT_SECRET = 'PlantedClientSecret4F1A9C0E77D2B3';
const PLANTED = [ACCESS_TOKEN, REFRESH_TOKEN, CLIENT_SECRET];
const LOGIN_TOKEN = '00D5g000004AbCdEAO!AQ4AQTheLoginsOwnNewAccessToken.k2Lm9Pq';

/** A value in place of a field: the ways a field goes wrong. */
const wrongValue = fc.oneof(
  fc.constantFrom<unknown>(null, 0, -1, true, [], {}, [1, 2], { nested: { deep: 'x' } }, '', ' '),
  hostileText,
  // Huge: past the plugin's cap on an sf state file (1 MiB), and just under it.
  fc.constantFrom(1_100_000, 1_040_000).map((length) => 'x'.repeat(length)),
);

type FieldChange =
  | { readonly kind: 'drop' }
  | { readonly kind: 'set'; readonly value: unknown }
  | { readonly kind: 'plaintext' }
  | { readonly kind: 'foreign-key' }
  | { readonly kind: 'tampered' };

const fieldChange: fc.Arbitrary<FieldChange> = fc.oneof(
  fc.constant({ kind: 'drop' as const }),
  wrongValue.map((value) => ({ kind: 'set' as const, value })),
  fc.constantFrom({ kind: 'plaintext' as const }, { kind: 'foreign-key' as const }, { kind: 'tampered' as const }),
);

const AUTH_FIELDS = [
  'username',
  'accessToken',
  'refreshToken',
  'clientSecret',
  'instanceUrl',
  'loginUrl',
  'orgId',
  'userId',
  'clientId',
  'isDevHub',
  'instanceApiVersion',
  'privateKey',
] as const;
const ENCRYPTED = new Set(['accessToken', 'refreshToken', 'clientSecret']);
const PLAIN_OF: Record<string, string> = {
  accessToken: ACCESS_TOKEN,
  refreshToken: REFRESH_TOKEN,
  clientSecret: CLIENT_SECRET,
};

/** How a planted file is present: as a file (most often), a symlink out of ~/.sfdx, a directory or nothing. */
const presence = fc.oneof(
  { weight: 6, arbitrary: fc.constant('file' as const) },
  { weight: 1, arbitrary: fc.constantFrom('symlink' as const, 'directory' as const, 'dangling-symlink' as const) },
  { weight: 1, arbitrary: fc.constant('absent' as const) },
);

type Presence = typeof presence extends fc.Arbitrary<infer P> ? P : never;

interface StoreSpec {
  readonly version: KeyVersion;
  readonly keySeed: number;
  readonly changes: ReadonlyArray<readonly [(typeof AUTH_FIELDS)[number], FieldChange]>;
  readonly files: Readonly<Record<'key' | 'auth' | 'alias' | 'config', Presence>>;
  readonly aliasText: string;
  readonly configText: string;
  readonly keyText: string | undefined;
  /** key.json's mode: sf refuses one that others may read. */
  readonly keyMode: number;
}

const jsonMutated = (valid: fc.Arbitrary<string>) =>
  fc.oneof(
    { weight: 3, arbitrary: valid },
    { weight: 2, arbitrary: mutatedText(valid, 2) },
    { weight: 1, arbitrary: hostileText },
  );

const aliasTarget = fc.oneof(
  { weight: 4, arbitrary: fc.constant(USERNAME) },
  { weight: 1, arbitrary: fc.constantFrom('../../outside', 'someone@else.example.com', '', 'a/b', '..') },
  { weight: 1, arbitrary: wrongValue },
);

const storeSpec: fc.Arbitrary<StoreSpec> = fc.record({
  version: fc.constantFrom<KeyVersion>('v1', 'v2'),
  keySeed: fc.integer({ min: 0, max: 255 }),
  changes: fc.array(fc.tuple(fc.constantFrom(...AUTH_FIELDS), fieldChange), { maxLength: 3 }),
  files: fc.record({ key: presence, auth: presence, alias: presence, config: presence }),
  aliasText: jsonMutated(aliasTarget.map((target) => JSON.stringify({ orgs: { [ALIAS]: target } }))),
  configText: jsonMutated(
    fc
      .constantFrom(ALIAS, USERNAME, 'unknown-alias')
      .map((target) => JSON.stringify({ 'target-org': target }, null, 2)),
  ),
  keyMode: fc.oneof({ weight: 5, arbitrary: fc.constant(0o600) }, { weight: 1, arbitrary: fc.constant(0o644) }),
  keyText: fc.option(jsonMutated(fc.constant('{"account":"local","service":"sfdx","key":"KEY"}')), {
    nil: undefined,
    freq: 4,
  }),
});

function authObject(spec: StoreSpec, key: string): Record<string, unknown> {
  const auth: Record<string, unknown> = {
    username: USERNAME,
    accessToken: encryptField(ACCESS_TOKEN, key),
    refreshToken: encryptField(REFRESH_TOKEN, key),
    clientSecret: encryptField(CLIENT_SECRET, key),
    instanceUrl: 'https://acme.my.salesforce.com',
    loginUrl: 'https://login.salesforce.com',
    orgId: '00D5g000004AbCdEAO',
    userId: '0055g00000AbCdEAAV',
    clientId: 'PlatformCLI',
    isDevHub: false,
    instanceApiVersion: '66.0',
    orgEdition: 'Developer Edition',
    namespacePrefix: null,
  };
  for (const [field, change] of spec.changes) {
    if (change.kind === 'drop') delete auth[field];
    else if (change.kind === 'set') auth[field] = change.value;
    else {
      const plain = PLAIN_OF[field] ?? `${field}-value`;
      if (change.kind === 'plaintext') auth[field] = plain;
      else if (change.kind === 'foreign-key')
        auth[field] = encryptField(plain, keychainKey(spec.version, spec.keySeed + 1));
      else auth[field] = ENCRYPTED.has(field) ? `${encryptField(plain, key).slice(0, -2)}00` : plain;
    }
  }
  return auth;
}

function plantedEntries(spec: StoreSpec, authText: string): PlantedEntry[] {
  const key = keychainKey(spec.version, spec.keySeed);
  const texts = {
    key: spec.keyText === undefined ? keychainFile(key) : spec.keyText.replace('KEY', key),
    auth: authText,
    alias: spec.aliasText,
    config: spec.configText,
  };
  const paths = {
    key: '.sfdx/key.json',
    auth: `.sfdx/${USERNAME}.json`,
    alias: '.sfdx/alias.json',
    config: '.sf/config.json',
  };
  const entries: PlantedEntry[] = [];
  for (const name of ['key', 'auth', 'alias', 'config'] as const) {
    const how = spec.files[name];
    if (how === 'absent') continue;
    if (how === 'file')
      entries.push({ kind: how, path: paths[name], content: texts[name], mode: name === 'key' ? spec.keyMode : 0o600 });
    else if (how === 'symlink') entries.push({ kind: how, path: paths[name], content: texts[name] });
    else entries.push({ kind: how, path: paths[name] });
  }
  return entries;
}

const plantedStore = storeSpec.chain((spec) => {
  const key = keychainKey(spec.version, spec.keySeed);
  const valid = JSON.stringify(authObject(spec, key), null, 2);
  return fc
    .oneof({ weight: 3, arbitrary: fc.constant(valid) }, { weight: 1, arbitrary: mutatedText(fc.constant(valid), 2) })
    .map((authText) => ({ spec, entries: plantedEntries(spec, authText), key }));
});

/** What `--target-org` names: the alias, the username, nothing (the configured default), or hostile text. */
const targetOrg = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<string | undefined>(ALIAS, USERNAME, undefined) },
  { weight: 1, arbitrary: fc.constantFrom('../../outside', '.', 'key', 'alias', `${USERNAME}.json`, '-') },
  { weight: 1, arbitrary: hostileText.filter((text) => text.length > 0 && !text.startsWith('-')) },
);

let root: string;
let leaveSandbox: () => Promise<void>;
before(() => {
  root = mkdtempSync(join(tmpdir(), 'sfjwt-sf-files-property-'));
  leaveSandbox = enterSfSandbox();
});
after(async () => {
  await leaveSandbox();
  rmSync(root, { recursive: true, force: true });
});

/** Most time one input may take: bounded, and a timer keeps a never-settling promise from ending the process. */
const INPUT_DEADLINE_MS = 20_000;

/**
 * `work`, failing if it is not decided within {@link INPUT_DEADLINE_MS}. Without a pending timer, a promise that
 * never settles empties the event loop, and the plugin's exit on 'beforeExit' (io/interrupts.ts) would end mocha
 * with status 0 in the middle of the property: a hang must fail, not pass.
 */
async function decided<T>(what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} was not decided within ${INPUT_DEADLINE_MS} ms`)),
      INPUT_DEADLINE_MS,
    );
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Fails unless `text` (what reached the terminal) is free of the planted secrets and of control characters. */
function assertClean(text: string, secrets: readonly string[]): void {
  for (const secret of secrets) assert.ok(!text.includes(secret), `a secret reached the output: ${text.slice(0, 300)}`);
  // eslint-disable-next-line no-control-regex -- the characters that must never reach a terminal raw
  assert.ok(!/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(text), JSON.stringify(text));
}

/** The normalised answer of `sf jwt app list` over a planted HOME, decided in time. */
function targetOrgAnswer(entries: readonly PlantedEntry[], target: string | undefined, key: string) {
  return decided('sf jwt app list over a planted HOME', appListAnswer(entries, target, key));
}

/** The normalised answer of `sf jwt app list` over a planted HOME: exit code, error code and message. */
async function appListAnswer(entries: readonly PlantedEntry[], target: string | undefined, key: string) {
  const home = plantHome(root, entries);
  try {
    await switchSfHome(home);
    const argv = target === undefined ? ['--timeout', '1'] : ['--target-org', target, '--timeout', '1'];
    // Once the org is read, its first call stops at once on an invalid proxy setting (ERR_PROXY_INVALID): no network.
    const run = await runInProcess(JwtAppList, argv, { HTTPS_PROXY: 'not a proxy url', HTTP_PROXY: undefined });
    const error = run.error;
    assert.ok(error !== undefined, 'app list cannot succeed without a network');
    assert.match(error.name, /^ERR_[A-Z0-9_]+$/, `${error.name}: ${error.message}`);
    assert.notEqual(error.name, 'ERR_UNEXPECTED', error.message);
    assert.equal(run.exitCode, exitCodeOf(error.name), `${error.name}: ${error.message}`);
    assertClean(run.stdout + run.stderr, [...PLANTED, key]);
    assertNoSecret(error, [...PLANTED, key]);
    return { exitCode: run.exitCode, name: error.name, message: error.message.split(home).join('<HOME>') };
  } finally {
    removeHome(home);
  }
}

describeProperties('plugin-jwt/sf-auth-files', {
  '--target-org over any planted sf state ends in a coded error of its class, no secret, clean text': {
    runs: 40,
    property: () =>
      fc.asyncProperty(plantedStore, targetOrg, async ({ entries, key }, target) => {
        await targetOrgAnswer(entries, target, key);
      }),
  },
  "an input's answer does not depend on the input before it (core's state is forgotten between HOMEs)": {
    runs: 8,
    property: () =>
      fc.asyncProperty(plantedStore, plantedStore, plantedStore, targetOrg, async (before1, before2, store, target) => {
        await targetOrgAnswer(before1.entries, ALIAS, before1.key).catch(() => undefined);
        const afterFirst = await targetOrgAnswer(store.entries, target, store.key);
        await targetOrgAnswer(before2.entries, ALIAS, before2.key).catch(() => undefined);
        const afterSecond = await targetOrgAnswer(store.entries, target, store.key);
        assert.deepEqual(afterSecond, afterFirst);
      }),
  },
  "login's read-back over any planted sf state saves what reads back, or ends in a coded error of its class": {
    runs: 40,
    property: () =>
      fc.asyncProperty(plantedStore, fc.boolean(), ({ entries, key }, setDefault) =>
        decided('the login save over a planted HOME', loginAnswer(entries, key, setDefault)),
      ),
  },
});

/** `sf jwt login`'s save over a planted HOME: saved and read back, or a coded error, clean and without secrets. */
async function loginAnswer(entries: readonly PlantedEntry[], key: string, setDefault: boolean): Promise<void> {
  const home = plantHome(root, entries);
  try {
    await switchSfHome(home);
    const token = {
      username: USERNAME,
      accessToken: LOGIN_TOKEN,
      instanceUrl: 'https://acme.my.salesforce.com',
      loginUrl: 'https://login.salesforce.com',
      orgId: '00D5g000004AbCdEAO',
      userId: '0055g00000AbCdEAAV',
    };
    const extras = { clientId: '3MVG9Property', privateKeyPath: undefined, org: { isDevHub: false } };
    const saved = await saveLogin(
      token,
      { ...extras, alias: ALIAS, setDefault, setDefaultDevHub: false },
      {
        sfLocks: { waitMs: 0 },
      },
    ).catch((error: unknown) => error as Error);
    if (saved instanceof Error) {
      const shown = sanitizeError(withClassExitCode(toSfError(saved)));
      assert.match(shown.name, /^ERR_[A-Z0-9_]+$/, `${shown.name}: ${shown.message}`);
      assert.notEqual(shown.name, 'ERR_UNEXPECTED', shown.message);
      assertNoSecret(shown, [...PLANTED, LOGIN_TOKEN, key]);
      assertClean(shown.message, [...PLANTED, LOGIN_TOKEN, key]);
      return;
    }
    // Saved: a fresh core reads the new token back, and the alias names the username.
    await switchSfHome(home);
    const { StateAggregator } = await import('@salesforce/core');
    const state = await StateAggregator.getInstance();
    const auth = await state.orgs.read(USERNAME, true, true);
    assert.equal(auth?.accessToken, LOGIN_TOKEN);
    assert.equal(state.aliases.getUsername(ALIAS), USERNAME);
  } finally {
    removeHome(home);
  }
}
