/**
 * Saves a JWT login where every sf command finds it: the auth file (~/.sfdx/<username>.json, token encrypted),
 * aliases and default-org config, written through @salesforce/core's StateAggregator and Config — the same classes
 * (and so the same files, encryption and locks) AuthInfo.save() uses, without AuthInfo itself, which loads the whole
 * @salesforce/core barrel and jsforce (~900 modules, the largest part of a login's time). @salesforce/core is imported
 * lazily: only `sf jwt login` needs it.
 *
 * Differences from `sf org login jwt`, on purpose:
 * - A re-login updates the existing auth in place instead of removing it, so aliases and defaults that point at
 *   the username survive (sf removes the old auth first and silently drops them). The defaults then name the alias
 *   just given (`--alias`), not whichever older alias core would pick first.
 * - The key path is stored only when @salesforce/core can re-sign with that file on its own (plain PEM on disk);
 *   otherwise the auth is stored as an access-token auth with no key path, and the caller says so.
 *
 * Two phases: {@link openAuth} (reads only) and {@link saveAuth} (the only writes). {@link saveLogin} runs both
 * under the state lock (io/state-lock.ts), because opening already reads sf's `alias.json`, which a parallel login
 * may be rewriting.
 */
import { homedir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { StateAggregator } from '@salesforce/core/stateAggregator';
import type { OrgFields } from './org-info.js';
import { pluginError } from '../errors/plugin-error.js';
import { shellWord } from '../text/shell-word.js';
import { projectConfig, waitForSfLocks, type SfLockOptions } from './sf-locks.js';
import { assertSfStateBounded, authFileOf, sfStateError, sfStateFiles } from './sf-state.js';
import { withStateLock, type StateLockOptions } from './state-lock.js';

/** The token's fields. */
export interface TokenFields {
  readonly username: string;
  readonly accessToken: string;
  readonly instanceUrl: string;
  /** Where core's JWT refresh will POST and what it derives its audiences from. */
  readonly loginUrl: string;
  readonly orgId: string;
  readonly userId: string;
}

/** An auth read (the existing file, if any), not yet written. */
export interface OpenedAuth {
  readonly state: StateAggregator;
  /** True when an auth for the username existed and is being updated in place. */
  readonly replaced: boolean;
  readonly token: TokenFields;
}

/** What else to save. */
export interface AuthExtras {
  readonly clientId: string;
  /** Absolute key path for core's refresh; undefined = no refresh by core. */
  readonly privateKeyPath: string | undefined;
  readonly org: OrgFields;
  readonly alias: string | undefined;
  readonly setDefault: boolean;
  readonly setDefaultDevHub: boolean;
}

/** What was saved. */
export interface SavedAuth {
  readonly replaced: boolean;
  /** Every alias of the username after the save (kept ones and the new one). */
  readonly aliases: string[];
}

/** Reads sf's state and the username's auth file, if any: no network, no write. */
export async function openAuth(token: TokenFields): Promise<OpenedAuth> {
  const home = homedir();
  await assertSfStateBounded([...sfStateFiles(home, process.cwd()), authFileOf(token.username, home)]);
  const { StateAggregator: State } = await import('@salesforce/core/stateAggregator');
  const state = await State.getInstance();
  const replaced = await state.orgs.hasFile(token.username);
  // Without a file this makes an empty one in memory; with one it loads it (a torn file throws JsonParseError).
  await state.orgs.read(token.username, false, false);
  return { state, replaced, token };
}

/**
 * Completes and writes the auth, then applies `--alias`, `--set-default`, `--set-default-dev-hub` as sf does
 * (AuthInfo.handleAliasAndDefaultSettings: the alias, then the local config or, outside a project, the global one).
 *
 * @throws core's errors (keychain, file system) before the auth is written — the caller converts them with
 *   toSfError; `ERR_LOGIN_INCOMPLETE` after it (an sf lock held, say), naming what is missing and the sf commands
 *   that finish it.
 */
export async function saveAuth(opened: OpenedAuth, extras: AuthExtras): Promise<SavedAuth> {
  const { state, token } = opened;
  const { username } = token;
  // `undefined` deletes a field (core clears a stale privateKey the same way). A new auth without the Organization
  // query's fields gets no namespacePrefix; a re-login keeps what the file had.
  const fields = {
    ...token,
    ...extras.org,
    // JWT fields: with privateKey and no refreshToken core refreshes by re-signing from the key file. Stale
    // credentials of an earlier web login would route refresh elsewhere, so they go.
    privateKey: extras.privateKeyPath,
    clientId: extras.clientId,
    refreshToken: undefined,
    clientSecret: undefined,
    authCode: undefined,
  };
  // The auth file's ConfigFile encrypts the token fields as they are set (core's AuthInfoConfig).
  state.orgs.update(username, fields as unknown as Parameters<StateAggregator['orgs']['update']>[1]);
  await state.orgs.write(username);
  await assertReadsBack(state, token);
  let aliasSaved = extras.alias === undefined;
  try {
    if (extras.alias !== undefined) await state.aliases.setAndSave(extras.alias, username);
    aliasSaved = true;
    if (extras.setDefault || extras.setDefaultDevHub) {
      const { Config } = await import('@salesforce/core/config');
      const config = await Config.create({ isGlobal: false }).catch(() => Config.create({ isGlobal: true }));
      const value = extras.alias ?? state.aliases.get(username) ?? username;
      if (extras.setDefault) config.set('target-org', value);
      if (extras.setDefaultDevHub) config.set('target-dev-hub', value);
      await config.write();
    }
  } catch (err) {
    // The auth is saved: say exactly what is missing and the sf commands that finish it (never a silent half).
    throw incomplete(username, missingSteps(extras, username, aliasSaved), err);
  }
  return { replaced: opened.replaced, aliases: state.aliases.getAll(username) };
}

/**
 * Fails unless sf reads the auth just written back with its new access token. An auth amended in place keeps the
 * old file's other fields; some make core refuse the whole file (a key in other casing holding a token that does not
 * decrypt, found by the sf-auth-files property), and a login that "saved" what no sf command can read is not saved.
 */
async function assertReadsBack(state: StateAggregator, token: TokenFields): Promise<void> {
  const read = await state.orgs.peek(token.username, true);
  if (read?.accessToken === token.accessToken) return;
  const { authFileOf, unreadable } = await import('./sf-state.js');
  throw unreadable(
    `sf cannot read back the login saved in ${authFileOf(token.username)} (a field kept from the old file is unreadable): remove that file and log in again`,
  );
}

/** What is left to save after the auth file, as words and as the sf command that does it. */
interface Step {
  readonly what: string;
  readonly command: string;
}

/** The alias (unless saved), then the defaults the flags asked for: they name the alias, so they come after it. */
function missingSteps(extras: AuthExtras, username: string, aliasSaved: boolean): Step[] {
  const steps: Step[] = [];
  if (extras.alias !== undefined && !aliasSaved) {
    steps.push({
      what: `the alias ${extras.alias}`,
      command: `sf alias set ${shellWord(`${extras.alias}=${username}`)}`,
    });
  }
  const value = extras.alias ?? username;
  const settings = [
    ...(extras.setDefault ? [`target-org=${value}`] : []),
    ...(extras.setDefaultDevHub ? [`target-dev-hub=${value}`] : []),
  ];
  if (settings.length > 0) {
    const what =
      settings.length === 2
        ? 'the default org and Dev Hub'
        : extras.setDefault
          ? 'the default org'
          : 'the default Dev Hub';
    // Outside a project sf sets config only with --global (where saveAuth wrote it too).
    const scope = projectConfig(process.cwd()) === undefined ? ' --global' : '';
    steps.push({ what, command: `sf config set ${settings.map(shellWord).join(' ')}${scope}` });
  }
  return steps;
}

function incomplete(username: string, steps: readonly Step[], err: unknown): Error {
  const reason = err instanceof Error ? err.message : String(err);
  const error = pluginError(
    'LoginIncomplete',
    [username, username, steps.map((s) => s.what).join(' and '), reason],
    [steps.map((s) => s.command).join(' && ')],
    { username, saved: 'auth', missing: steps.map((s) => s.what).join(' and ') },
  );
  error.cause = err;
  return error;
}

/** True for a read that met a state file half-written by a process outside our lock (e.g. sf itself). */
function isTornRead(err: unknown): boolean {
  if (err instanceof Error && err.name === 'ERR_LOGIN_INCOMPLETE') return isTornRead(err.cause);
  return err instanceof SyntaxError || (err instanceof Error && /JSON/.test(err.name + err.message));
}

/**
 * Opens and saves the login holding the state lock; a read that met a torn state file (written by a process that
 * does not take our lock) is retried up to twice with a fresh view of the files.
 */
export async function saveLogin(
  token: TokenFields,
  extras: AuthExtras,
  lock: StateLockOptions & { readonly sfLocks?: SfLockOptions } = {},
): Promise<SavedAuth> {
  const { StateAggregator: State } = await import('@salesforce/core/stateAggregator');
  return withStateLock(async () => {
    // Before anything is read or written: core waits up to a minute on a held lock when it reads, ~10 s when it writes.
    const config = extras.setDefault || extras.setDefaultDevHub;
    await waitForSfLocks({ username: token.username, alias: extras.alias, config }, lock.sfLocks);
    for (let attempt = 1; ; attempt++) {
      try {
        return await saveAuth(await openAuth(token), extras);
      } catch (err) {
        // What core threw reading sf's files becomes ours (its message may quote a file); ours pass unchanged.
        if (attempt >= 3 || !isTornRead(err)) throw sfStateError(err, undefined);
        State.clearInstance();
        await sleep(25 * attempt);
      }
    }
  }, lock);
}
