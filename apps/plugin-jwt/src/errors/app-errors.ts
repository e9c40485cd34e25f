/**
 * The coded errors of `sf jwt app create`, and how Salesforce's deploy and API answers map to them. Texts (cause and
 * Setup fix) live in messages/jwt.app.create.md; the codes are public and never renamed.
 */
import { Messages } from '@salesforce/core/messages';
import type { SfError } from '@salesforce/core/sfError';
import type { DeployComponent, DeployStatus } from '../io/admin-org.js';
import { serverText } from '../text/server-text.js';
import { commandError } from './plugin-error.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);

/** Message key → stable code. */
export const appCreateErrors = {
  AdminCannotManageApps: 'ERR_APP_ADMIN_CANNOT_MANAGE_APPS',
  AdminCannotDeploy: 'ERR_APP_ADMIN_CANNOT_DEPLOY',
  AdminCannotAssign: 'ERR_APP_ADMIN_CANNOT_ASSIGN',
  // Conditions found before the deploy (the org's report of the admin's permissions): same codes.
  AdminLacksDeployPermission: 'ERR_APP_ADMIN_CANNOT_DEPLOY',
  AdminLacksAssignPermission: 'ERR_APP_ADMIN_CANNOT_ASSIGN',
  AdminLacksAppPermission: 'ERR_APP_ADMIN_CANNOT_MANAGE_APPS',
  AdminLacksPolicyPermission: 'ERR_APP_ADMIN_CANNOT_MANAGE_APPS',
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
  OrgNoAnswer: 'ERR_APP_ORG_NO_ANSWER',
  OrgUnreachable: 'ERR_APP_ORG_UNREACHABLE',
  OrgResponseInvalid: 'ERR_APP_ORG_RESPONSE_INVALID',
  // Valid XML/JSON, but not the types and Id formats Salesforce answers with (before / after the org was changed).
  OrgAnswerWrongShape: 'ERR_APP_ORG_RESPONSE_INVALID',
  OrgAnswerWrongShapeLate: 'ERR_APP_ORG_RESPONSE_INVALID',
  OrgResponseTooLarge: 'ERR_ORG_RESPONSE_TOO_LARGE',
  DeployNotFinished: 'ERR_APP_DEPLOY_NOT_FINISHED',
  ConsumerKeyUnreadable: 'ERR_APP_CONSUMER_KEY_UNREADABLE',
  ConsumerKeyMismatch: 'ERR_APP_CONSUMER_KEY_MISMATCH',
  ConsumerKeyNotChanged: 'ERR_APP_CONSUMER_KEY_MISMATCH',
  ContactEmailUnknown: 'ERR_APP_CONTACT_EMAIL_UNKNOWN',
} as const;

export type AppCreateErrorKey = keyof typeof appCreateErrors;

let bundle: Messages<string> | undefined;
const messages = (): Messages<string> => (bundle ??= Messages.loadMessages('@sfjwt/plugin-jwt', 'jwt.app.create'));

/** One of `app create`'s errors, its message filled with `tokens` (never secrets). */
export function appCreateError(key: AppCreateErrorKey, tokens: readonly string[] = []): SfError {
  return commandError(messages(), key, appCreateErrors[key], tokens);
}

/**
 * One of `app create`'s errors with server text in it: `tokens` fill the message's first placeholders and the server's
 * text, marked as such (the output boundary prints it as an indented quote, never as lines of ours), the last.
 */
export function appCreateErrorQuoting(key: AppCreateErrorKey, tokens: readonly string[], server: string): SfError {
  return appCreateError(key, [...tokens, serverText(server)]);
}

/**
 * Salesforce's standard texts, the same for every metadata type (not wording of ours or the emulator's): a feature the
 * org has not enabled, a missing user permission, and a component an installed package owns.
 */
const NOT_AVAILABLE = 'Not available for deploy for this organization';
const INSUFFICIENT_ACCESS = 'You do not have the level of access necessary';
const MANAGED = 'Cannot modify managed object';
/**
 * The XML parser's prefix of a file Salesforce could not read against its WSDL type (an unknown or misplaced element,
 * a bad enum value: "Error parsing file: Element {http://soap.sforce.com/2006/04/metadata}X invalid at this location
 * in type T", quoted in public deploy outputs and matched on by sfdx-hardis), and of a field problem ("In field: X -
 * …"): what the file says, never an org setting or permission, whatever the component.
 */
const FILE_PROBLEMS = ['Error parsing file: ', 'In field: '];

/**
 * The error a failed deploy means, by the structure of its first failure (the component type and problem type), with
 * Salesforce's own text quoted: the OAuth settings components carry the consumer key and certificate, which only the
 * org setting and the user permission for consumer secrets let through; the app header fails when External Client
 * Apps are off, the admin may not manage them, or a package owns the name (told apart by Salesforce's standard texts).
 * Anything else is `ERR_APP_DEPLOY_FAILED` with the component table.
 */
export function deployFailureError(
  id: string,
  failures: readonly DeployComponent[],
  deployError: { readonly statusCode: string; readonly message: string } | undefined,
  status: string,
): SfError {
  const first = failures.find((f) => f.problemType !== 'Warning') ?? failures[0];
  if (first === undefined) {
    const said = deployError === undefined ? `status ${status}` : `${deployError.statusCode}: ${deployError.message}`;
    return appCreateError('DeployFailed', [id, '0', 'the deploy itself', serverText(said)]);
  }
  const problem = first.problem ?? '';
  const what = `${first.type} ${first.fullName}`;
  const quoted = serverText(problem);
  if (problem.startsWith(MANAGED)) return appCreateError('AppInPackage', [what, quoted]);
  if (FILE_PROBLEMS.some((prefix) => problem.startsWith(prefix)))
    return appCreateError('DeployFailed', [id, String(failures.length), what, quoted]);
  if (first.type === 'ExtlClntAppGlobalOauthSettings' || first.type === 'ExtlClntAppOauthSettings')
    return appCreateError('SecretsViaMetadataDisabled', [what, quoted]);
  if (first.type === 'ExternalClientApplication') {
    if (problem.startsWith(NOT_AVAILABLE)) return appCreateError('ExternalClientAppsDisabled', [what, quoted]);
    if (problem.startsWith(INSUFFICIENT_ACCESS)) return appCreateError('AdminCannotManageApps', [what, quoted]);
  }
  return appCreateError('DeployFailed', [id, String(failures.length), what, quoted]);
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

/** Throws {@link deployFailureError} for a deploy that did not succeed (app create's and app rotate's deploys). */
export function assertDeploySucceeded(status: DeployStatus): void {
  if (!status.success)
    throw deployFailureError(
      status.id,
      status.components.filter((c) => c.state === 'Failed'),
      status.error,
      status.status,
    );
}
