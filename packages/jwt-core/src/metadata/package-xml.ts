/**
 * package.xml, the manifest of a Metadata API deploy, and the API version it and sfdx-project.json declare.
 */
import { AppMetadataError } from './app-metadata-error.js';
import { printable } from './names.js';
import type { MetadataComponent } from './types.js';
import { el, xmlDocument } from './xml.js';

/**
 * API version written when none is given. Every External Client App field we write exists from 60.0 (the
 * `certificate` field is the newest), and every org has served 64.0 since Summer '25.
 *
 * @example
 * ```ts
 * const xml = buildPackageXml(app.components, { apiVersion: DEFAULT_METADATA_API_VERSION })
 * ```
 */
export const DEFAULT_METADATA_API_VERSION = '64.0';

/**
 * Oldest API version accepted: ExtlClntAppGlobalOauthSettings has its `certificate` field from 60.0 on.
 *
 * @example
 * ```ts
 * const supported = (version: string) => Number.parseFloat(version) >= MIN_METADATA_API_VERSION
 * ```
 */
export const MIN_METADATA_API_VERSION = 60;

/**
 * Checks an API version: `NN.0`, 60.0 or later.
 *
 * @throws {@link AppMetadataError} `ERR_APP_API_VERSION_INVALID`
 */
export function checkApiVersion(apiVersion: string): string {
  const match = /^(\d{2,3})\.0$/.exec(apiVersion);
  if (match === null || Number(match[1]) < MIN_METADATA_API_VERSION) {
    throw new AppMetadataError(
      'ERR_APP_API_VERSION_INVALID',
      `The API version (\`apiVersion\`) "${printable(apiVersion)}" ${match === null ? 'is not of the form "64.0"' : `is older than ${MIN_METADATA_API_VERSION}.0, the first with an app certificate field`}.`,
      {
        fix: `Give a version such as "${DEFAULT_METADATA_API_VERSION}" (${MIN_METADATA_API_VERSION}.0 or later), or leave \`apiVersion\` out.`,
      },
    );
  }
  return apiVersion;
}

/**
 * Options of {@link buildPackageXml}.
 *
 * @example
 * ```ts
 * const options: PackageXmlOptions = { apiVersion: '66.0' }
 * const xml = buildPackageXml(app.components, options)
 * ```
 */
export interface PackageXmlOptions {
  /** Metadata API version, `NN.0`, 60.0 or later; default {@link DEFAULT_METADATA_API_VERSION}. */
  readonly apiVersion?: string | undefined;
}

/**
 * Builds a package.xml listing the components: one `<types>` per type, types and members sorted (as the sf CLI
 * writes them), duplicates dropped.
 *
 * @param components - The components to list, for example `app.components` of {@link buildExternalClientApp}.
 * @throws {@link AppMetadataError} `ERR_APP_API_VERSION_INVALID`
 *
 * @example
 * ```ts
 * import { buildPackageXml } from '@sfjwt/jwt-core'
 *
 * const xml = buildPackageXml([{ type: 'ExternalClientApplication', fullName: 'Billing_Sync' }], { apiVersion: '64.0' })
 * ```
 */
export function buildPackageXml(components: readonly MetadataComponent[], options: PackageXmlOptions = {}): string {
  const apiVersion = checkApiVersion(options.apiVersion ?? DEFAULT_METADATA_API_VERSION);
  const byType = new Map<string, Set<string>>();
  for (const { type, fullName } of components) {
    const members = byType.get(type) ?? new Set<string>();
    members.add(fullName);
    byType.set(type, members);
  }
  const types = [...byType.keys()]
    .sort(compare)
    .map((type) =>
      el('types', [...[...(byType.get(type) ?? [])].sort(compare).map((m) => el('members', m)), el('name', type)]),
    );
  return xmlDocument('Package', [...types, el('version', apiVersion)]);
}

/** Code-unit order, independent of the runtime's locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
