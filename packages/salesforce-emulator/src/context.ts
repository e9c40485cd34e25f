// What every route handler gets: the live model, state, clock and the emulator's own address.
import type { Model, Org, User } from './config/model.js';
import type { SelfAddress } from './hosts.js';
import type { SetupState } from './setup/state.js';
import type { EmulatorState } from './state.js';

export interface Ctx {
  model: Model;
  state: EmulatorState;
  /** Deployed setup metadata, apps waiting for their propagation delay, deploy jobs. */
  setup: SetupState;
  self: SelfAddress;
  now: () => number;
}

/** instance_url: the org's configured one, else the emulator itself (so clients keep talking to it). */
export function instanceUrl(ctx: Ctx, org: Org): string {
  return org.instanceUrl ?? ctx.self.origin;
}

/** The identity URL `…/id/<orgId>/<userId>`, served by the emulator (Salesforce: login.salesforce.com). */
export function identityUrl(ctx: Ctx, org: Org, user: User): string {
  return `${ctx.self.origin}/id/${org.id}/${user.userId}`;
}
