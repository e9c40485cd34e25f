// GET /services/data/vNN.N/limits: the org's limits in Salesforce's shape, `{ "<Name>": { "Max": n, "Remaining": n } }`.
// DailyApiRequests counts this emulator's authenticated REST calls per org; the other limits are a Developer Edition's
// allocations, unused. Which limits a real org lists varies by edition and release (README).
import type { Ctx } from '../context.js';
import type { Exchange } from '../http/exchange.js';
import { requireSession, servedVersion } from './rest.js';

/** Developer Edition allocations (Salesforce's "Salesforce Developer Limits and Allocations Quick Reference"). */
const DEVELOPER_EDITION: Record<string, number> = {
  DailyApiRequests: 15_000,
  DailyAsyncApexExecutions: 250_000,
  DailyBulkApiBatches: 15_000,
  DailyBulkV2QueryJobs: 10_000,
  DailyStreamingApiEvents: 10_000,
  DataStorageMB: 5,
  FileStorageMB: 20,
  HourlyPublishedPlatformEvents: 50_000,
  MassEmail: 10,
  SingleEmail: 15,
};

export function limitsRoute(ctx: Ctx, ex: Exchange, version: string | undefined): void {
  const session = requireSession(ctx, ex);
  if (session === undefined || servedVersion(ctx, ex, version) === undefined) return;
  const used = ctx.state.apiRequestCount(session.orgId);
  const limits: Record<string, { Max: number; Remaining: number }> = {};
  for (const [name, max] of Object.entries(DEVELOPER_EDITION)) {
    limits[name] = { Max: max, Remaining: name === 'DailyApiRequests' ? Math.max(0, max - used) : max };
  }
  ex.json(200, limits);
}
