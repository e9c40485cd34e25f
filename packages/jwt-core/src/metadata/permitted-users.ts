/**
 * Who may use the app: admin pre-authorization through profiles and permission sets, the only approval the JWT
 * bearer flow can rely on (it has no user to click "Allow"). Optionally a new, empty permission set made to carry
 * the app, which the integration user is then assigned.
 */
import { AppMetadataError } from './app-metadata-error.js';
import { METADATA_TYPES, sourcePath } from './metadata-types.js';
import {
  MAX_DESCRIPTION_LENGTH,
  MAX_LABEL_LENGTH,
  checkPermissionSetName,
  checkProfileName,
  checkText,
} from './names.js';
import type { MetadataComponent, MetadataFile } from './types.js';
import { el, xmlDocument } from './xml.js';

/**
 * A permission set to create along with the app, to carry its pre-authorization.
 *
 * @example
 * ```ts
 * const create: NewPermissionSetOptions = { name: 'Billing_Sync_JWT', label: 'Billing Sync (JWT)' }
 * ```
 */
export interface NewPermissionSetOptions {
  /** API name (letters, digits, single underscores; at most 80 characters). */
  readonly name: string;
  /** Label shown in Setup; defaults to the name. */
  readonly label?: string | undefined;
  /** Description; defaults to one naming the app. */
  readonly description?: string | undefined;
}

/**
 * The pre-authorization options both app builders take.
 *
 * @example
 * ```ts
 * const who: PermittedUsersOptions = { profiles: ['System Administrator'], createPermissionSet: { name: 'Billing_Sync_JWT' } }
 * ```
 */
export interface PermittedUsersOptions {
  /** Profiles whose users are pre-authorized, by name (`System Administrator`). */
  readonly profiles?: readonly string[] | undefined;
  /** Existing permission sets whose users are pre-authorized, by API name. */
  readonly permissionSets?: readonly string[] | undefined;
  /** A new permission set to create and pre-authorize (assign it to the integration user after the deploy). */
  readonly createPermissionSet?: NewPermissionSetOptions | undefined;
}

/** Checked pre-authorization: profiles, permission set names (the new one included), and the new set's file. */
export interface PermittedUsers {
  readonly profiles: readonly string[];
  readonly permissionSets: readonly string[];
  readonly newPermissionSet?: { readonly file: MetadataFile; readonly component: MetadataComponent };
}

/**
 * Checks the pre-authorization options and builds the new permission set, if asked for.
 *
 * @throws {@link AppMetadataError} `ERR_APP_PROFILE_INVALID`, `ERR_APP_PERMISSION_SET_INVALID`,
 *   `ERR_APP_TEXT_INVALID`, `ERR_APP_NO_PERMITTED_USERS`
 */
export function checkPermittedUsers(options: PermittedUsersOptions, appLabel: string): PermittedUsers {
  const profiles = unique((options.profiles ?? []).map((p, i) => checkProfileName(p, `profiles[${i}]`)));
  const permissionSets = unique(
    (options.permissionSets ?? []).map((p, i) => checkPermissionSetName(p, `permissionSets[${i}]`)),
  );
  const create = options.createPermissionSet;
  let newPermissionSet: PermittedUsers['newPermissionSet'];
  if (create !== undefined) {
    const name = checkPermissionSetName(create.name, 'createPermissionSet.name');
    newPermissionSet = permissionSetFile(name, create, appLabel);
    if (!permissionSets.includes(name)) permissionSets.push(name);
  }
  if (profiles.length === 0 && permissionSets.length === 0) {
    throw new AppMetadataError(
      'ERR_APP_NO_PERMITTED_USERS',
      'No profile or permission set is pre-authorized for the app, so no user could log in with the JWT bearer flow.',
      {
        fix: 'Give `profiles` or `permissionSets` holding the integration user, or `createPermissionSet` and assign that permission set to the user after the deploy.',
      },
    );
  }
  return newPermissionSet === undefined ? { profiles, permissionSets } : { profiles, permissionSets, newPermissionSet };
}

function permissionSetFile(
  name: string,
  options: NewPermissionSetOptions,
  appLabel: string,
): { file: MetadataFile; component: MetadataComponent } {
  const label = checkText(options.label ?? name, 'createPermissionSet.label', MAX_LABEL_LENGTH);
  const description = checkText(
    options.description ?? `Pre-authorizes the users it is assigned to for the app ${appLabel} (JWT bearer flow).`,
    'createPermissionSet.description',
    MAX_DESCRIPTION_LENGTH,
  );
  const type = METADATA_TYPES.permissionSet;
  // An empty permission set: it grants nothing itself; the app's policy lists it, which pre-authorizes its users.
  const contents = xmlDocument(type.name, [
    el('description', description),
    el('hasActivationRequired', false),
    el('label', label),
  ]);
  return { file: { path: sourcePath(type, name), contents }, component: { type: type.name, fullName: name } };
}

function unique(values: string[]): string[] {
  return values.filter((v, i) => values.indexOf(v) === i);
}
