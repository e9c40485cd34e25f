// The validated, defaulted configuration the server works on. Mutable at run time through the Emulator API.
import type { KeyObject } from 'node:crypto';
import type {
  AppPolicy,
  AppType,
  AudiencePolicy,
  EmulatorRole,
  FaultSpec,
  OrgType,
  RateLimitConfig,
  SObjectRecord,
} from './types.js';

export interface Org {
  id: string;
  /** First 15 characters: the prefix of access tokens (`00D…!`). */
  id15: string;
  name: string;
  type: OrgType;
  myDomain: string | undefined;
  instanceUrl: string | undefined;
  isDevHub: boolean;
  govCloud: boolean;
  edition: string;
  instanceName: string;
  namespacePrefix: string | null;
  trialExpirationDate: string | null;
  sessionTimeoutMinutes: number;
  records: Record<string, SObjectRecord[]>;
  permissionSets: PermissionSet[];
  externalClientApps: boolean;
  oauthSecretsViaMetadataApi: boolean;
  secretsSettingBlocksDeploy: boolean;
  connectedAppCreation: boolean;
  ecaGenericHosts: boolean;
  certificatesViaMetadataApi: boolean;
}

export interface PermissionSet {
  /** 18-character id (`0PS…`), derived from the org and the name so it is stable across runs. */
  id: string;
  name: string;
  label: string;
  license: string | null;
}

export interface App {
  name: string;
  consumerKey: string;
  consumerSecret: string;
  certificatePem: string;
  publicKey: KeyObject;
  type: AppType;
  org: string;
  policy: AppPolicy;
  callbackUrl: string;
  scopes: string[];
  pkceRequired: boolean;
  secretRequired: boolean;
  ipRelaxation: 'enforce' | 'bypass';
  /** Managed-package namespace, or null for an app created in its org (configured or deployed there). */
  namespace: string | null;
}

export interface User {
  username: string;
  userId: string;
  org: string;
  profile: string;
  permissionSets: string[];
  active: boolean;
  frozen: boolean;
  ipRestricted: boolean;
  approvals: string[];
  displayName: string;
  email: string;
  canDeployMetadata: boolean;
  canManageExternalClientApps: boolean;
  canAssignPermissionSets: boolean;
}

export interface Model {
  orgs: Org[];
  apps: App[];
  users: User[];
  defaultOrg: Org;
  defaultUser: string | undefined;
  role: EmulatorRole;
  audiencePolicy: Required<AudiencePolicy>;
  faults: FaultSpec[];
  rateLimit: RateLimitConfig | false;
  apiVersion: number;
  clockSkewSeconds: number;
  propagationDelaySeconds: number;
}

export function findApp(model: Model, consumerKey: string): App | undefined {
  return model.apps.find((a) => a.consumerKey === consumerKey);
}

export function findUser(model: Model, username: string): User | undefined {
  // Usernames are case-insensitive in Salesforce (they are email-shaped and stored lower-case).
  const wanted = username.toLowerCase();
  return model.users.find((u) => u.username.toLowerCase() === wanted);
}

export function findOrg(model: Model, orgId: string): Org | undefined {
  return model.orgs.find((o) => o.id === orgId);
}
