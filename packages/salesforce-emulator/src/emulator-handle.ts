// The handle startEmulator returns: where the emulator listens and what it holds, and the run-time controls tests use
// to steer it (users, apps, policies, org switches, the clock).
import type { Server } from 'node:http';
import { certificatePublicKey } from './config/certificate.js';
import { findApp, findOrg, findUser, type App, type User } from './config/model.js';
import type { Ctx } from './context.js';
import type { Emulator } from './emulator.js';
import type { FaultController } from './faults.js';
import type { StatsRecorder } from './stats.js';

/** The emulator's clock, replaceable at run time (`setClock`). */
export interface EmulatorClock {
  current: () => number;
}

/** What a started emulator is made of. */
export interface HandleParts {
  readonly ctx: Ctx;
  readonly server: Server;
  readonly port: number;
  readonly tlsCertificate: string | undefined;
  readonly faults: FaultController;
  readonly stats: StatsRecorder;
  readonly clock: EmulatorClock;
}

export function emulatorHandle(parts: HandleParts): Emulator {
  return { ...inspection(parts), ...accountControls(parts), ...policyControls(parts) };
}

/** Where it listens, what it holds, stopping it, and its statistics and faults. */
function inspection({ ctx, server, port, tlsCertificate, faults, stats }: HandleParts) {
  return {
    url: ctx.self.origin,
    port,
    tlsCertificate,
    model: ctx.model,
    state: ctx.state,
    faults,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    setFaults: (list: Parameters<Emulator['setFaults']>[0]) => faults.set(Array.isArray(list) ? list : [list]),
  };
}

/** Sessions, approvals, users and app certificates. */
function accountControls({ ctx }: HandleParts) {
  const { state } = ctx;
  return {
    revokeAllTokens: () => state.revokeAllTokens(),
    approve: (username: string, consumerKey: string) => {
      const a = appOf(ctx, consumerKey);
      state.addGrant(userOf(ctx, username), a, a.scopes);
    },
    revokeApprovals: (username: string, consumerKey?: string) =>
      state.revokeApprovals(userOf(ctx, username).username, consumerKey),
    setUser: (username: string, patch: Parameters<Emulator['setUser']>[1]) => {
      Object.assign(userOf(ctx, username), patch);
    },
    setAppCertificate: (consumerKey: string, certificatePem: string) => {
      const target = appOf(ctx, consumerKey);
      const checked = certificatePublicKey(certificatePem);
      if (!checked.ok) throw new Error(`salesforce-emulator: the certificate ${checked.reason}`);
      target.certificatePem = certificatePem;
      target.publicKey = checked.publicKey;
    },
  };
}

/** Policies, role, propagation delay, org switches and the clock. */
function policyControls({ ctx, clock }: HandleParts) {
  return {
    setAppPolicy: (consumerKey: string, policy: Parameters<Emulator['setAppPolicy']>[1]) => {
      appOf(ctx, consumerKey).policy = policy;
    },
    setAudiencePolicy: (patch: Parameters<Emulator['setAudiencePolicy']>[0]) => {
      Object.assign(ctx.model.audiencePolicy, patch);
    },
    setRole: (role: Parameters<Emulator['setRole']>[0]) => {
      ctx.model.role = role;
    },
    setPropagationDelay: (seconds: number) => {
      if (!(Number.isInteger(seconds) && seconds >= 0))
        throw new Error(
          `salesforce-emulator: the propagation delay must be a whole number of seconds ≥ 0 (got ${seconds})`,
        );
      ctx.model.propagationDelaySeconds = seconds;
    },
    setOrg: (orgId: string, patch: Parameters<Emulator['setOrg']>[1]) => {
      const org = findOrg(ctx.model, orgId);
      if (org === undefined) throw new Error(`salesforce-emulator: no org "${orgId}" in the configuration`);
      Object.assign(org, patch);
    },
    setClock: (next: () => number) => {
      clock.current = next;
    },
  };
}

function userOf(ctx: Ctx, username: string): User {
  const found = findUser(ctx.model, username);
  if (found === undefined) throw new Error(`salesforce-emulator: no user "${username}" in the configuration`);
  return found;
}

function appOf(ctx: Ctx, consumerKey: string): App {
  const found = findApp(ctx.model, consumerKey);
  if (found === undefined) throw new Error(`salesforce-emulator: no app with consumer key "${consumerKey}"`);
  return found;
}
