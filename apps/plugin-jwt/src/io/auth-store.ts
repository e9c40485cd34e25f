/**
 * Saves a JWT login where every sf command finds it: @salesforce/core's AuthInfo (~/.sfdx/<username>.json, token
 * encrypted), aliases and default-org config. @salesforce/core is imported lazily: only `sf jwt login` needs it.
 *
 * Differences from `sf org login jwt`, on purpose:
 * - A re-login updates the existing auth in place instead of removing it, so aliases and defaults that point at
 *   the username survive (sf removes the old auth first and silently drops them).
 * - The key path is stored only when @salesforce/core can re-sign with that file on its own (plain PEM on disk);
 *   otherwise the auth is stored as an access-token auth with no key path, and the caller says so.
 *
 * Two phases: {@link openAuth} (in memory only) and {@link saveAuth} (the only write). {@link saveLogin} runs both
 * under the state lock (io/state-lock.ts), because opening already reads sf's `alias.json`, which a parallel login
 * may be rewriting.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { AuthInfo } from '@salesforce/core';
import type { OrgFields } from './org-info.js';
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

/** An auth prepared in memory, not yet written. */
export interface OpenedAuth {
  readonly authInfo: AuthInfo;
  /** True when an auth for the username existed and is being updated in place. */
  readonly replaced: boolean;
  readonly username: string;
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

// Org fields core would otherwise fetch itself when absent from token options (isDevHub, namespacePrefix). They are
// placeholders in memory only: saveAuth overwrites or deletes every one of them before the first write.
const PLACEHOLDERS = { isDevHub: false, namespacePrefix: null } as const;

/** Prepares the auth in memory from the token: no network, no write. */
export async function openAuth(token: TokenFields): Promise<OpenedAuth> {
  const { AuthInfo: Auth } = await import('@salesforce/core');
  const fields = { ...token };
  try {
    const authInfo = await Auth.create({
      username: token.username,
      accessTokenOptions: { ...fields, ...PLACEHOLDERS },
    });
    return { authInfo, replaced: false, username: token.username };
  } catch (err) {
    if (!(err instanceof Error) || err.name !== 'AuthInfoOverwriteError') throw err;
    const authInfo = await Auth.create({ username: token.username });
    authInfo.update(fields);
    return { authInfo, replaced: true, username: token.username };
  }
}

/**
 * Completes and writes the auth, then applies `--alias`, `--set-default`, `--set-default-dev-hub` as sf does.
 *
 * @throws core's errors (keychain, file system) — the caller converts them with toSfError.
 */
export async function saveAuth(opened: OpenedAuth, extras: AuthExtras): Promise<SavedAuth> {
  const { StateAggregator } = await import('@salesforce/core');
  // `undefined` deletes a field (core clears a stale privateKey the same way); core's types don't spell that out.
  // A placeholder the Organization query could not replace is deleted; a re-login keeps what the file had.
  const placeholderLeft = !opened.replaced && !('namespacePrefix' in extras.org);
  const fields = {
    ...(placeholderLeft ? { namespacePrefix: undefined } : {}),
    ...extras.org,
    // JWT fields: with privateKey and no refreshToken core refreshes by re-signing from the key file. Stale
    // credentials of an earlier web login would route refresh elsewhere, so they go.
    privateKey: extras.privateKeyPath,
    clientId: extras.clientId,
    refreshToken: undefined,
    clientSecret: undefined,
    authCode: undefined,
  } as unknown as Parameters<AuthInfo['save']>[0];
  await opened.authInfo.save(fields);
  await opened.authInfo.handleAliasAndDefaultSettings({
    ...(extras.alias === undefined ? {} : { alias: extras.alias }),
    setDefault: extras.setDefault,
    setDefaultDevHub: extras.setDefaultDevHub,
  });
  const state = await StateAggregator.getInstance();
  return { replaced: opened.replaced, aliases: state.aliases.getAll(opened.username) };
}

/** True for a read that met a state file half-written by a process outside our lock (e.g. sf itself). */
function isTornRead(err: unknown): boolean {
  return err instanceof SyntaxError || (err instanceof Error && /JSON/.test(err.name + err.message));
}

/**
 * Opens and saves the login holding the state lock; a read that met a torn state file (written by a process that
 * does not take our lock) is retried up to twice with a fresh view of the files.
 */
export async function saveLogin(
  token: TokenFields,
  extras: AuthExtras,
  lock: StateLockOptions = {},
): Promise<SavedAuth> {
  const { StateAggregator } = await import('@salesforce/core');
  return withStateLock(async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await saveAuth(await openAuth(token), extras);
      } catch (err) {
        if (attempt >= 3 || !isTornRead(err)) throw err;
        StateAggregator.clearInstance();
        await sleep(25 * attempt);
      }
    }
  }, lock);
}
