// startEmulator: validates the config, listens, and returns a handle to inspect and steer the emulator at run time.
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Model } from './config/model.js';
import { findApp, findOrg, findUser } from './config/model.js';
import type { AppPolicy, AudiencePolicy, EmulatorConfig, EmulatorRole, FaultSpec } from './config/types.js';
import { validateConfig } from './config/validate.js';
import { certificatePublicKey } from './config/certificate.js';
import type { Ctx } from './context.js';
import { FaultController } from './faults.js';
import { selfAddress } from './hosts.js';
import { generateRsaKeyPair } from './keys.js';
import { selfSignedCertificate } from './selfsigned.js';
import { createHandler } from './server.js';
import { SetupState } from './setup/state.js';
import { EmulatorState } from './state.js';
import { StatsRecorder, type EmulatorStats, type RequestRecord } from './stats.js';

/** How long an idle keep-alive connection stays open: longer than clients keep theirs (see startEmulator). */
const KEEP_ALIVE_TIMEOUT_MS = 30_000;

export interface StartOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind; default `127.0.0.1` (loopback only). */
  host?: string;
  /** Serve HTTPS with a self-signed certificate generated at start (`tlsCertificate` on the handle). */
  tls?: boolean;
  /** Emulator clock in ms (token issue times, `exp` checks, Date headers). Default `Date.now`. */
  now?: () => number;
  /** Directory `certificateFile` paths are relative to. Default: the current directory. */
  baseDir?: string;
  /** Called when a request is finished (answered, reset, or its connection closed), with its stats record. */
  onRequest?: (record: RequestRecord) => void;
  /** Waits out a fault's `latencyMs`. Default: a real timer; tests pass one they release themselves. */
  sleep?: (ms: number) => Promise<void>;
  /**
   * Other `host:port` authorities that mean "the emulator itself" (a test's proxy in front of it): an `aud` of
   * `http://<alias>` is accepted as the emulator's own origin.
   */
  aliases?: readonly string[];
}

/** What can be changed on a user at run time. */
export type UserPatch = Partial<{
  active: boolean;
  frozen: boolean;
  ipRestricted: boolean;
  profile: string;
  permissionSets: string[];
  canDeployMetadata: boolean;
  canManageExternalClientApps: boolean;
  canAssignPermissionSets: boolean;
}>;

/** Org switches that can be changed at run time. */
export type OrgPatch = Partial<{
  externalClientApps: boolean;
  oauthSecretsViaMetadataApi: boolean;
  secretsSettingBlocksDeploy: boolean;
  connectedAppCreation: boolean;
  ecaGenericHosts: boolean;
  certificatesViaMetadataApi: boolean;
}>;

/** A running emulator. */
export interface Emulator {
  /** Base URL, e.g. `http://127.0.0.1:53123` (no trailing slash). Use it as `--instance-url`. */
  readonly url: string;
  readonly port: number;
  /** PEM of the generated TLS certificate (when started with `tls: true`), for clients' `ca`. */
  readonly tlsCertificate: string | undefined;
  /** The live, validated configuration. */
  readonly model: Model;
  readonly state: EmulatorState;
  readonly faults: FaultController;
  stop(): Promise<void>;
  stats(): EmulatorStats;
  resetStats(): void;
  /** Replaces every fault with these (validated like the config's `faults`); `[]` clears them. */
  setFaults(faults: FaultSpec | FaultSpec[]): void;
  /** Ends every session: the next REST call gets 401 INVALID_SESSION_ID. Approvals stay. Returns the count. */
  revokeAllTokens(): number;
  /** Records an approval that issued a refresh token, as a completed user-agent or exchanged code flow would. */
  approve(username: string, consumerKey: string): void;
  /** Removes approvals (and their refresh tokens and sessions). Returns the count. */
  revokeApprovals(username: string, consumerKey?: string): number;
  setUser(username: string, patch: UserPatch): void;
  setAppPolicy(consumerKey: string, policy: AppPolicy): void;
  /**
   * Replaces the certificate uploaded to an app (PEM, RSA ≥ 2048), as an admin does when rotating it: from the next
   * token request on, only assertions signed by the new certificate's key verify. Throws on an unusable certificate.
   */
  setAppCertificate(consumerKey: string, certificatePem: string): void;
  setAudiencePolicy(patch: AudiencePolicy): void;
  setRole(role: EmulatorRole): void;
  /** Seconds a deployed app (or a change to one) takes to apply, on the emulator clock (config `propagationDelaySeconds`). */
  setPropagationDelay(seconds: number): void;
  /** Org switches for app setup (config keys of the same names). */
  setOrg(orgId: string, patch: OrgPatch): void;
  setClock(now: () => number): void;
}

/**
 * Starts a local Salesforce login server.
 * @param config orgs, apps and users (validated strictly; throws EmulatorConfigError)
 * @param options port, host, TLS, clock
 * @returns a handle: `url`, `stop()`, `stats()`, run-time controls
 * @example
 * const { config, privateKeyPem, consumerKey, username } = createDemoConfig();
 * const emulator = await startEmulator(config);
 * // sf org login jwt --instance-url emulator.url --client-id consumerKey --username username --jwt-key-file …
 * await emulator.stop();
 */
export async function startEmulator(config: EmulatorConfig, options: StartOptions = {}): Promise<Emulator> {
  let clock = options.now ?? Date.now;
  const now = (): number => clock();
  const model = validateConfig(config, {
    ...(options.baseDir === undefined ? {} : { baseDir: options.baseDir }),
    now: now(),
  });
  const state = new EmulatorState(now);
  state.seedApprovals(model);
  const faults = new FaultController(model.faults);
  const stats = new StatsRecorder();
  const scheme = options.tls === true ? 'https' : 'http';
  const bindHost = options.host ?? '127.0.0.1';
  const ctx: Ctx = {
    model,
    state,
    setup: new SetupState(),
    now,
    self: selfAddress(scheme, bindHost, options.port ?? 0),
  };
  const handler = createHandler({
    ctx,
    faults,
    stats,
    ...(options.onRequest === undefined ? {} : { onRequest: options.onRequest }),
    ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
  });
  let tlsCertificate: string | undefined;
  let server: Server;
  if (options.tls === true) {
    const keys = generateRsaKeyPair();
    tlsCertificate = selfSignedCertificate({
      ...keys,
      commonName: 'localhost',
      days: 30,
      now: now(),
      dnsNames: ['localhost'],
      ipAddresses: ['127.0.0.1', '::1'],
    });
    server = createHttpsServer({ key: keys.privateKeyPem, cert: tlsCertificate }, handler);
  } else {
    server = createHttpServer(handler);
  }
  // Idle keep-alive connections outlive every client's own idle timeout (Node's agent: 5 s, undici: 4 s), so the
  // client always closes first. With Node's default 5 s on both sides, a client that reuses a connection just as the
  // server drops it gets ECONNRESET: on a loaded machine, where two requests of a test can be 5 s apart.
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, bindHost, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const self = selfAddress(scheme, bindHost, port);
  ctx.self = { ...self, hosts: new Set([...self.hosts, ...(options.aliases ?? []).map((a) => a.toLowerCase())]) };
  const user = (username: string) => {
    const found = findUser(ctx.model, username);
    if (found === undefined) throw new Error(`salesforce-emulator: no user "${username}" in the configuration`);
    return found;
  };
  const app = (consumerKey: string) => {
    const found = findApp(ctx.model, consumerKey);
    if (found === undefined) throw new Error(`salesforce-emulator: no app with consumer key "${consumerKey}"`);
    return found;
  };
  return {
    url: ctx.self.origin,
    port,
    tlsCertificate,
    model,
    state,
    faults,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    setFaults: (list) => faults.set(Array.isArray(list) ? list : [list]),
    revokeAllTokens: () => state.revokeAllTokens(),
    approve: (username, consumerKey) => {
      const a = app(consumerKey);
      state.addGrant(user(username), a, a.scopes);
    },
    revokeApprovals: (username, consumerKey) => state.revokeApprovals(user(username).username, consumerKey),
    setUser: (username, patch) => {
      Object.assign(user(username), patch);
    },
    setAppPolicy: (consumerKey, policy) => {
      app(consumerKey).policy = policy;
    },
    setAppCertificate: (consumerKey, certificatePem) => {
      const target = app(consumerKey);
      const checked = certificatePublicKey(certificatePem);
      if (!checked.ok) throw new Error(`salesforce-emulator: the certificate ${checked.reason}`);
      target.certificatePem = certificatePem;
      target.publicKey = checked.publicKey;
    },
    setAudiencePolicy: (patch) => {
      Object.assign(ctx.model.audiencePolicy, patch);
    },
    setRole: (role) => {
      ctx.model.role = role;
    },
    setPropagationDelay: (seconds) => {
      if (!(Number.isInteger(seconds) && seconds >= 0))
        throw new Error(
          `salesforce-emulator: the propagation delay must be a whole number of seconds ≥ 0 (got ${seconds})`,
        );
      ctx.model.propagationDelaySeconds = seconds;
    },
    setOrg: (orgId, patch) => {
      const org = findOrg(ctx.model, orgId);
      if (org === undefined) throw new Error(`salesforce-emulator: no org "${orgId}" in the configuration`);
      Object.assign(org, patch);
    },
    setClock: (next) => {
      clock = next;
    },
  };
}
