/**
 * The `--target-org` admin org of `app create`, `app list` and `app rotate`, through the bounded transport: each call within
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

/** The deadline of the admin org's calls: the wait, plus `calls` call timeouts for the calls after it. */
export function orgCallDeadline(now: number, waitMs: number, callTimeoutMs: number, calls = 1): number {
  return now + waitMs + calls * callTimeoutMs;
}

export async function boundedAdminOrg(
  org: Org,
  context: ServiceContext,
  budget: AdminOrgBudget,
): Promise<{ readonly admin: AdminOrg; readonly deadline: number }> {
  const callTimeoutMs = resolveTimeoutMs(budget.timeoutSeconds, context.env);
  const deadline = orgCallDeadline(context.now(), budget.waitMs, callTimeoutMs, budget.calls);
  const admin = await adminOrg(org, { env: context.env, now: context.now, deadline, callTimeoutMs });
  return { admin, deadline };
}
