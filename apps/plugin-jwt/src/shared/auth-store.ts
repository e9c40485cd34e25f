/**
 * Saves a JWT login where every sf command finds it: @salesforce/core's AuthInfo (~/.sfdx/<username>.json, token
 * encrypted), aliases and default-org config. @salesforce/core is imported lazily: only `sf jwt login` needs it.
 *
 * Differences from `sf org login jwt`, on purpose:
 * - A re-login updates the existing auth in place instead of removing it, so aliases and defaults that point at
 *   the username survive (sf-cli-behaviour §6: sf silently drops them).
 * - The key path is stored only when @salesforce/core can re-sign with that file on its own (plain PEM on disk);
 *   otherwise the auth is stored as an access-token auth with no key path, and the caller says so.
 */
import type { OrgFields } from './org-info.js';

/** What to save. */
export interface AuthToSave {
  readonly username: string;
  readonly accessToken: string;
  readonly instanceUrl: string;
  /** Where core's JWT refresh will POST and what it derives its audiences from. */
  readonly loginUrl: string;
  readonly orgId: string;
  readonly userId: string;
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
  /** True when an auth for the username existed and was updated in place. */
  readonly replaced: boolean;
  /** Every alias of the username after the save (kept ones and the new one). */
  readonly aliases: string[];
}

/**
 * Saves the auth, then applies `--alias`, `--set-default`, `--set-default-dev-hub` as sf does.
 *
 * @throws core's errors (keychain, file system) — the caller converts them with toSfError.
 */
export async function saveAuth(auth: AuthToSave): Promise<SavedAuth> {
  const { AuthInfo, StateAggregator } = await import('@salesforce/core');
  const fields = {
    username: auth.username,
    accessToken: auth.accessToken,
    instanceUrl: auth.instanceUrl,
    loginUrl: auth.loginUrl,
    orgId: auth.orgId,
    userId: auth.userId,
    ...auth.org,
  };
  let replaced = false;
  let authInfo: InstanceType<typeof AuthInfo>;
  try {
    // Token options with username, orgId, isDevHub and namespacePrefix make core skip its own network calls.
    authInfo = await AuthInfo.create({ username: auth.username, accessTokenOptions: fields });
  } catch (err) {
    if (!(err instanceof Error) || err.name !== 'AuthInfoOverwriteError') throw err;
    replaced = true;
    authInfo = await AuthInfo.create({ username: auth.username });
    authInfo.update(fields);
  }
  // JWT fields: with privateKey and no refreshToken core refreshes by re-signing from the key file. Stale
  // credentials of an earlier web login would route refresh elsewhere, so they go.
  // `undefined` deletes a field (core clears a stale privateKey the same way); core's types don't spell that out.
  const jwtFields = {
    privateKey: auth.privateKeyPath,
    clientId: auth.clientId,
    loginUrl: auth.loginUrl,
    refreshToken: undefined,
    clientSecret: undefined,
    authCode: undefined,
  } as unknown as Parameters<typeof authInfo.save>[0];
  await authInfo.save(jwtFields);
  await authInfo.handleAliasAndDefaultSettings({
    ...(auth.alias === undefined ? {} : { alias: auth.alias }),
    setDefault: auth.setDefault,
    setDefaultDevHub: auth.setDefaultDevHub,
  });
  const state = await StateAggregator.getInstance();
  return { replaced, aliases: state.aliases.getAll(auth.username) };
}
