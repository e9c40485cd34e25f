// Shared fixtures: one throwaway key pair per test run (RSA generation is the slow part), configs built around it.
import { createDemoConfig, type DemoSetup } from '../../src/index.js';
import type { EmulatorConfig } from '../../src/index.js';
import { to18 } from '../../src/ids.js';

/** Frozen emulator clock for unit tests: 2026-08-01T12:00:00Z. */
export const NOW = Date.UTC(2026, 7, 1, 12, 0, 0);
export const NOW_S = NOW / 1000;

let cached: DemoSetup | undefined;
export function demo(): DemoSetup {
  cached ??= createDemoConfig({ now: NOW, consumerKey: '3MVG9DEMOKEY', username: 'admin@acme.example' });
  return cached;
}

let other: DemoSetup | undefined;
/** A second key pair and its certificate (for a certificate rotation). */
export function otherDemo(): DemoSetup {
  other ??= createDemoConfig({ now: NOW });
  return other;
}

/** A second key pair: signatures from it must fail against the demo app's certificate. */
export function otherKey(): string {
  other ??= createDemoConfig({ now: NOW });
  return other.privateKeyPem;
}

export const PROD_ID = to18('00D5g000000Prod');
export const SANDBOX_ID = to18('00D5g0000000Sbx');
export const GOV_ID = to18('00D5g0000000Gov');
export const ADMIN_ID = to18('0055g000000Admn');
export const SBX_USER_ID = to18('0055g000000SbxU');
export const GOV_USER_ID = to18('0055g000000GovU');
export const SELF_USER_ID = to18('0055g000000Self');
export const INTEG_ID = to18('0055g00000Integ');

export const CA_KEY = '3MVG9CONNECTEDAPP';
export const ECA_KEY = '3MVG9EXTERNALAPP';
export const SBX_CA_KEY = '3MVG9SANDBOXAPP';
export const GOV_CA_KEY = '3MVG9GOVAPP';
export const SELF_KEY = '3MVG9SELFAUTH';
export const SECRET = 'S3CR3T';

/**
 * Three orgs (production acme, sandbox acme--uat, GovCloud), a Connected App and an ECA in production, Connected Apps
 * in the sandbox and GovCloud org, a self-authorize app; users for each.
 */
export function multiOrgConfig(): EmulatorConfig {
  const cert = demo().certificatePem;
  const adminApproved = {
    type: 'admin-approved' as const,
    profiles: ['System Administrator'],
    permissionSets: ['JWT_Access'],
  };
  return {
    orgs: [
      { id: PROD_ID, name: 'Acme', type: 'production', myDomain: 'acme.my.salesforce.com', isDevHub: true },
      { id: SANDBOX_ID, name: 'Acme UAT', type: 'sandbox', myDomain: 'acme--uat.sandbox.my.salesforce.com' },
      { id: GOV_ID, name: 'Gov', type: 'production', myDomain: 'gov.my.salesforce.com', govCloud: true },
    ],
    apps: [
      {
        consumerKey: CA_KEY,
        consumerSecret: SECRET,
        certificate: cert,
        type: 'connected-app',
        org: PROD_ID,
        policy: adminApproved,
      },
      {
        consumerKey: ECA_KEY,
        consumerSecret: SECRET,
        certificate: cert,
        type: 'external-client-app',
        org: PROD_ID,
        policy: adminApproved,
      },
      { consumerKey: SBX_CA_KEY, certificate: cert, type: 'connected-app', org: SANDBOX_ID, policy: adminApproved },
      { consumerKey: GOV_CA_KEY, certificate: cert, type: 'connected-app', org: GOV_ID, policy: adminApproved },
      {
        consumerKey: SELF_KEY,
        consumerSecret: SECRET,
        certificate: cert,
        type: 'connected-app',
        org: PROD_ID,
        policy: { type: 'self-authorize' },
      },
    ],
    users: [
      { username: 'admin@acme.example', userId: ADMIN_ID, org: PROD_ID, profile: 'System Administrator' },
      {
        username: 'integration@acme.example',
        userId: INTEG_ID,
        org: PROD_ID,
        profile: 'Minimum Access - API Only Integrations',
        permissionSets: [],
      },
      { username: 'admin@acme.example.uat', userId: SBX_USER_ID, org: SANDBOX_ID, profile: 'System Administrator' },
      { username: 'admin@gov.example', userId: GOV_USER_ID, org: GOV_ID, profile: 'System Administrator' },
      { username: 'self@acme.example', userId: SELF_USER_ID, org: PROD_ID, profile: 'Standard User' },
    ],
    defaultUser: 'admin@acme.example',
  };
}

export const LOGIN = 'https://login.salesforce.com';
export const TEST = 'https://test.salesforce.com';
export const ACME = 'https://acme.my.salesforce.com';
export const ACME_UAT = 'https://acme--uat.sandbox.my.salesforce.com';
export const GOV = 'https://gov.my.salesforce.com';

export function claims(
  iss: string,
  sub: string,
  aud: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { iss, sub, aud, exp: NOW_S + 180, ...extra };
}
