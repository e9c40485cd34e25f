// The org as a deploy in progress sees it: committed setup plus every component of this deploy that passed so far.
// A failing component never touches the draft, so committing the draft commits exactly the successful components.
import type { App, Model, Org, PermissionSet } from '../config/model.js';
import type { EcaRecord, SetupState } from '../setup/state.js';

export interface ConnectedAppDraft {
  fields: Record<string, string>;
  oauth: Record<string, string> | undefined;
  scopes: string[];
  profiles: string[];
  permissionSets: string[];
  ipRelaxation: string | undefined;
}

export class Draft {
  readonly permissionSets: PermissionSet[];
  readonly ecas = new Map<string, EcaRecord>();
  readonly connectedApps = new Map<string, ConnectedAppDraft>();
  /** Consumer keys claimed by apps of this deploy: key → `org/name`. */
  readonly claimedKeys = new Map<string, string>();

  constructor(
    readonly model: Model,
    readonly org: Org,
    private readonly setup: SetupState,
  ) {
    this.permissionSets = org.permissionSets.map((p) => ({ ...p }));
  }

  /** The app of this org with that name as it is or will be once pending changes apply. */
  currentApp(name: string): App | undefined {
    const pending = this.setup.pending.find((p) => p.org === this.org.id && p.name === name);
    if (pending !== undefined) return pending.app;
    return this.model.apps.find((a) => a.org === this.org.id && a.name === name);
  }

  /** The ECA record to change (a copy of the committed one on first use). */
  eca(name: string): EcaRecord {
    let record = this.ecas.get(name);
    if (record === undefined) {
      record = { ...this.setup.eca(this.org.id, name) };
      this.ecas.set(name, record);
    }
    return record;
  }

  /** Whether an ECA of that name exists in the org (deployed, configured, or earlier in this deploy). */
  ecaExists(name: string): boolean {
    if (this.ecas.get(name)?.header !== undefined || this.setup.eca(this.org.id, name)?.header !== undefined)
      return true;
    const app = this.currentApp(name);
    return app !== undefined && app.type === 'external-client-app';
  }

  /** Namespace of an installed (managed) app of that name, if any. */
  managedNamespace(name: string): string | undefined {
    const app = this.currentApp(name);
    return app?.namespace ?? undefined;
  }

  /** `org/name` of another app using this consumer key, if any. */
  keyOwner(consumerKey: string, name: string): string | undefined {
    const self = `${this.org.id}/${name}`;
    const owners = [
      ...this.model.apps.filter((a) => a.consumerKey === consumerKey).map((a) => `${a.org}/${a.name}`),
      ...this.setup.pending.filter((p) => p.app?.consumerKey === consumerKey).map((p) => `${p.org}/${p.name}`),
      ...[this.claimedKeys.get(consumerKey)].filter((o) => o !== undefined),
    ];
    return owners.find((o) => o !== self);
  }

  commit(): void {
    this.org.permissionSets.splice(0, this.org.permissionSets.length, ...this.permissionSets);
    for (const [name, record] of this.ecas) this.setup.saveEca(this.org.id, name, record);
  }
}
