// The metadata types the emulator deploys: names, folders and suffixes exactly as @salesforce/source-deploy-retrieve's
// metadataRegistry.json defines them (a Metadata API zip holds `<directoryName>/<fullName>.<suffix>` files), and the
// elements each type's schema allows (Metadata API Developer Guide, API 67.0).

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
  /** Top-level elements the type's schema has (anything else: "invalid at this location"). */
  fields: readonly string[];
  /** Top-level elements without which the component fails. */
  required: readonly string[];
}

const ECA_CHILD = ['externalClientApplication', 'label'];

export const METADATA_TYPES: readonly MetadataTypeSpec[] = [
  {
    name: 'ExternalClientApplication',
    directory: 'externalClientApps',
    suffix: 'eca',
    fields: [
      'contactEmail',
      'contactPhone',
      'description',
      'distributionState',
      'iconUrl',
      'infoUrl',
      'isProtected',
      'label',
      'logoUrl',
      'managedType',
      'orgScopedExternalApp',
    ],
    required: ['label'],
  },
  {
    name: 'ExtlClntAppOauthSettings',
    directory: 'extlClntAppOauthSettings',
    suffix: 'ecaOauth',
    fields: [
      ...ECA_CHILD,
      'areAttributesIncludedInAssetToken',
      'areCustomPermsIncludedInAssetToken',
      'assetTokenAudiences',
      'commaSeparatedOauthScopes',
      'customAttributes',
      'isFirstPartyAppEnabled',
      'oauthLink',
      'singleLogoutUrl',
      'trustedIpRanges',
    ],
    required: ['externalClientApplication'],
  },
  {
    name: 'ExtlClntAppGlobalOauthSettings',
    directory: 'extlClntAppGlobalOauthSets',
    suffix: 'ecaGlblOauth',
    fields: [
      ...ECA_CHILD,
      'callbackUrl',
      'certificate',
      'consumerKey',
      'consumerSecret',
      'idTokenConfig',
      'isClientCredentialsFlowEnabled',
      'isCodeCredFlowEnabled',
      'isCodeCredPostOnly',
      'isConsumerSecretOptional',
      'isDeviceFlowEnabled',
      'isIntrospectAllTokens',
      'isNamedUserJwtEnabled',
      'isPkceRequired',
      'isRefreshTokenRotationEnabled',
      'isSecretRequiredForRefreshToken',
      'isSecretRequiredForTokenExchange',
      'isTokenExchangeEnabled',
      'shouldRotateConsumerKey',
      'shouldRotateConsumerSecret',
    ],
    required: ['externalClientApplication'],
  },
  {
    name: 'ExtlClntAppOauthConfigurablePolicies',
    directory: 'extlClntAppOauthPolicies',
    suffix: 'ecaOauthPlcy',
    fields: [
      ...ECA_CHILD,
      'apexHandler',
      'clientCredentialsFlowUser',
      'commaSeparatedCustomScopes',
      'commaSeparatedPermissionSet',
      'commaSeparatedProfile',
      'customAttributes',
      'ipRelaxationPolicyType',
      'isClientCredentialsFlowEnabled',
      'isGuestCodeCredFlowEnabled',
      'isNamedUserJwtEnabled',
      'isTokenExchangeFlowEnabled',
      'namedUserJwtTimeout',
      'permittedUsersPolicyType',
      'policyAction',
      'refreshTokenPolicyType',
      'refreshTokenValidityPeriod',
      'refreshTokenValidityUnit',
      'requiredSessionLevel',
      'sessionTimeoutInMinutes',
      'singleLogoutUrl',
      'startUrl',
    ],
    required: ['externalClientApplication'],
  },
  {
    name: 'ExtlClntAppConfigurablePolicies',
    directory: 'extlClntAppPolicies',
    suffix: 'ecaPlcy',
    fields: [
      ...ECA_CHILD,
      'isCanvasPluginEnabled',
      'isEnabled',
      'isMobilePluginEnabled',
      'isNotificationPluginEnabled',
      'isOauthPluginEnabled',
      'isPushPluginEnabled',
      'isSamlPluginEnabled',
    ],
    required: ['externalClientApplication', 'isEnabled'],
  },
  {
    name: 'PermissionSet',
    directory: 'permissionsets',
    suffix: 'permissionset',
    fields: [
      'applicationVisibilities',
      'classAccesses',
      'customMetadataTypeAccesses',
      'customPermissions',
      'customSettingAccesses',
      'description',
      'emailRoutingAddressAccesses',
      'externalCredentialPrincipalAccesses',
      'externalDataSourceAccesses',
      'fieldPermissions',
      'flowAccesses',
      'hasActivationRequired',
      'label',
      'license',
      'objectPermissions',
      'pageAccesses',
      'recordTypeVisibilities',
      'servicePresenceStatusAccesses',
      'tabSettings',
      'userPermissions',
    ],
    required: ['label'],
  },
  {
    name: 'ConnectedApp',
    directory: 'connectedApps',
    suffix: 'connectedApp',
    fields: [
      'attributes',
      'canvas',
      'canvasConfig',
      'contactEmail',
      'contactPhone',
      'description',
      'iconUrl',
      'infoUrl',
      'ipRanges',
      'label',
      'logoUrl',
      'mobileAppConfig',
      'mobileStartUrl',
      'oauthConfig',
      'oauthPolicy',
      'permissionSetName',
      'plugin',
      'pluginExecutionUser',
      'profileName',
      'samlConfig',
      'sessionPolicy',
      'startUrl',
    ],
    required: ['label', 'contactEmail'],
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
