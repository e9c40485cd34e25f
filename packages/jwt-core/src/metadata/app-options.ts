/**
 * The options both app builders share, and their checked form.
 */
import { readAppCertificate } from './app-certificate.js';
import { DEFAULT_CALLBACK_URL, checkCallbackUrl, checkContactEmail } from './app-settings.js';
import { generateConsumerKey, validateConsumerKey } from './consumer-key.js';
import { sourcePath, type MetadataTypeInfo } from './metadata-types.js';
import { MAX_DESCRIPTION_LENGTH, MAX_LABEL_LENGTH, checkText } from './names.js';
import { checkPermittedUsers, type PermittedUsers, type PermittedUsersOptions } from './permitted-users.js';
import { DEFAULT_APP_SCOPES, normalizeScopes, type OAuthScopeName } from './scopes.js';
import type { AppMetadata, MetadataComponent, MetadataFile } from './types.js';

/**
 * Options of {@link buildExternalClientApp} and {@link buildConnectedApp}.
 *
 * @example
 * ```ts
 * const options: AppOptions = { name: 'Billing_Sync', label: 'Billing & Sync', certificate: certificatePem, contactEmail: 'admin@example.com', scopes: ['Api', 'RefreshToken'], permissionSets: ['Billing_Integration'] }
 * ```
 */
export interface AppOptions extends PermittedUsersOptions {
  /** The app's API name: letters, digits and single underscores, starting with a letter. */
  readonly name: string;
  /** Label shown in Setup; defaults to the name. Any text (it is XML-escaped). */
  readonly label?: string | undefined;
  /** Description shown in Setup. */
  readonly description?: string | undefined;
  /**
   * Email Salesforce uses to reach the app's admin: required. Salesforce's "Create a Local External Client App with
   * Metadata API" says of the header's `contactEmail` "This field is required", and a Connected App's type requires
   * it too.
   */
  readonly contactEmail: string;
  /**
   * The X.509 certificate of the key pair the client signs assertions with: PEM text, or PEM/DER bytes. Only the
   * certificate itself is written; any other text around it is dropped.
   */
  readonly certificate: string | Uint8Array;
  /**
   * The consumer key (OAuth client id, the assertion's `iss`). Generated with {@link generateConsumerKey} when
   * left out; give the previous key when regenerating the files of an existing app, so the key stays the same.
   */
  readonly consumerKey?: string | undefined;
  /** OAuth scopes (metadata names such as `Api`, or OAuth spellings such as `api`); default `Api`, `RefreshToken`. */
  readonly scopes?: readonly string[] | undefined;
  /** Callback URL: https, or http to localhost; default `http://localhost:1717/OauthRedirect`. */
  readonly callbackUrl?: string | undefined;
}

/** Every option checked and defaulted. */
export interface CheckedAppOptions {
  readonly name: string;
  readonly label: string;
  readonly description?: string | undefined;
  readonly contactEmail: string;
  readonly certificatePem: string;
  readonly consumerKey: string;
  readonly consumerKeyGenerated: boolean;
  readonly scopes: readonly OAuthScopeName[];
  readonly callbackUrl: string;
  readonly permittedUsers: PermittedUsers;
}

/**
 * Checks the shared options (the name is checked by each builder, whose limits differ), in the order a user reads
 * them, so the first mistake is the one reported.
 */
export function checkAppOptions(options: AppOptions, name: string): CheckedAppOptions {
  const label = checkText(options.label ?? name, 'label', MAX_LABEL_LENGTH);
  const description =
    options.description === undefined
      ? undefined
      : checkText(options.description, 'description', MAX_DESCRIPTION_LENGTH);
  const contactEmail = checkContactEmail(options.contactEmail);
  const certificatePem = readAppCertificate(options.certificate).pem;
  const consumerKeyGenerated = options.consumerKey === undefined;
  const consumerKey =
    options.consumerKey === undefined ? generateConsumerKey() : validateConsumerKey(options.consumerKey);
  const scopes = normalizeScopes(options.scopes ?? DEFAULT_APP_SCOPES);
  const callbackUrl = checkCallbackUrl(options.callbackUrl ?? DEFAULT_CALLBACK_URL);
  const permittedUsers = checkPermittedUsers(options, label);
  return {
    name,
    label,
    ...(description === undefined ? {} : { description }),
    contactEmail,
    certificatePem,
    consumerKey,
    consumerKeyGenerated,
    scopes,
    callbackUrl,
    permittedUsers,
  };
}

/** One component file a builder made. */
export interface ComponentPart {
  readonly type: MetadataTypeInfo;
  readonly fullName: string;
  readonly contents: string;
  /** True when the file holds a credential (and must stay out of source control). */
  readonly credential?: boolean;
}

/** The builders' common result: their component files, then the new permission set's, and the consumer key. */
export function assembleApp(
  kind: AppMetadata['kind'],
  app: CheckedAppOptions,
  parts: readonly ComponentPart[],
): AppMetadata {
  const files: MetadataFile[] = parts.map((p) => ({ path: sourcePath(p.type, p.fullName), contents: p.contents }));
  const components: MetadataComponent[] = parts.map((p) => ({ type: p.type.name, fullName: p.fullName }));
  const created = app.permittedUsers.newPermissionSet;
  if (created !== undefined) {
    files.push(created.file);
    components.push(created.component);
  }
  return {
    kind,
    name: app.name,
    consumerKey: app.consumerKey,
    consumerKeyGenerated: app.consumerKeyGenerated,
    files,
    components,
    credentialFiles: parts.filter((p) => p.credential === true).map((p) => sourcePath(p.type, p.fullName)),
  };
}
