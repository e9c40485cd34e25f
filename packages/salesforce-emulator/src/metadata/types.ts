// The metadata types the emulator deploys: names, folders and suffixes exactly as @salesforce/source-deploy-retrieve's
// metadataRegistry.json defines them (a Metadata API zip holds `<directoryName>/<fullName>.<suffix>` files). The
// elements each type allows, their value kinds and which are required come from Salesforce's WSDL types
// (wsdl-schema.ts); only requirements the WSDL does not carry are listed here.

export const METADATA_NS = 'http://soap.sforce.com/2006/04/metadata';

export type EcaChildType =
  | 'ExtlClntAppOauthSettings'
  | 'ExtlClntAppGlobalOauthSettings'
  | 'ExtlClntAppOauthConfigurablePolicies'
  | 'ExtlClntAppConfigurablePolicies';

export type DeployableType = 'ExternalClientApplication' | EcaChildType | 'PermissionSet' | 'ConnectedApp';

export interface MetadataTypeSpec {
  name: DeployableType;
  directory: string;
  suffix: string;
  /** Top-level elements required beyond the WSDL's minOccurs 1 (a documented requirement, or the emulator's). */
  required: readonly string[];
}

export const METADATA_TYPES: readonly MetadataTypeSpec[] = [
  {
    name: 'ExternalClientApplication',
    directory: 'externalClientApps',
    suffix: 'eca',
    // contactEmail: "This field is required" (Salesforce Help, "Create a Local External Client App with Metadata
    // API"), though the WSDL makes it optional; label: the emulator's choice (Setup requires a name).
    required: ['contactEmail', 'label'],
  },
  {
    name: 'ExtlClntAppOauthSettings',
    directory: 'extlClntAppOauthSettings',
    suffix: 'ecaOauth',
    required: [],
  },
  {
    name: 'ExtlClntAppGlobalOauthSettings',
    directory: 'extlClntAppGlobalOauthSets',
    suffix: 'ecaGlblOauth',
    required: [],
  },
  {
    name: 'ExtlClntAppOauthConfigurablePolicies',
    directory: 'extlClntAppOauthPolicies',
    suffix: 'ecaOauthPlcy',
    required: [],
  },
  {
    name: 'ExtlClntAppConfigurablePolicies',
    directory: 'extlClntAppPolicies',
    suffix: 'ecaPlcy',
    required: [],
  },
  {
    name: 'PermissionSet',
    directory: 'permissionsets',
    suffix: 'permissionset',
    required: [],
  },
  {
    name: 'ConnectedApp',
    directory: 'connectedApps',
    suffix: 'connectedApp',
    required: [],
  },
];

export const ECA_TYPES: ReadonlySet<string> = new Set([
  'ExternalClientApplication',
  'ExtlClntAppOauthSettings',
  'ExtlClntAppGlobalOauthSettings',
  'ExtlClntAppOauthConfigurablePolicies',
  'ExtlClntAppConfigurablePolicies',
]);

export function typeByName(name: string): MetadataTypeSpec | undefined {
  return METADATA_TYPES.find((t) => t.name === name);
}

/** The type of a zip path `<directory>/<fullName>.<suffix>`, with the fullName. */
export function typeOfPath(path: string): { spec: MetadataTypeSpec; fullName: string } | undefined {
  const match = /^([^/]+)\/([^/]+)$/.exec(path);
  if (match === null) return undefined;
  const [, directory = '', file = ''] = match;
  for (const spec of METADATA_TYPES) {
    const ending = `.${spec.suffix}`;
    if (directory === spec.directory && file.endsWith(ending) && file.length > ending.length) {
      return { spec, fullName: file.slice(0, -ending.length) };
    }
  }
  return undefined;
}
