/**
 * The Metadata API types the app builders write, with the folder and file suffix the sf CLI's metadata registry
 * (@salesforce/source-deploy-retrieve's metadataRegistry.json) gives each. Source format names a file
 * `<directoryName>/<fullName>.<suffix>-meta.xml`; the XML root element is the type name. Blog posts disagree on
 * these folders and suffixes; the registry is what `sf project deploy start` resolves files with, so it decides
 * (a test reads the installed registry and compares).
 */

/**
 * A metadata type as the sf CLI's registry describes it.
 *
 * @example
 * ```ts
 * const type: MetadataTypeInfo = METADATA_TYPES.externalClientApp
 * console.log(`${type.directoryName}/Billing_Sync.${type.suffix}-meta.xml`)
 * ```
 */
export interface MetadataTypeInfo {
  /** The type name: package.xml `<name>` and the XML root element. */
  readonly name: string;
  /** The folder under a package directory's `main/default`. */
  readonly directoryName: string;
  /** The file suffix, before `-meta.xml`. */
  readonly suffix: string;
}

/**
 * The seven types jwt-core writes, keyed by a short id.
 *
 * @example
 * ```ts
 * const folder = METADATA_TYPES.ecaGlobalOauthSettings.directoryName // 'extlClntAppGlobalOauthSets'
 * ```
 */
export const METADATA_TYPES = {
  externalClientApp: { name: 'ExternalClientApplication', directoryName: 'externalClientApps', suffix: 'eca' },
  ecaOauthSettings: { name: 'ExtlClntAppOauthSettings', directoryName: 'extlClntAppOauthSettings', suffix: 'ecaOauth' },
  ecaGlobalOauthSettings: {
    name: 'ExtlClntAppGlobalOauthSettings',
    directoryName: 'extlClntAppGlobalOauthSets',
    suffix: 'ecaGlblOauth',
  },
  ecaOauthPolicies: {
    name: 'ExtlClntAppOauthConfigurablePolicies',
    directoryName: 'extlClntAppOauthPolicies',
    suffix: 'ecaOauthPlcy',
  },
  ecaPolicies: { name: 'ExtlClntAppConfigurablePolicies', directoryName: 'extlClntAppPolicies', suffix: 'ecaPlcy' },
  connectedApp: { name: 'ConnectedApp', directoryName: 'connectedApps', suffix: 'connectedApp' },
  permissionSet: { name: 'PermissionSet', directoryName: 'permissionsets', suffix: 'permissionset' },
} as const satisfies Readonly<Record<string, MetadataTypeInfo>>;

/** The source-format path of a component, relative to a package directory's `main/default` folder. */
export function sourcePath(type: MetadataTypeInfo, fullName: string): string {
  return `${type.directoryName}/${fullName}.${type.suffix}-meta.xml`;
}
