/**
 * The coded errors of `sf jwt app create`, and how Salesforce's deploy and API answers map to them. Texts (cause and
 * Setup fix) live in messages/jwt.app.create.md; the codes are public and never renamed.
 */
import { Messages } from '@salesforce/core/messages';
import type { SfError } from '@salesforce/core/sfError';
import { commandError } from './plugin-error.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);

/** Message key → stable code. */
export const appCreateErrors = {
  AdminCannotManageApps: 'ERR_APP_ADMIN_CANNOT_MANAGE_APPS',
  AdminCannotDeploy: 'ERR_APP_ADMIN_CANNOT_DEPLOY',
  AdminCannotAssign: 'ERR_APP_ADMIN_CANNOT_ASSIGN',
  ExternalClientAppsDisabled: 'ERR_APP_ECA_DISABLED',
  SecretsViaMetadataDisabled: 'ERR_APP_SECRETS_VIA_METADATA_DISABLED',
  AppInPackage: 'ERR_APP_IN_PACKAGE',
  UserNotFound: 'ERR_APP_USER_NOT_FOUND',
  UserInactive: 'ERR_APP_USER_INACTIVE',
  UserProfileMismatch: 'ERR_APP_USER_PROFILE_MISMATCH',
  PermissionSetNotFound: 'ERR_APP_PERMISSION_SET_NOT_FOUND',
  PermissionSetApiIntegration: 'ERR_APP_PERMISSION_SET_API_INTEGRATION',
  KeyCertificateMismatch: 'ERR_APP_KEY_CERT_MISMATCH',
  DeployFailed: 'ERR_APP_DEPLOY_FAILED',
  WaitExhausted: 'ERR_APP_WAIT_EXHAUSTED',
  OrgCallFailed: 'ERR_APP_ORG_CALL_FAILED',
} as const;

export type AppCreateErrorKey = keyof typeof appCreateErrors;

let bundle: Messages<string> | undefined;
const messages = (): Messages<string> => (bundle ??= Messages.loadMessages('@sfjwt/plugin-jwt', 'jwt.app.create'));

/** One of `app create`'s errors, its message filled with `tokens` (never secrets). */
export function appCreateError(key: AppCreateErrorKey, tokens: readonly string[] = []): SfError {
  return commandError(messages(), key, appCreateErrors[key], tokens);
}

/**
 * The error a deploy component failure means, by Salesforce's problem text; undefined for failures that are about the
 * files themselves (reported as `ERR_APP_DEPLOY_FAILED` with the component table).
 */
export function deployProblemKey(problem: string): AppCreateErrorKey | undefined {
  if (problem.startsWith('You do not have the level of access necessary')) return 'AdminCannotManageApps';
  if (problem.startsWith('Not available for deploy for this organization')) return 'ExternalClientAppsDisabled';
  if (problem.includes('Allow Access to OAuth Consumer Secrets via Metadata API')) return 'SecretsViaMetadataDisabled';
  if (problem.startsWith('Cannot modify managed object')) return 'AppInPackage';
  return undefined;
}

/** The error a Salesforce API error code means for the admin, or undefined. */
export function apiErrorKey(errorCode: string, call: 'deploy' | 'assign' | 'other'): AppCreateErrorKey | undefined {
  if (errorCode === 'INSUFFICIENT_ACCESS' && call === 'deploy') return 'AdminCannotDeploy';
  if (
    (errorCode === 'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY' || errorCode === 'INSUFFICIENT_ACCESS') &&
    call === 'assign'
  )
    return 'AdminCannotAssign';
  return undefined;
}
