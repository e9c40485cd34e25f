// readMetadata for the two ECA components a client needs to update an app in place: the global OAuth settings (its
// consumer key and certificate) and the OAuth policies (who is pre-authorized); and the org's External Client App
// settings (`ExternalClientAppSettings`, fullName `ExternalClientApp`, as its file is `ExternalClientApp.settings`).
// Reading the global OAuth settings needs what deploying them needs: ECAs available, "Allow access to External Client App consumer secrets via Metadata
// API" (formerly "Allow Access to OAuth Consumer Secrets via Metadata API") on, and a user who may manage ECAs;
// otherwise, and for names that match nothing, the record is nil (Salesforce answers `<records xsi:nil="true"/>` for a
// name it cannot read).
import type { App, Org, User } from '../config/model.js';
import type { Ctx } from '../context.js';
import type { EcaRecord } from '../setup/state.js';
import { escapeXml } from '../xml/parse.js';

const SETTINGS_TYPE = 'ExternalClientAppSettings';
const SETTINGS_NAME = 'ExternalClientApp';

/** An ECA component type, read per app. */
type AppPartType = 'ExtlClntAppGlobalOauthSettings' | 'ExtlClntAppOauthConfigurablePolicies';

export type ReadableType = AppPartType | typeof SETTINGS_TYPE;

const PART: Record<AppPartType, 'globalOauthSettings' | 'oauthPolicies'> = {
  ExtlClntAppGlobalOauthSettings: 'globalOauthSettings',
  ExtlClntAppOauthConfigurablePolicies: 'oauthPolicies',
};

export function isReadableType(type: string): type is ReadableType {
  return type === SETTINGS_TYPE || Object.hasOwn(PART, type);
}

/**
 * The org's settings as the current API reference lists ExternalClientAppSettings' fields (API 66.0:
 * `enableClientSecretInRestApiAccess`, `enableConsumerSecretApiAccess` (deprecated), `enablePackageEcaOauthFromDevOrg`;
 * developer.salesforce.com/docs/atlas.en-us.260.0.api_meta.meta/api_meta/meta_externalclientappsettings.htm, and the
 * pinned @salesforce/types). The API 59.0 field `enableExternalClientApps` is gone, so it is not answered; readable by
 * anyone who may use the Metadata API.
 */
function settingsRecord(org: Org, fullName: string): Record<string, string> | undefined {
  if (fullName !== SETTINGS_NAME) return undefined;
  return {
    enableClientSecretInRestApiAccess: 'false',
    enableConsumerSecretApiAccess: String(org.oauthSecretsViaMetadataApi),
    enablePackageEcaOauthFromDevOrg: 'false',
  };
}

/** The `<records>` elements of a readMetadata result, one per name, in order. */
export function readRecords(ctx: Ctx, org: Org, user: User, type: ReadableType, fullNames: string[]): string {
  return fullNames
    .map((fullName) => {
      const fields = recordFields(ctx, org, user, type, fullName);
      if (fields === undefined) return '<records xsi:nil="true"/>';
      const body = Object.entries({ fullName, ...fields })
        .sort(([a], [b]) => (a === 'fullName' ? -1 : b === 'fullName' ? 1 : a < b ? -1 : 1))
        .map(([k, v]) => `<${k}>${escapeXml(v)}</${k}>`)
        .join('');
      return `<records xsi:type="${type}">${body}</records>`;
    })
    .join('');
}

/** A record's fields, or undefined where Salesforce answers nil (no such name, or the user may not read it). */
function recordFields(
  ctx: Ctx,
  org: Org,
  user: User,
  type: ReadableType,
  fullName: string,
): Record<string, string> | undefined {
  if (type === SETTINGS_TYPE) return settingsRecord(org, fullName);
  const fields = allowed(org, user, type) ? readOne(ctx, org, type, fullName) : undefined;
  if (fields === undefined || org.certificatesViaMetadataApi) return fields;
  // The test switch of an org that will not tell the certificate (see the config's certificatesViaMetadataApi).
  const { certificate: _withheld, ...rest } = fields;
  return rest;
}

function allowed(org: Org, user: User, type: AppPartType): boolean {
  if (!org.externalClientApps || !user.canManageExternalClientApps) return false;
  return type !== 'ExtlClntAppGlobalOauthSettings' || org.oauthSecretsViaMetadataApi;
}

function liveApp(ctx: Ctx, org: Org, name: string): App | undefined {
  const pending = ctx.setup.pending.find((p) => p.org === org.id && p.name === name);
  if (pending !== undefined) return pending.app;
  return ctx.model.apps.find(
    (a) => a.org === org.id && a.name === name && a.type === 'external-client-app' && a.namespace === null,
  );
}

/** A deployed component of that name, else the matching component of a configured ECA (named after the app). */
function readOne(ctx: Ctx, org: Org, type: AppPartType, fullName: string): Record<string, string> | undefined {
  const part = PART[type];
  const deployed = ctx.setup.ecaRecords(org.id).find(([, record]) => record[part]?.fullName === fullName);
  if (deployed !== undefined) {
    const [name, record] = deployed;
    const { fullName: _ignored, ...fields } = record[part] ?? {};
    // The consumer key is the live app's (kept from the first deploy when a later one left it out).
    const consumerKey = liveApp(ctx, org, name)?.consumerKey ?? fields.consumerKey;
    return part === 'globalOauthSettings' && consumerKey !== undefined ? { ...fields, consumerKey } : fields;
  }
  const configured = ctx.setup.eca(org.id, fullName) === undefined ? liveApp(ctx, org, fullName) : undefined;
  return configured === undefined ? undefined : synthesized(configured, part);
}

function synthesized(app: App, part: keyof EcaRecord): Record<string, string> {
  if (part === 'globalOauthSettings') {
    return {
      callbackUrl: app.callbackUrl,
      certificate: app.certificatePem.trim(),
      consumerKey: app.consumerKey,
      externalClientApplication: app.name,
      isConsumerSecretOptional: String(!app.secretRequired),
      isPkceRequired: String(app.pkceRequired),
      label: app.name,
    };
  }
  const policy = app.policy;
  const sets = policy.type === 'admin-approved' ? (policy.permissionSets ?? []) : [];
  const profiles = policy.type === 'admin-approved' ? (policy.profiles ?? []) : [];
  return {
    ...(sets.length > 0 ? { commaSeparatedPermissionSet: sets.join(',') } : {}),
    ...(profiles.length > 0 ? { commaSeparatedProfile: profiles.join(',') } : {}),
    externalClientApplication: app.name,
    label: app.name,
    permittedUsersPolicyType: policy.type === 'admin-approved' ? 'AdminApprovedPreAuthorized' : 'AllSelfAuthorized',
  };
}
