// The configuration a user writes (JSON file or object). Validated into the model in ./model.ts.

/** Which kind of org: decides the generic login host and audience (reference §2.2). */
export type OrgType = 'production' | 'sandbox' | 'scratch';

/** Connected App (legacy, can no longer be created since Spring '26) or External Client App (reference §6). */
export type AppType = 'connected-app' | 'external-client-app';

/** Which Salesforce login host the emulator's own URL plays (see README "Host model"). */
export type EmulatorRole = 'mydomain' | 'login' | 'test';

/** A record returned by SOQL queries: field name → scalar value. */
export type SObjectRecord = Record<string, string | number | boolean | null>;

/** A Salesforce org. */
export interface OrgConfig {
  /** 18-character org id starting with `00D`, with a valid case checksum. */
  id: string;
  /** Organization.Name. */
  name?: string;
  type: OrgType;
  /** My Domain host name, e.g. `acme.my.salesforce.com`. Omitted: the org's My Domain is the emulator URL itself. */
  myDomain?: string;
  /** instance_url returned by the token endpoint; defaults to the emulator URL (so clients keep talking to it). */
  instanceUrl?: string;
  /** Answers ScratchOrgInfo queries (the sf CLI's Dev Hub probe); otherwise INVALID_TYPE. */
  isDevHub?: boolean;
  /** GovCloud: My Domain host with a login/test aud; My Domain aud → "user hasn't approved this consumer". */
  govCloud?: boolean;
  /** Organization.OrganizationType, e.g. `Developer Edition`. */
  edition?: string;
  /** Organization.InstanceName. */
  instanceName?: string;
  /** Organization.NamespacePrefix. */
  namespacePrefix?: string | null;
  /** Organization.TrialExpirationDate (ISO date-time); scratch orgs default to 7 days after start. */
  trialExpirationDate?: string | null;
  /** Access-token lifetime; Salesforce uses the session timeout (reference §3.2). Default 120. */
  sessionTimeoutMinutes?: number;
  /** Records answered by SOQL (`SELECT … FROM Account`), per sObject type; tooling types (SandboxProcess) too. */
  records?: Record<string, SObjectRecord[]>;
  /** Permission sets of the org (besides those users and apps name, which exist implicitly without a license). */
  permissionSets?: PermissionSetConfig[];
  /** Setup → "Opt in to External Client Apps". Default true; false → ECA components fail to deploy. */
  externalClientApps?: boolean;
  /**
   * Setup → "Allow access to External Client App consumer secrets via Metadata API" (older label: "Allow Access to
   * OAuth Consumer Secrets via Metadata API"). Default true; false → readMetadata returns no global OAuth settings.
   * It is deprecated (API 66.0 reference: "DEPRECATED … Use the external client app OAuth UI to access consumer
   * secrets") and gates reading secrets back, not deploying a certificate and key (a public report of live deploys).
   */
  oauthSecretsViaMetadataApi?: boolean;
  /**
   * Opt-in fault: with `oauthSecretsViaMetadataApi` false, also fail the two OAuth settings components of a deploy
   * (what older orgs were reported to do). Default false.
   */
  secretsSettingBlocksDeploy?: boolean;
  /** Whether new Connected Apps can be created (blocked for customers since Spring '26). Default false. */
  connectedAppCreation?: boolean;
  /**
   * Whether this org's External Client Apps still answer on login.salesforce.com / test.salesforce.com (with the same
   * generic host as `aud`). Default false: `app_not_found` there (forcedotcom/cli#3482, #3325, sfdx-hardis#1979,
   * n8n#29016 show it refused); true: the "some orgs still accept them" of the same threads.
   */
  ecaGenericHosts?: boolean;
  /**
   * Whether readMetadata returns apps' certificates (ECA global OAuth settings, Connected App `oauthConfig`). Default
   * true; false → the records come back without their `certificate` (a test switch: an org that will not tell).
   */
  certificatesViaMetadataApi?: boolean;
}

/** The license a permission set is tied to; `Salesforce API Integration` sets cannot carry apps. */
export interface PermissionSetConfig {
  /** API name, e.g. `JWT_Access`. */
  name: string;
  label?: string;
  /** License name, e.g. `Salesforce API Integration`; omitted = no license. */
  license?: string;
}

/** Who may use an app (reference §5). */
export type AppPolicy =
  { type: 'admin-approved'; profiles?: string[]; permissionSets?: string[] } | { type: 'self-authorize' };

/** A Connected App or External Client App with JWT bearer enabled (a certificate uploaded). */
export interface AppConfig {
  name?: string;
  consumerKey: string;
  /** Used for the authorization-code and refresh-token grants and the response `signature`. Generated if absent. */
  consumerSecret?: string;
  /** X.509 certificate PEM (RSA ≥ 2048). Exactly one of certificate / certificateFile. */
  certificate?: string;
  /** Path to the certificate PEM, relative to the config file (CLI) or the `baseDir` start option. */
  certificateFile?: string;
  type: AppType;
  /** Org id owning the app; JWT logins are only possible for users of that org. */
  org: string;
  policy: AppPolicy;
  /** Registered callback; `redirect_uri` must match exactly. Default `http://localhost:1717/OauthRedirect`. */
  callbackUrl?: string;
  /** OAuth scopes of the app. Default `['api', 'web', 'refresh_token']`. */
  scopes?: string[];
  /** PKCE required at /authorize (ECA `isPkceRequired`, default true for ECAs, false for Connected Apps). */
  pkceRequired?: boolean;
  /** client_secret required for the authorization-code grant (default true). */
  secretRequired?: boolean;
  /** `enforce` (default) applies users' IP restrictions; `bypass` relaxes them. */
  ipRelaxation?: 'enforce' | 'bypass';
  /** Namespace of the managed package the app was installed from; omitted = created in the org itself. */
  namespace?: string;
}

/** A Salesforce user. */
export interface UserConfig {
  username: string;
  /** 18-character user id starting with `005`. */
  userId: string;
  /** Org id. */
  org: string;
  profile: string;
  permissionSets?: string[];
  /** Default true; false → `inactive user`. */
  active?: boolean;
  /** Frozen users fail with `authentication failure` (assumption, see README). */
  frozen?: boolean;
  /** Login IP ranges/hours exclude the caller (fails unless the app relaxes IP restrictions). */
  ipRestricted?: boolean;
  /** Consumer keys of apps this user approved earlier with a refresh token (self-authorize pre-approval). */
  approvals?: string[];
  displayName?: string;
  email?: string;
  /** "Modify Metadata Through Metadata API Functions" (Metadata API deploys). Default: System Administrator profile. */
  canDeployMetadata?: boolean;
  /** "Create, edit, and delete External Client Apps" and their policies. Default: System Administrator profile. */
  canManageExternalClientApps?: boolean;
  /** "Assign Permission Sets" (PermissionSetAssignment inserts). Default: System Administrator profile. */
  canAssignPermissionSets?: boolean;
}

/** How strictly `aud` is compared (reference §2.2, §2.3). */
export interface AudiencePolicy {
  /** `accept` (default): `https://host/` equals `https://host`. `reject`: exact comparison (RFC 7523). */
  trailingSlash?: 'accept' | 'reject';
  /** Connected Apps accept the My Domain as aud (2026 evidence, default true); false = the 2023 behaviour. */
  connectedAppMyDomain?: boolean;
  /** The description used for a bad aud: `audience is invalid` (default) or `Audience validation failed`. */
  invalidDescription?: 'audience is invalid' | 'Audience validation failed';
  /**
   * A Connected App's assertion sent to login/test with another host as `aud`: `invalid` (default, `audience is
   * invalid`) or `not-approved` (`user hasn't approved this consumer`, as restforce#886 reports for a non-login aud).
   */
  connectedAppAudienceMismatch?: 'invalid' | 'not-approved';
}

/** Routes faults can target. */
export type RouteName =
  | 'token'
  | 'authorize'
  | 'revoke'
  | 'userinfo'
  | 'identity'
  | 'versions'
  | 'resources'
  | 'query'
  | 'tooling-query'
  | 'metadata-soap'
  | 'metadata-rest'
  | 'sobjects'
  | 'singleaccess'
  | 'limits'
  | 'other';

/**
 * A fault: optional latency plus at most one action. Applies to `route` (default every route), `times` times
 * (default: always).
 */
export interface FaultSpec {
  route?: RouteName | '*';
  times?: number;
  latencyMs?: number;
  /** Answer with this 5xx status and a plain-text body. */
  status?: number;
  /** Answer with an HTML page (a proxy or maintenance page); status `status` or 200. */
  html?: boolean;
  /** Reset the TCP connection (RST) without answering. */
  reset?: boolean;
  /** Never answer (until the client gives up or the emulator stops). */
  hang?: boolean;
  /** Answer 200 with a truncated JSON body. */
  malformedJson?: boolean;
  /** Answer as if a rate limit were hit: token → `login rate exceeded`; REST → REQUEST_LIMIT_EXCEEDED. */
  rateLimited?: boolean;
}

/** Login rate limit per user (reported ~3,600 logins/hour, reference §3.2). */
export interface RateLimitConfig {
  maxLogins: number;
  windowSeconds: number;
}

/** The whole emulator configuration. */
export interface EmulatorConfig {
  orgs: OrgConfig[];
  apps: AppConfig[];
  users: UserConfig[];
  /** Org whose My Domain the emulator URL is (role `mydomain`). Default: the first org. */
  defaultOrg?: string;
  /** User logged in at /authorize when the request names none (`login_hint` / `username`). */
  defaultUser?: string;
  /** Which login host the emulator URL plays. Default `mydomain`. */
  role?: EmulatorRole;
  audiencePolicy?: AudiencePolicy;
  faults?: FaultSpec[];
  /** Login rate limit; `false` disables it. Default 3,600 per 3,600 s per user. */
  rateLimit?: RateLimitConfig | false;
  /** Highest API version served (`NN.0`, 20.0 or later). Default `67.0`. */
  apiVersion?: string;
  /** Tolerated clock skew for `exp`, seconds. Default 0. */
  clockSkewSeconds?: number;
  /**
   * Seconds a deployed app (or a change to one) takes to apply, on the emulator clock; until then JWT logins see the
   * previous version (a new app: `invalid_client_id`). Salesforce: up to ~10 minutes. Default 0.
   */
  propagationDelaySeconds?: number;
}
