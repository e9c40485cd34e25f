// startEmulator: validates the config, listens, and returns a handle to inspect and steer the emulator at run time.
import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Model } from './config/model.js';
import type { AppPolicy, AudiencePolicy, EmulatorConfig, EmulatorRole, FaultSpec } from './config/types.js';
import { validateConfig } from './config/validate.js';
import type { Ctx } from './context.js';
import { emulatorHandle, type EmulatorClock } from './emulator-handle.js';
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
  const clock: EmulatorClock = { current: options.now ?? Date.now };
  const now = (): number => clock.current();
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
  const { server, tlsCertificate } = createServerFor(options.tls === true, handler, now());
  const port = await listen(server, options.port ?? 0, bindHost);
  const self = selfAddress(scheme, bindHost, port);
  ctx.self = { ...self, hosts: new Set([...self.hosts, ...(options.aliases ?? []).map((a) => a.toLowerCase())]) };
  return emulatorHandle({ ctx, server, port, tlsCertificate, faults, stats, clock });
}

/** An HTTP server, or an HTTPS one with a self-signed certificate for localhost made now. */
function createServerFor(
  tls: boolean,
  handler: RequestListener,
  nowMs: number,
): { server: Server; tlsCertificate: string | undefined } {
  if (!tls) return { server: createHttpServer(handler), tlsCertificate: undefined };
  const keys = generateRsaKeyPair();
  const tlsCertificate = selfSignedCertificate({
    ...keys,
    commonName: 'localhost',
    days: 30,
    now: nowMs,
    dnsNames: ['localhost'],
    ipAddresses: ['127.0.0.1', '::1'],
  });
  return { server: createHttpsServer({ key: keys.privateKeyPem, cert: tlsCertificate }, handler), tlsCertificate };
}

/** Listens on `port` (0: a free one) and resolves with the port taken. */
async function listen(server: Server, port: number, bindHost: string): Promise<number> {
  // Idle keep-alive connections outlive every client's own idle timeout (Node's agent: 5 s, undici: 4 s), so the
  // client always closes first. With Node's default 5 s on both sides, a client that reuses a connection just as the
  // server drops it gets ECONNRESET: on a loaded machine, where two requests of a test can be 5 s apart.
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, bindHost, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}
