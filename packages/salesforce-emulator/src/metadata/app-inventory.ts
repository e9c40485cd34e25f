// The apps of an org as listMetadata and readMetadata see them: External Client Apps (deployed records, or configured
// ECAs named after themselves) and Connected Apps (the live app: configured, deployed, or waiting to apply). Managed
// (namespaced) apps are left out, as readMetadata of app create leaves them out.
import type { App, Org } from '../config/model.js';
import type { Ctx } from '../context.js';

/** The version of an app that readMetadata describes: the pending one (deployed, not yet applied) before the live one. */
export function currentApp(ctx: Ctx, org: Org, name: string, type: App['type']): App | undefined {
  const pending = ctx.setup.pending.find((p) => p.org === org.id && p.name === name);
  const app = pending !== undefined ? pending.app : ctx.model.apps.find((a) => a.org === org.id && a.name === name);
  return app !== undefined && app.type === type && app.namespace === null ? app : undefined;
}

/** Names of the org's apps of a kind, sorted. */
export function appNames(ctx: Ctx, org: Org, type: App['type']): string[] {
  const names = new Set<string>();
  for (const app of ctx.model.apps) if (app.org === org.id) names.add(app.name);
  for (const pending of ctx.setup.pending) if (pending.org === org.id) names.add(pending.name);
  return [...names].filter((name) => currentApp(ctx, org, name, type) !== undefined).sort();
}
