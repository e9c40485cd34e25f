// What Setup-by-metadata adds at run time: the ECA components deployed into each org, the app versions waiting for
// their propagation delay, and the deploy jobs clients poll.
import type { App, Model } from '../config/model.js';
import type { DeployJob } from '../metadata/result.js';

/**
 * The five ECA components of one app, each as element name → text (children keyed by the ECA they name). The global
 * OAuth settings and OAuth policies also keep their component's `fullName`, so readMetadata finds them by it.
 */
export interface EcaRecord {
  header?: Record<string, string>;
  oauthSettings?: Record<string, string>;
  globalOauthSettings?: Record<string, string>;
  oauthPolicies?: Record<string, string>;
  policies?: Record<string, string>;
}

/** A new version of an app (or its removal, `app` undefined) that applies at `activeAt` on the emulator clock. */
export interface PendingApp {
  org: string;
  name: string;
  app: App | undefined;
  activeAt: number;
}

const MAX_JOBS = 200;

export class SetupState {
  private readonly ecas = new Map<string, Map<string, EcaRecord>>();
  readonly pending: PendingApp[] = [];
  private readonly jobs = new Map<string, DeployJob>();

  eca(orgId: string, name: string): EcaRecord | undefined {
    return this.ecas.get(orgId)?.get(name);
  }

  /** Every deployed ECA of an org, as [name, record]. */
  ecaRecords(orgId: string): [string, EcaRecord][] {
    return [...(this.ecas.get(orgId) ?? new Map<string, EcaRecord>())];
  }

  saveEca(orgId: string, name: string, record: EcaRecord): void {
    let org = this.ecas.get(orgId);
    if (org === undefined) this.ecas.set(orgId, (org = new Map<string, EcaRecord>()));
    org.set(name, record);
  }

  /** Schedules a version; a later version of the same app replaces one still waiting. */
  schedule(next: PendingApp): void {
    const at = this.pending.findIndex((p) => p.org === next.org && p.name === next.name);
    if (at >= 0) this.pending.splice(at, 1);
    this.pending.push(next);
  }

  /** Applies every version whose time has come to the live model (called before each request is handled). */
  settle(model: Model, now: number): void {
    for (const due of this.pending.filter((p) => p.activeAt <= now)) {
      this.pending.splice(this.pending.indexOf(due), 1);
      const at = model.apps.findIndex((a) => a.org === due.org && a.name === due.name);
      if (due.app === undefined) {
        if (at >= 0) model.apps.splice(at, 1);
      } else if (at >= 0) {
        model.apps[at] = due.app;
      } else {
        model.apps.push(due.app);
      }
    }
  }

  addJob(job: DeployJob): void {
    this.jobs.set(job.id, job);
    // Bounded: the oldest jobs are forgotten (Salesforce keeps deploy status for a limited time too).
    for (const id of this.jobs.keys()) {
      if (this.jobs.size <= MAX_JOBS) break;
      this.jobs.delete(id);
    }
  }

  job(id: string): DeployJob | undefined {
    return this.jobs.get(id) ?? this.jobs.get([...this.jobs.keys()].find((k) => k.slice(0, 15) === id) ?? '');
  }
}
