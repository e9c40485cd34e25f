/**
 * An External Client App (ECA) for the JWT bearer flow, as Metadata API source files. Since Spring '26 orgs can no
 * longer create Connected Apps; an ECA is how a new integration gets a consumer key and a certificate.
 *
 * An ECA is five components, all naming the app in `externalClientApplication`:
 * - ExternalClientApplication: the header (label, contact, `distributionState` Local, not protected);
 * - ExtlClntAppOauthSettings: the OAuth scopes (`commaSeparatedOauthScopes`);
 * - ExtlClntAppGlobalOauthSettings: callback URL, consumer key, and the certificate, which turns the JWT bearer flow
 *   on; PKCE off and no consumer secret needed (the flow uses neither). It holds a credential: Salesforce refuses to
 *   package it, and it must stay out of source control;
 * - ExtlClntAppOauthConfigurablePolicies: permitted users `AdminApprovedPreAuthorized`, with the profiles and
 *   permission sets whose users are pre-authorized;
 * - ExtlClntAppConfigurablePolicies: the app and its OAuth plugin enabled.
 *
 * Salesforce creates both policy components itself when an ECA is first deployed, named `<name>_defaultPolicy`;
 * ours carry the same name, so a deploy (first or later) updates those records instead of conflicting with them.
 * That name holds at most 40 characters, so an ECA name holds at most 26.
 */
import { assembleApp, checkAppOptions, type AppOptions, type CheckedAppOptions } from './app-options.js';
import { METADATA_TYPES } from './metadata-types.js';
import { MAX_API_NAME_LENGTH, checkAppName } from './names.js';
import type { AppMetadata } from './types.js';
import { el, xmlDocument, type XmlElement } from './xml.js';

/**
 * Suffix of the policy components Salesforce creates for an ECA; ours use the same names.
 *
 * @example
 * ```ts
 * const policyName = `Billing_Sync${ECA_POLICY_SUFFIX}` // 'Billing_Sync_defaultPolicy'
 * ```
 */
export const ECA_POLICY_SUFFIX = '_defaultPolicy';

/**
 * Longest ECA name: `<name>_defaultPolicy` must fit the 40 characters of a policy's name.
 *
 * @example
 * ```ts
 * if (name.length > MAX_ECA_NAME_LENGTH) console.error(`at most ${MAX_ECA_NAME_LENGTH} characters`)
 * ```
 */
export const MAX_ECA_NAME_LENGTH = MAX_API_NAME_LENGTH - ECA_POLICY_SUFFIX.length;

/**
 * The comment at the top of the global OAuth settings file.
 *
 * @example
 * ```ts
 * const holdsCredential = (xml: string) => xml.includes(CREDENTIAL_FILE_COMMENT)
 * ```
 */
export const CREDENTIAL_FILE_COMMENT =
  "This file holds a credential: the External Client App's consumer key (OAuth client id). Deploy it, but do not commit it to source control.";

/**
 * Options of {@link buildExternalClientApp}.
 *
 * @example
 * ```ts
 * const options: ExternalClientAppOptions = { name: 'Billing_Sync', certificate: certificatePem, contactEmail: 'admin@example.com', profiles: ['System Administrator'] }
 * ```
 */
export type ExternalClientAppOptions = AppOptions;

/**
 * Builds the source files of an External Client App that lets the named profiles and permission sets log in with
 * the JWT bearer flow, verified by `certificate`.
 *
 * The consumer key is generated here (unless given), so the client id is known before the deploy and never has to
 * be read back from the org: see {@link generateConsumerKey}. No other secret is written: no consumer secret, and
 * never the private key.
 *
 * @param options - Name, certificate, contact email (required: Salesforce requires it in the app's header),
 *   pre-authorized profiles/permission sets, and optional label, description, scopes, callback URL, consumer key, permission set to create.
 * @returns The files (paths relative to a package directory's `main/default` folder), their components, and the
 *   consumer key. Pass the result to {@link buildSourceProject} for a directory `sf project deploy start` deploys.
 * @throws {@link AppMetadataError} for any option that cannot be deployed; the code names which
 *   (`ERR_APP_NAME_INVALID`, `ERR_APP_CERTIFICATE_IS_PRIVATE_KEY`, …).
 *
 * @example
 * ```ts
 * import { buildExternalClientApp, buildSourceProject } from '@sfjwt/jwt-core'
 *
 * const app = buildExternalClientApp({
 *   name: 'Billing_Sync',
 *   label: 'Billing & Sync',
 *   certificate: certificatePem,
 *   contactEmail: 'admin@example.com',
 *   createPermissionSet: { name: 'Billing_Sync_JWT' },
 * })
 * console.log(app.consumerKey) // the JWT's iss
 * for (const file of buildSourceProject({ app }).files) console.log(file.path)
 * ```
 */
export function buildExternalClientApp(options: ExternalClientAppOptions): AppMetadata {
  const name = checkAppName(
    options.name,
    'name',
    MAX_ECA_NAME_LENGTH,
    ` External Client App names hold at most ${MAX_ECA_NAME_LENGTH} characters, because Salesforce names the app's policies "<name>${ECA_POLICY_SUFFIX}" within 40.`,
  );
  const app = checkAppOptions(options, name);
  const policyName = `${name}${ECA_POLICY_SUFFIX}`;
  const T = METADATA_TYPES;
  return assembleApp('external-client-app', app, [
    { type: T.externalClientApp, fullName: name, contents: xmlDocument(T.externalClientApp.name, header(app)) },
    { type: T.ecaOauthSettings, fullName: name, contents: xmlDocument(T.ecaOauthSettings.name, oauthSettings(app)) },
    {
      type: T.ecaGlobalOauthSettings,
      fullName: name,
      contents: xmlDocument(T.ecaGlobalOauthSettings.name, globalOauthSettings(app), {
        comment: CREDENTIAL_FILE_COMMENT,
      }),
      credential: true,
    },
    {
      type: T.ecaOauthPolicies,
      fullName: policyName,
      contents: xmlDocument(T.ecaOauthPolicies.name, oauthPolicies(app, policyName)),
    },
    { type: T.ecaPolicies, fullName: policyName, contents: xmlDocument(T.ecaPolicies.name, policies(app, policyName)) },
  ]);
}

// Elements are in alphabetical order, the order of the Metadata API's type definitions and of retrieved files.

function header(app: CheckedAppOptions): XmlElement[] {
  return [
    // Required: "This field is required" (Salesforce, "Create a Local External Client App with Metadata API").
    el('contactEmail', app.contactEmail),
    ...(app.description === undefined ? [] : [el('description', app.description)]),
    // Local: an app of this org, not for a package. Not protected: nothing to hide from subscriber orgs.
    el('distributionState', 'Local'),
    el('isProtected', false),
    el('label', app.label),
  ];
}

function oauthSettings(app: CheckedAppOptions): XmlElement[] {
  return [
    el('commaSeparatedOauthScopes', app.scopes.join(', ')),
    el('externalClientApplication', app.name),
    el('label', app.label),
  ];
}

function globalOauthSettings(app: CheckedAppOptions): XmlElement[] {
  return [
    el('callbackUrl', app.callbackUrl),
    // The PEM certificate; its presence enables the JWT bearer flow for the app.
    el('certificate', app.certificatePem),
    el('consumerKey', app.consumerKey),
    el('externalClientApplication', app.name),
    // The JWT bearer flow sends no client secret and no PKCE verifier.
    el('isConsumerSecretOptional', true),
    el('isPkceRequired', false),
    el('label', app.label),
  ];
}

function oauthPolicies(app: CheckedAppOptions, policyName: string): XmlElement[] {
  const { permissionSets, profiles } = app.permittedUsers;
  return [
    ...(permissionSets.length === 0 ? [] : [el('commaSeparatedPermissionSet', permissionSets.join(','))]),
    ...(profiles.length === 0 ? [] : [el('commaSeparatedProfile', profiles.join(','))]),
    el('externalClientApplication', app.name),
    el('label', policyName),
    // The JWT bearer flow has no user to approve the app: only pre-authorized users can get a token.
    el('permittedUsersPolicyType', 'AdminApprovedPreAuthorized'),
  ];
}

function policies(app: CheckedAppOptions, policyName: string): XmlElement[] {
  return [
    el('externalClientApplication', app.name),
    el('isEnabled', true),
    el('isOauthPluginEnabled', true),
    el('label', policyName),
  ];
}
