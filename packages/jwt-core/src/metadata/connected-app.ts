/**
 * A Connected App for the JWT bearer flow, as a Metadata API source file: legacy. Since Spring '26 customers can no
 * longer create Connected Apps (in Setup or through the Metadata API) without Salesforce Support; existing ones can
 * still be edited. Use {@link buildExternalClientApp} for anything new.
 */
import { assembleApp, checkAppOptions, type AppOptions, type CheckedAppOptions } from './app-options.js';
import { METADATA_TYPES } from './metadata-types.js';
import { MAX_API_NAME_LENGTH, checkAppName } from './names.js';
import type { AppMetadata } from './types.js';
import { el, xmlDocument, type XmlElement } from './xml.js';

/**
 * Options of {@link buildConnectedApp}: those of an External Client App.
 *
 * @example
 * ```ts
 * const options: ConnectedAppOptions = { name: 'Legacy_Sync', certificate: certificatePem, contactEmail: 'admin@example.com', profiles: ['System Administrator'] }
 * ```
 */
export type ConnectedAppOptions = AppOptions;

/**
 * Legacy. Builds the source file of a Connected App (`connectedApps/<name>.connectedApp-meta.xml`) for the JWT bearer
 * flow: OAuth with the certificate, the consumer key, the scopes and the callback URL; admin-approved users
 * pre-authorized (`isAdminApproved`) through the named profiles (`profileName`) and permission sets
 * (`permissionSetName`).
 *
 * @remarks Legacy: for orgs that still own the Connected App or may create one (Salesforce blocks new Connected
 *   Apps since Spring '26). Prefer {@link buildExternalClientApp}. A Connected App's consumer key can only be set
 *   when the app is created: to update an existing app, give its current `consumerKey`.
 *
 * @param options - As for {@link buildExternalClientApp}.
 * @returns The file (plus the new permission set's, if asked for), components and consumer key.
 * @throws {@link AppMetadataError} for any option that cannot be deployed.
 *
 * @example
 * ```ts
 * import { buildConnectedApp } from '@sfjwt/jwt-core'
 *
 * const app = buildConnectedApp({
 *   name: 'Legacy_Sync',
 *   certificate: certificatePem,
 *   contactEmail: 'admin@example.com',
 *   profiles: ['System Administrator'],
 * })
 * console.log(app.files[0]?.path) // connectedApps/Legacy_Sync.connectedApp-meta.xml
 * ```
 */
export function buildConnectedApp(options: ConnectedAppOptions): AppMetadata {
  const name = checkAppName(options.name, 'name', MAX_API_NAME_LENGTH);
  const app = checkAppOptions(options, name);
  const type = METADATA_TYPES.connectedApp;
  return assembleApp('connected-app', app, [
    { type, fullName: name, contents: xmlDocument(type.name, connectedApp(app)) },
  ]);
}

// Elements in alphabetical order, the order of the Metadata API's type definition and of retrieved files.
function connectedApp(app: CheckedAppOptions): XmlElement[] {
  const { permissionSets, profiles } = app.permittedUsers;
  return [
    el('contactEmail', app.contactEmail),
    ...(app.description === undefined ? [] : [el('description', app.description)]),
    el('label', app.label),
    el('oauthConfig', [
      el('callbackUrl', app.callbackUrl),
      // The PEM certificate: "Use digital signatures", which the JWT bearer flow verifies assertions with.
      el('certificate', app.certificatePem),
      el('consumerKey', app.consumerKey),
      // Admin-approved users are pre-authorized: the profiles and permission sets below, nobody else.
      el('isAdminApproved', true),
      ...app.scopes.map((scope) => el('scopes', scope)),
    ]),
    el('oauthPolicy', [
      // Required by the type, unused by the JWT bearer flow: Salesforce's defaults.
      el('ipRelaxation', 'ENFORCE'),
      el('refreshTokenPolicy', 'infinite'),
    ]),
    ...permissionSets.map((permissionSet) => el('permissionSetName', permissionSet)),
    ...profiles.map((profile) => el('profileName', profile)),
  ];
}
