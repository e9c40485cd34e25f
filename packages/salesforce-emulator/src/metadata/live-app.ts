// Turns deployed components into the app the token endpoint serves. A redeployed component replaces the old one:
// what it omits takes Salesforce's default, not the old value (a public tool warns that redeploying the global OAuth
// settings without <certificate> clears the app's certificate). A component not redeployed stays as it was, and the
// consumer key never changes once the app has one (a public report: a redeploy with another key answers Succeeded and
// keeps the old key), nor do its approvals.
import { randomBytes } from 'node:crypto';
import type { App, Org } from '../config/model.js';
import type { AppPolicy } from '../config/types.js';
import { certificatePublicKey } from '../config/certificate.js';
import type { EcaRecord } from '../setup/state.js';
import type { ConnectedAppDraft } from './draft.js';
import { splitList } from './checks.js';

// Metadata scope names → OAuth scope values (RefreshToken and OfflineAccess both mean refresh_token).
const SCOPES: Record<string, string> = {
  Api: 'api',
  Web: 'web',
  Full: 'full',
  RefreshToken: 'refresh_token',
  OfflineAccess: 'refresh_token',
  OpenID: 'openid',
  Chatter: 'chatter_api',
  ChatterApi: 'chatter_api',
  CustomApplications: 'visualforce',
  Basic: 'id',
  Profile: 'profile',
  Email: 'email',
  Address: 'address',
  Phone: 'phone',
};

export function oauthScopes(names: string[]): string[] {
  return [...new Set(names.map((n) => SCOPES[n] ?? n.toLowerCase()))];
}

function policyOf(type: string | undefined, profiles: string[], permissionSets: string[]): AppPolicy {
  // AllSelfAuthorized is also what an OAuth policies component without permittedUsersPolicyType means (the default).
  if (type === 'AdminApprovedPreAuthorized') return { type: 'admin-approved', profiles, permissionSets };
  return { type: 'self-authorize' };
}

function ipRelaxation(value: string | undefined, base: App | undefined): App['ipRelaxation'] {
  if (value === undefined) return base?.ipRelaxation ?? 'enforce';
  return /^bypass/i.test(value) ? 'bypass' : 'enforce';
}

/**
 * The app an ECA record describes, or undefined when it serves no JWT login (no certificate, or the app or its OAuth
 * plugin disabled by its configurable policies).
 */
export function ecaApp(org: Org, name: string, record: EcaRecord, base: App | undefined): App | undefined {
  const global = record.globalOauthSettings;
  const policies = record.policies;
  if (policies?.isEnabled === 'false' || policies?.isOauthPluginEnabled === 'false') return undefined;
  const certificatePem = global === undefined ? base?.certificatePem : global.certificate;
  const consumerKey = base?.consumerKey ?? global?.consumerKey;
  if (certificatePem === undefined || consumerKey === undefined) return undefined;
  const cert = certificatePublicKey(certificatePem);
  if (!cert.ok) return undefined;
  const oauthPolicies = record.oauthPolicies;
  const bool = (value: string | undefined, fallback: boolean) => (value === undefined ? fallback : value === 'true');
  return {
    name,
    consumerKey,
    consumerSecret: global?.consumerSecret ?? base?.consumerSecret ?? randomBytes(32).toString('hex').toUpperCase(),
    certificatePem,
    publicKey: cert.publicKey,
    type: 'external-client-app',
    org: org.id,
    policy:
      oauthPolicies === undefined
        ? (base?.policy ?? { type: 'self-authorize' })
        : policyOf(
            oauthPolicies.permittedUsersPolicyType,
            splitList(oauthPolicies.commaSeparatedProfile),
            splitList(oauthPolicies.commaSeparatedPermissionSet),
          ),
    callbackUrl:
      (global === undefined ? base?.callbackUrl : global.callbackUrl) ?? 'http://localhost:1717/OauthRedirect',
    scopes:
      record.oauthSettings === undefined
        ? (base?.scopes ?? ['api', 'refresh_token'])
        : oauthScopes(splitList(record.oauthSettings.commaSeparatedOauthScopes)),
    // An ECA requires PKCE unless isPkceRequired says otherwise.
    pkceRequired: global === undefined ? (base?.pkceRequired ?? true) : bool(global.isPkceRequired, true),
    secretRequired:
      global === undefined ? (base?.secretRequired ?? true) : !bool(global.isConsumerSecretOptional, false),
    ipRelaxation: ipRelaxation(oauthPolicies?.ipRelaxationPolicyType, oauthPolicies === undefined ? base : undefined),
    namespace: null,
  };
}

/** The app a Connected App component describes, or undefined without an OAuth certificate. */
export function connectedApp(org: Org, name: string, draft: ConnectedAppDraft, base: App | undefined): App | undefined {
  const oauth = draft.oauth;
  const certificatePem = oauth?.certificate ?? base?.certificatePem;
  const consumerKey = base?.consumerKey ?? oauth?.consumerKey;
  if (oauth === undefined || certificatePem === undefined || consumerKey === undefined) return undefined;
  const cert = certificatePublicKey(certificatePem);
  if (!cert.ok) return undefined;
  return {
    name,
    consumerKey,
    consumerSecret: oauth.consumerSecret ?? base?.consumerSecret ?? randomBytes(32).toString('hex').toUpperCase(),
    certificatePem,
    publicKey: cert.publicKey,
    type: 'connected-app',
    org: org.id,
    policy:
      oauth.isAdminApproved === 'true'
        ? { type: 'admin-approved', profiles: draft.profiles, permissionSets: draft.permissionSets }
        : { type: 'self-authorize' },
    callbackUrl: oauth.callbackUrl ?? base?.callbackUrl ?? 'http://localhost:1717/OauthRedirect',
    scopes: oauthScopes(draft.scopes),
    pkceRequired: base?.pkceRequired ?? false,
    secretRequired: base?.secretRequired ?? true,
    ipRelaxation: ipRelaxation(draft.ipRelaxation, base),
    namespace: null,
  };
}
