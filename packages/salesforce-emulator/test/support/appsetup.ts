// The org for app-setup tests: multiOrgConfig plus an app installed from a package, an API-Integration-licensed
// permission set and a user who may not deploy; helpers to log in and to try the JWT grant for a deployed app.
import assert from 'node:assert/strict';
import { createDemoConfig, type DemoSetup, type Emulator, type EmulatorConfig } from '../../src/index.js';
import { json, postAssertion, type HttpResult } from './http.js';
import { signJws } from './jwt.js';
import { ACME, CA_KEY, NOW, claims, demo, multiOrgConfig } from './setup.js';

export const PACKAGED_KEY = '3MVG9PACKAGEDAPP';
export const INTEGRATION = 'integration@acme.example';
export const STANDARD_USER = 'self@acme.example';

export function appSetupConfig(): EmulatorConfig {
  const config = multiOrgConfig();
  config.orgs[0]!.permissionSets = [
    { name: 'JWT_Access', label: 'JWT Access' },
    { name: 'Integration_Api', label: 'Integration API', license: 'Salesforce API Integration' },
  ];
  config.apps.push({
    name: 'Packaged_App',
    consumerKey: PACKAGED_KEY,
    certificate: demo().certificatePem,
    type: 'external-client-app',
    org: config.orgs[0]!.id,
    policy: { type: 'self-authorize' },
    namespace: 'acmepkg',
  });
  return config;
}

let second: DemoSetup | undefined;
/** Another key and certificate (certificate rotation). */
export function rotatedPair(): DemoSetup {
  second ??= createDemoConfig({ now: NOW });
  return second;
}

/** An access token of a user of the production org, through the configured Connected App. */
export async function loginAs(emulator: Emulator, username: string, clock: number): Promise<string> {
  const res = await postAssertion(
    emulator.url,
    signJws(demo().privateKeyPem, claims(CA_KEY, username, ACME, { exp: clock / 1000 + 600 })),
  );
  assert.equal(res.status, 200, res.body);
  return json<{ access_token: string }>(res).access_token;
}

/** A JWT bearer grant for an app of the production org, through its My Domain (the ECA rule). */
export function jwtGrant(
  emulator: Emulator,
  consumerKey: string,
  username: string,
  privateKeyPem: string,
  clock: number,
): Promise<HttpResult> {
  return postAssertion(
    emulator.url,
    signJws(privateKeyPem, claims(consumerKey, username, ACME, { exp: clock / 1000 + 180 })),
    { host: 'acme.my.salesforce.com' },
  );
}
