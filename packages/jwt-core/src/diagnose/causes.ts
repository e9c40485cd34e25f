/**
 * Every cause the diagnosis can name, with its title and its fix in Salesforce Setup words and jwt-core's options.
 * Fixes take the facts of the failed request so that they can name the user, the app and the URLs.
 */

/**
 * Who and where a diagnosis is about: the facts its fixes quote. Front ends that word fixes in their own terms
 * (keyed by {@link CauseId}) quote the same values.
 */
export interface FixContext {
  /** The `sub` of the assertion (`'the user'` when it had none). */
  readonly username: string;
  /** The `iss` (consumer key) of the assertion (`'the consumer key'` when it had none). */
  readonly clientId: string;
  /** The host the request went to. */
  readonly tokenHost: string;
  /** The `aud` sent (`'(unknown)'` when it could not be read). */
  readonly audience: string;
  /**
   * When several private keys (a key ring) were each refused: their public-key fingerprints, in the order tried.
   */
  readonly keyFingerprints?: readonly string[];
}

/** Stable ids of the causes (public: scripts may switch on them). */
export type CauseId =
  | 'not-pre-authorized'
  | 'self-authorize-without-approval'
  | 'username-unknown'
  | 'refresh-token-scope-missing'
  | 'host-audience-pair'
  | 'integration-license-permission-set'
  | 'not-propagated'
  | 'profile-not-admin-approved'
  | 'key-certificate-mismatch'
  | 'malformed-assertion'
  | 'digital-signatures-off'
  | 'audience-without-scheme'
  | 'audience-wrong-environment'
  | 'audience-needs-my-domain'
  | 'my-domain-audience-rejected'
  | 'audience-unrelated-host'
  | 'audience-trailing-slash'
  | 'clock-skew'
  | 'exp-not-utc-seconds'
  | 'assertion-too-old'
  | 'client-id-wrong'
  | 'app-in-other-org'
  | 'eca-not-installed'
  | 'sandbox-refreshed'
  | 'scope-sent'
  | 'grant-not-form-encoded'
  | 'user-inactive'
  | 'ip-restricted'
  | 'api-access-control'
  | 'login-rate-exceeded'
  | 'uncatalogued-error';

interface CauseText {
  readonly title: string;
  readonly fix: (c: FixContext) => string;
}

const PREAUTHORIZE = (c: FixContext): string =>
  `Setup → App Manager → your app (consumer key ${short(c.clientId)}) → Manage → Edit Policies → Permitted Users = "Admin approved users are pre-authorized" → Save; then Manage Profiles (or Manage Permission Sets) and add the profile or a permission set of ${c.username}. External Client App: External Client App Manager → the app → Policies → Edit → Permitted Users "Admin approved users are pre-authorized" and select the profile or permission set (metadata permittedUsersPolicyType=AdminApprovedPreAuthorized, commaSeparatedProfile / commaSeparatedPermissionSet). Allow ~10 minutes.`;

/** Consumer keys are not secret, but 85 characters are noise; show enough to recognise the app. */
export function short(clientId: string): string {
  return clientId.length > 16 ? `${clientId.slice(0, 12)}…` : clientId;
}

export const CAUSES: Readonly<Record<CauseId, CauseText>> = {
  'not-pre-authorized': {
    title: "the app is admin-approved but the user's profile or permission set is not assigned to it.",
    fix: PREAUTHORIZE,
  },
  'self-authorize-without-approval': {
    title: 'the app lets users self-authorize, and this user never approved it in a flow that issued a refresh token.',
    fix: (c) =>
      // The pre-authorization steps are the fix of 'not-pre-authorized', listed with this cause: not repeated here.
      `Approve once as ${c.username}: open the URL that buildAuthorizeUrl (or preapprovalGuide) makes for consumer key ${short(c.clientId)}, logged in as that user (response_type=token with scope "api refresh_token"). For automation, admin pre-authorization (Permitted Users = "Admin approved users are pre-authorized") is the better fix: it also covers users added later.`,
  },
  'username-unknown': {
    title:
      'no user with this username exists in the org behind the token host (check the spelling and the sandbox suffix); Salesforce answers an unknown username this way.',
    fix: (c) =>
      `Check that ${c.username} is the exact username, not the email, in Setup → Users of the org behind ${c.tokenHost}: sandbox copies of production users carry the sandbox name as a suffix (user@example.com.uat), production users do not.`,
  },
  'refresh-token-scope-missing': {
    title: 'the app lacks the refresh_token scope, so no earlier approval counts for the JWT flow.',
    fix: () =>
      'Setup → App Manager → the app → Edit → Selected OAuth Scopes: add "Perform requests at any time (refresh_token, offline_access)" (metadata scope RefreshToken), save, then pre-authorize or approve again.',
  },
  'host-audience-pair': {
    title:
      'the token host and aud do not form a pair Salesforce accepts for this org (GovCloud, My Domain and Trailhead orgs answer this way).',
    fix: (c) =>
      `Sent aud ${c.audience} to ${c.tokenHost}. Give the My Domain URL as \`instanceUrl\` and let the resolver try its pairs, or set \`audience\` to https://login.salesforce.com (https://test.salesforce.com for sandboxes); never a login host with a test aud or the reverse.`,
  },
  'integration-license-permission-set': {
    title:
      'the app is assigned through a Salesforce API Integration permission set, which cannot carry connected apps.',
    fix: () =>
      "Assign the app through the user's profile or a second, ordinary permission set (App Manager → the app → Manage → Manage Profiles / Manage Permission Sets); see KB 001453686.",
  },
  'not-propagated': {
    title: 'the app, its certificate or its policies changed in the last ~10 minutes and have not propagated yet.',
    fix: () => 'Wait about 10 minutes after changing the app, its certificate or its policies, then retry.',
  },
  'profile-not-admin-approved': {
    title: "the app is admin-approved and the user's profile or permission set is not among the approved ones.",
    fix: PREAUTHORIZE,
  },
  'key-certificate-mismatch': {
    title: 'the private key does not belong to the certificate uploaded to the app.',
    fix: () =>
      'Upload the certificate made from this key: App Manager → the app → Edit → API (Enable OAuth Settings) → Use digital signatures → Choose File (External Client App: Settings → OAuth Settings → Enable JWT Bearer Flow → upload). certificateMatchesKey(certificate, key) tells locally whether they belong together.',
  },
  'malformed-assertion': {
    title:
      'the assertion is not a proper RS256 JWS with iss, sub, aud and exp (bad encoding, wrong claim types, or a key sent as assertion).',
    fix: () => 'Build the assertion with createAssertion and check it with validateAssertion.',
  },
  'digital-signatures-off': {
    title:
      'the app has no certificate: "Use digital signatures" (or "Enable JWT Bearer Flow" on an External Client App) is off.',
    fix: () =>
      'App Manager → the app → Edit → API (Enable OAuth Settings) → tick "Use digital signatures" and upload the certificate (External Client App: Settings → OAuth Settings → Enable JWT Bearer Flow).',
  },
  'audience-without-scheme': {
    title: 'the aud has no https:// scheme; Salesforce compares it as a plain string.',
    fix: (c) => `Send aud as a full URL: https://${c.audience.replace(/^[a-z]+:\/\//i, '')}.`,
  },
  'audience-wrong-environment': {
    title:
      'the aud names the wrong environment: production needs https://login.salesforce.com, sandboxes and scratch orgs https://test.salesforce.com.',
    fix: () =>
      'Use https://test.salesforce.com as aud for sandboxes and scratch orgs, https://login.salesforce.com for production and Developer Edition.',
  },
  'audience-needs-my-domain': {
    title:
      'an External Client App is reached only through My Domain: token host and aud must both be the My Domain URL.',
    fix: () =>
      'Give https://<your-domain>.my.salesforce.com (sandbox: https://<domain>--<sandbox>.sandbox.my.salesforce.com) as `instanceUrl`; the resolver then uses it as host and aud.',
  },
  'my-domain-audience-rejected': {
    title: 'this app does not accept the My Domain URL as aud (reported for Connected Apps).',
    fix: () =>
      'Use aud https://login.salesforce.com (https://test.salesforce.com for sandboxes) with the My Domain host: set `audience` to https://login.salesforce.com.',
  },
  'audience-unrelated-host': {
    title: 'the aud is neither login, test, nor the host the request went to.',
    fix: (c) =>
      `Use ${c.tokenHost}, https://login.salesforce.com or https://test.salesforce.com as aud, matching the org.`,
  },
  'audience-trailing-slash': {
    title: 'the aud ends with a slash; audiences are compared as plain strings.',
    fix: (c) => `Send aud without the trailing slash: ${c.audience.replace(/\/+$/, '')}.`,
  },
  'clock-skew': {
    title: "the local clock differs from Salesforce's, so exp landed in the past.",
    fix: () => 'Synchronise the clock (NTP: `timedatectl set-ntp true`, `w32tm /resync`, or the CI image), then retry.',
  },
  'exp-not-utc-seconds': {
    title: 'exp is not UTC seconds since the epoch (a time-zone offset or the wrong unit).',
    fix: () => 'Set exp to the UTC epoch in seconds plus 60–180 (buildClaims does).',
  },
  'assertion-too-old': {
    title: 'the assertion expired before it was sent: reused, or its lifetime was too short.',
    fix: () => 'Sign a fresh assertion for each login, with a lifetime of 60–180 seconds.',
  },
  'client-id-wrong': {
    title: "iss is not a consumer key this org knows: a typo, another app's key, or a recreated app.",
    fix: () =>
      'Copy the Consumer Key again: App Manager → the app → View → Manage Consumer Details (External Client App: Settings → OAuth Settings → Consumer Key and Secret).',
  },
  'app-in-other-org': {
    title: 'the app lives in another org than the one this login reaches.',
    fix: (c) => `Log in through the org that owns the app: its My Domain URL as \`instanceUrl\` (now ${c.tokenHost}).`,
  },
  'eca-not-installed': {
    title: 'the External Client App is not installed (or not enabled) in this org.',
    fix: () =>
      'Setup → External Client App Manager: install or create the app in this org and enable OAuth with the JWT Bearer Flow; for packaged apps install the package.',
  },
  'sandbox-refreshed': {
    title: 'the sandbox was refreshed and no longer has the app (or its certificate).',
    fix: () =>
      'Redeploy the External Client App to the refreshed sandbox (Connected Apps cannot be re-created there without Support).',
  },
  'scope-sent': {
    title: 'the request carried a scope parameter, which the JWT bearer flow rejects.',
    fix: () =>
      'Send only grant_type and assertion; remove any Scope configured in the tool that builds the request (e.g. an External Credential).',
  },
  'grant-not-form-encoded': {
    title: 'grant_type did not arrive: the body is not form-encoded or the URN is misspelt.',
    fix: () =>
      'POST application/x-www-form-urlencoded with grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer (sfjwt does); check that no proxy rewrites the body.',
  },
  'user-inactive': {
    title: 'the user is deactivated or frozen.',
    fix: (c) =>
      `Setup → Users: reactivate or unfreeze ${c.username}, or use another integration user; Login History shows the reason.`,
  },
  'ip-restricted': {
    title: "the login comes from an IP range or at an hour the user's profile does not allow.",
    fix: () =>
      'App Manager → the app → Manage → Edit Policies → IP Relaxation = "Relax IP restrictions", or add the range under the profile\'s Login IP Ranges / Login Hours.',
  },
  'api-access-control': {
    title: 'the org blocks this app: it is not installed, or API Access Control allows only approved clients.',
    fix: () =>
      'Setup → Connected Apps OAuth Usage → Install the app, or allow it under API Access Control (or grant "Use Any API Client" to the user).',
  },
  'login-rate-exceeded': {
    title: 'too many logins for this user in the last hour.',
    fix: () => 'Cache the access token until it expires instead of logging in per call; retry after the hour.',
  },
  'uncatalogued-error': {
    title: 'an error outside the known catalog.',
    fix: () =>
      "Check Setup → Login History for this user's failed logins; the other causes list what the local checks found.",
  },
};
