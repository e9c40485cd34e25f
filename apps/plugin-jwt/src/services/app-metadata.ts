/**
 * What `sf jwt app generate` and `sf jwt app create` share: the flag values of an app turned into jwt-core's app
 * metadata (the same files for both commands, so `sf project deploy start` and `app create` deploy the same thing).
 */
import { Messages } from '@salesforce/core/messages';
import { buildConnectedApp, buildExternalClientApp, type AppMetadata } from '@sfjwt/jwt-core';
import { commandError } from '../errors/plugin-error.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@sfjwt/plugin-jwt', 'jwt.app.generate');

/** Flag values describing an app. */
export interface AppSpec {
  readonly name: string;
  readonly type: 'external-client-app' | 'connected-app';
  /** The certificate's bytes (read by the caller). */
  readonly certificate: Uint8Array;
  readonly profiles: readonly string[];
  readonly permissionSets: readonly string[];
  /** Create a permission set: the one --permission-set names, else `<name>_JWT`. */
  readonly createPermissionSet: boolean;
  readonly scopes?: readonly string[] | undefined;
  readonly callbackUrl?: string | undefined;
  /** Required by Salesforce in both app types; missing → ERR_APP_CONTACT_EMAIL_REQUIRED. */
  readonly contactEmail?: string | undefined;
  readonly consumerKey?: string | undefined;
}

/** Name of the permission set `--create-permission-set` makes when --permission-set names none. */
export function defaultPermissionSetName(appName: string): string {
  return `${appName}_JWT`;
}

/**
 * Checks the pre-authorization flags (in flag words, before jwt-core sees them) and builds the app's metadata.
 *
 * @throws `ERR_APP_NO_PERMITTED_USERS`, `ERR_APP_CREATE_PERMISSION_SET_AMBIGUOUS`, `ERR_APP_CONTACT_EMAIL_REQUIRED`,
 *   jwt-core's `ERR_APP_*` codes.
 */
export function buildAppMetadata(spec: AppSpec): { app: AppMetadata; createdPermissionSet: string | null } {
  if (spec.profiles.length === 0 && spec.permissionSets.length === 0 && !spec.createPermissionSet) {
    throw commandError(messages, 'NoPermittedUsers', 'ERR_APP_NO_PERMITTED_USERS');
  }
  if (spec.createPermissionSet && spec.permissionSets.length > 1) {
    throw commandError(messages, 'CreatePermissionSetAmbiguous', 'ERR_APP_CREATE_PERMISSION_SET_AMBIGUOUS', [
      spec.permissionSets.join(', '),
    ]);
  }
  const created = spec.createPermissionSet ? (spec.permissionSets[0] ?? defaultPermissionSetName(spec.name)) : null;
  const options = {
    name: spec.name,
    certificate: spec.certificate,
    profiles: [...spec.profiles],
    permissionSets: created === null ? [...spec.permissionSets] : [],
    ...(created === null ? {} : { createPermissionSet: { name: created } }),
    ...(spec.scopes === undefined || spec.scopes.length === 0 ? {} : { scopes: [...spec.scopes] }),
    ...(spec.callbackUrl === undefined ? {} : { callbackUrl: spec.callbackUrl }),
    ...(spec.consumerKey === undefined ? {} : { consumerKey: spec.consumerKey }),
    contactEmail: spec.contactEmail ?? missingContactEmail(),
  };
  const app = spec.type === 'connected-app' ? buildConnectedApp(options) : buildExternalClientApp(options);
  return { app, createdPermissionSet: created };
}

function missingContactEmail(): never {
  throw commandError(messages, 'ContactEmailRequired', 'ERR_APP_CONTACT_EMAIL_REQUIRED');
}
