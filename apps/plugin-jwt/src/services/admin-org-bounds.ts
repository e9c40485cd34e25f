/**
 * The `--target-org` admin org of `app list` and `app rotate`, through the bounded transport: each call within
 * `--timeout` (SFJWT_TIMEOUT, else 30 s), every call by one deadline of `waitMs` plus `calls` call timeouts.
 */
import type { Org } from '@salesforce/core';
import { adminOrg, type AdminOrg } from '../io/admin-org.js';
import { resolveTimeoutMs } from '../io/timeout.js';
import type { ServiceContext } from './context.js';

export interface AdminOrgBudget {
  readonly timeoutSeconds: number | undefined;
  /** Time for work that waits (a deploy, Salesforce applying it), ms. */
  readonly waitMs: number;
  /** How many call timeouts the deadline adds after the wait. */
  readonly calls: number;
}

export async function boundedAdminOrg(
  org: Org,
  context: ServiceContext,
  budget: AdminOrgBudget,
): Promise<{ readonly admin: AdminOrg; readonly deadline: number }> {
  const callTimeoutMs = resolveTimeoutMs(budget.timeoutSeconds, context.env);
  const deadline = context.now() + budget.waitMs + budget.calls * callTimeoutMs;
  const admin = await adminOrg(org, { env: context.env, now: context.now, deadline, callTimeoutMs });
  return { admin, deadline };
}
