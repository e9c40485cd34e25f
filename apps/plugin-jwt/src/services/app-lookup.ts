/**
 * The lookup step of `sf jwt app create`: what the org already has of the app (its consumer key, certificate and
 * OAuth policies), read through the Metadata API, and whether a deploy would change anything.
 */
import { ECA_POLICY_SUFFIX } from '@sfjwt/jwt-core';
import type { AdminOrg } from '../io/admin-org.js';
import { checkedRecord, shape } from '../io/admin-org-shape.js';
import { defaultPermissionSetName } from './app-metadata.js';

/** What the org has of an app; `exists` even when its consumer key could not be read back. */
export interface ExistingApp {
  readonly exists: boolean;
  readonly consumerKey?: string;
  readonly certificate?: string;
  readonly policies?: Readonly<Record<string, unknown>>;
}

/** The pre-authorization the run asks for. */
export interface WantedUsers {
  readonly profile: string | undefined;
  readonly permissionSet: string | undefined;
  readonly createPermissionSet: boolean;
  readonly name: string;
}

/** The fields the lookup reads, as the Metadata API types them (strings; `null` for a nil element). */
const TEXT = shape.optional(shape.nullable(shape.string()));
const GLOBAL_SHAPE = { fullName: shape.string(), consumerKey: TEXT, certificate: TEXT };
const POLICY_SHAPE = {
  fullName: shape.string(),
  permittedUsersPolicyType: TEXT,
  commaSeparatedPermissionSet: TEXT,
  commaSeparatedProfile: TEXT,
};

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

/**
 * The app's global OAuth settings (consumer key, certificate) and OAuth policies. Our files name them after the app
 * (`<name>`, `<name>_defaultPolicy`); apps made by other tools use `<name>_glbloauth` and `<name>_oauthPlcy`, so those
 * names are read too. With consumer secrets protected, Salesforce may return the settings without the key (or not
 * at all): the policies still tell that the app exists.
 */
export async function lookUpApp(org: AdminOrg, name: string): Promise<ExistingApp> {
  const globals = await org.readMetadata('ExtlClntAppGlobalOauthSettings', [name, `${name}_glbloauth`]);
  const policies = await org.readMetadata('ExtlClntAppOauthConfigurablePolicies', [
    `${name}${ECA_POLICY_SUFFIX}`,
    `${name}_oauthPlcy`,
  ]);
  const global = checkedRecord<Record<string, unknown>>(
    globals.find((g) => g !== undefined),
    "the app's global OAuth settings",
    GLOBAL_SHAPE,
  );
  const policy = checkedRecord<Record<string, unknown>>(
    policies.find((p) => p !== undefined),
    "the app's OAuth policies",
    POLICY_SHAPE,
  );
  const consumerKey = text(global?.consumerKey);
  const certificate = text(global?.certificate);
  return {
    exists: global !== undefined || policy !== undefined,
    ...(consumerKey === undefined ? {} : { consumerKey }),
    ...(certificate === undefined ? {} : { certificate }),
    ...(policy === undefined ? {} : { policies: policy }),
  };
}

/** True when the org's certificate is the one given (an unreadable one is replaced by the deploy). */
export function sameFingerprint(
  describe: (pem: string) => { sha256Fingerprint: string },
  pem: string,
  fingerprint: string,
): boolean {
  try {
    return describe(pem).sha256Fingerprint === fingerprint;
  } catch {
    return false;
  }
}

/** True when the org's policies pre-authorize exactly the wanted profile or permission set. */
export function samePolicies(policies: Readonly<Record<string, unknown>> | undefined, wanted: WantedUsers): boolean {
  if (policies?.permittedUsersPolicyType !== 'AdminApprovedPreAuthorized') return false;
  const list = (value: unknown): string =>
    (typeof value === 'string' ? value : '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '')
      .sort()
      .join(',');
  const wantedSet =
    wanted.profile !== undefined
      ? ''
      : (wanted.permissionSet ?? (wanted.createPermissionSet ? defaultPermissionSetName(wanted.name) : ''));
  return (
    list(policies.commaSeparatedPermissionSet) === wantedSet &&
    list(policies.commaSeparatedProfile) === (wanted.profile ?? '')
  );
}
