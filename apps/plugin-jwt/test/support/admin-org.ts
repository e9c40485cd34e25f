// An emulated org ready for `sf jwt app create`, run as child processes: an admin who may deploy metadata, manage
// External Client Apps and assign permission sets; External Client Apps and consumer secrets via Metadata API on; an
// integration user; a folder with the admin's key pair; and the admin logged in as `admin` in the child's sf store.
import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DemoSetup, Emulator, StartOptions } from '@sfjwt/salesforce-emulator';
import { fileURLToPath } from 'node:url';
import { runNodeChild, type ChildRun, type ChildRunOptions } from './child-run.js';
import { ensureEmulatorBuilt } from './emulator.js';

/** The integration user `app create` sets up the app for. */
export const INTEGRATION = 'integration@sfjwt-demo.example';

export interface AdminOrg {
  readonly emulator: Emulator;
  readonly demo: DemoSetup;
  /** A temp folder holding `server.key` and `server.crt` (the admin's pair); the caller removes it. */
  readonly dir: string;
}

/**
 * Starts the emulated org. `instanceUrl` is where the org says it lives (a proxy in front of the emulator, say; the
 * emulator by default) and `options` are the emulator's start options.
 */
export async function startAdminOrg(
  prefix: string,
  options: StartOptions & { readonly instanceUrl?: string } = {},
): Promise<AdminOrg> {
  ensureEmulatorBuilt();
  const { createDemoConfig, randomId, startEmulator } = await import('@sfjwt/salesforce-emulator');
  const { instanceUrl, ...startOptions } = options;
  const demo = createDemoConfig({ appType: 'connected-app' });
  if (instanceUrl !== undefined) demo.config.orgs[0]!.instanceUrl = instanceUrl;
  demo.config.users.push({
    username: INTEGRATION,
    userId: randomId('005'),
    org: demo.orgId,
    profile: 'Minimum Access - API Only Integrations',
  });
  const emulator = await startEmulator(demo.config, startOptions);
  mayCreateApps(emulator, demo);
  const dir = mkdtempSync(join(tmpdir(), prefix));
  writeFileSync(join(dir, 'server.key'), demo.privateKeyPem, { mode: 0o600 });
  writeFileSync(join(dir, 'server.crt'), demo.certificatePem);
  return { emulator, demo, dir };
}

/**
 * Puts the org back to where `app create` can succeed: the admin may deploy metadata, manage External Client Apps
 * and assign permission sets; both org switches on; no propagation delay.
 */
export function mayCreateApps(emulator: Emulator, demo: DemoSetup): void {
  emulator.setPropagationDelay(0);
  emulator.setUser(demo.username, {
    canManageExternalClientApps: true,
    canDeployMetadata: true,
    canAssignPermissionSets: true,
  });
  emulator.setOrg(demo.orgId, {
    externalClientApps: true,
    oauthSecretsViaMetadataApi: true,
    secretsSettingBlocksDeploy: false,
  });
}

/** `app create`'s flags for the admin (`admin`), its pair in `dir` and the integration user; the rest is the caller's. */
export function adminCreateFlags(dir: string): string[] {
  return [
    '--target-org',
    'admin',
    '--cert-file',
    join(dir, 'server.crt'),
    '--jwt-key-file',
    join(dir, 'server.key'),
    '--username',
    INTEGRATION,
  ];
}

/** Logs the admin in as `admin` through `child` (a `jwt` command runner with the test's HOME). */
export async function loginAdmin(
  org: AdminOrg,
  instanceUrl: string,
  child: (args: string[]) => Promise<ChildRun>,
): Promise<void> {
  const login = await child([
    'login',
    '--client-id',
    org.demo.consumerKey,
    '--username',
    org.demo.username,
    '--jwt-key-file',
    join(org.dir, 'server.key'),
    '--instance-url',
    instanceUrl,
    '--alias',
    'admin',
  ]);
  assert.equal(login.exitCode, 0, login.stderr);
}

const entry = fileURLToPath(new URL('../hostile/entry.ts', import.meta.url));
const tsx = import.meta.resolve('tsx');

/**
 * Runs one `jwt` command class (`app/create`, `login`…) as its own process (test/hostile/entry.ts) in `dir`, with
 * `dir/home` as its HOME (where loginAdmin saved the admin) and sf's file keychain.
 */
export function runAdminCommand(
  dir: string,
  args: readonly string[],
  options: Pick<ChildRunOptions, 'started' | 'killAfterMs'> = {},
): Promise<ChildRun> {
  return runNodeChild(['--import', tsx, entry, ...args], {
    cwd: dir,
    home: join(dir, 'home'),
    env: { SF_USE_GENERIC_UNIX_KEYCHAIN: 'true', SFJWT_TIMEOUT: '20' },
    ...options,
  });
}
