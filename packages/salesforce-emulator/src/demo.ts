// A ready-to-use configuration with a throwaway key pair: one org, one app with the certificate, one user allowed
// to use it. Used by `salesforce-emulator --demo`, `npm run demo` and other packages' tests.
import type { AppPolicy, AppType, EmulatorConfig, OrgType } from './config/types.js';
import { randomAlphanumeric, randomId, to18 } from './ids.js';
import { generateRsaKeyPair } from './keys.js';
import { selfSignedCertificate } from './selfsigned.js';

export interface DemoOptions {
  /** Default `external-client-app` (new Connected Apps can't be created since Spring '26). */
  appType?: AppType;
  /** Default admin-approved for the `System Administrator` profile. */
  policy?: AppPolicy;
  /** Default `production`. */
  orgType?: OrgType;
  username?: string;
  consumerKey?: string;
  /** My Domain host name of the org. Default `sfjwt-demo-dev-ed.develop.my.salesforce.com`. */
  myDomain?: string;
  isDevHub?: boolean;
  /** Clock for the certificate's validity. */
  now?: number;
}

export interface DemoSetup {
  config: EmulatorConfig;
  /** PKCS#8 PEM of the key matching the app's certificate. Never written anywhere by this function. */
  privateKeyPem: string;
  certificatePem: string;
  consumerKey: string;
  username: string;
  orgId: string;
  userId: string;
}

/**
 * Generates a throwaway RSA-2048 key and self-signed certificate and a configuration using them.
 * @example
 * const demo = createDemoConfig({ appType: 'connected-app', policy: { type: 'self-authorize' } });
 * const emulator = await startEmulator(demo.config);
 */
export function createDemoConfig(options: DemoOptions = {}): DemoSetup {
  const now = options.now ?? Date.now();
  const keys = generateRsaKeyPair();
  const certificatePem = selfSignedCertificate({ ...keys, commonName: 'sfjwt-demo', days: 365, now });
  const orgId = randomId('00D');
  const userId = randomId('005');
  const consumerKey = options.consumerKey ?? `3MVG9${randomAlphanumeric(80)}`;
  const username = options.username ?? 'demo.user@sfjwt-demo.example';
  const orgType = options.orgType ?? 'production';
  const config: EmulatorConfig = {
    orgs: [
      {
        id: orgId,
        name: 'sfjwt Demo Org',
        type: orgType,
        myDomain: options.myDomain ?? 'sfjwt-demo-dev-ed.develop.my.salesforce.com',
        isDevHub: options.isDevHub ?? false,
        records: {
          Account: [
            { Id: to18('0015g00000Demo1'), Name: 'Edge Communications' },
            { Id: to18('0015g00000Demo2'), Name: 'Burlington Textiles Corp of America' },
          ],
        },
      },
    ],
    apps: [
      {
        name: 'sfjwt Demo App',
        consumerKey,
        certificate: certificatePem,
        type: options.appType ?? 'external-client-app',
        org: orgId,
        policy: options.policy ?? { type: 'admin-approved', profiles: ['System Administrator'] },
      },
    ],
    users: [{ username, userId, org: orgId, profile: 'System Administrator', displayName: 'Demo User' }],
    defaultUser: username,
  };
  return { config, privateKeyPem: keys.privateKeyPem, certificatePem, consumerKey, username, orgId, userId };
}
