// A Metadata API deploy: zip → package.xml → components → checks → commit → live apps. Runs to completion at once;
// the job then answers status polls. Atomic by default (rollbackOnError), as `sf project deploy start` asks.
// `runDeploy` is those steps in order: each below is one of them.
import type { Org, User } from '../config/model.js';
import type { Ctx } from '../context.js';
import { randomAlphanumeric, randomId } from '../ids.js';
import { readZip, ZipError, type ZipEntry } from '../zip/read.js';
import { readComponent } from './component.js';
import { checkComponent } from './component-checks.js';
import { Draft } from './draft.js';
import { connectedApp, ecaApp } from './live-app.js';
import { parseManifest, type PackageManifest } from './package-xml.js';
import type { DeployJob, DeployMessage, DeployOptions } from './result.js';
import { typeByName, typeOfPath, type MetadataTypeSpec } from './types.js';

// Parents before children: permission sets and ECA headers exist before the components that name them.
const ORDER = [
  'PermissionSet',
  'ExternalClientApplication',
  'ExtlClntAppGlobalOauthSettings',
  'ExtlClntAppOauthSettings',
  'ExtlClntAppOauthConfigurablePolicies',
  'ExtlClntAppConfigurablePolicies',
  'ConnectedApp',
];

interface Planned {
  spec: MetadataTypeSpec;
  fullName: string;
  entry: ZipEntry;
}

/** The zip's files by path under its root folder, and the root (`unpackaged/` or ''). */
interface Package {
  readonly root: string;
  readonly files: Map<string, ZipEntry>;
  readonly manifest: PackageManifest;
}

/** What a component's result line says; the rest is filled by {@link JobLog.message}. */
type MessageFields = Partial<DeployMessage> & Pick<DeployMessage, 'fileName' | 'fullName' | 'componentType'>;

/** The job's result lines: successes and failures in Salesforce's DeployMessage shape. */
class JobLog {
  public constructor(
    private readonly job: DeployJob,
    private readonly now: number,
  ) {}

  public message(m: MessageFields, success: boolean): DeployMessage {
    return {
      changed: success && (m.changed ?? true),
      componentType: m.componentType,
      created: success && (m.created ?? false),
      createdDate: new Date(this.now).toISOString(),
      deleted: false,
      fileName: m.fileName,
      fullName: m.fullName,
      success,
      ...(m.lineNumber === undefined ? {} : { lineNumber: m.lineNumber, columnNumber: m.columnNumber ?? 1 }),
      ...(m.problem === undefined ? {} : { problem: m.problem, problemType: 'Error' as const }),
    };
  }

  public succeed(m: MessageFields): void {
    this.job.successes.push(this.message(m, true));
  }

  public fail(
    fileName: string,
    fullName: string,
    componentType: string,
    problem: string,
    line?: number,
    column?: number,
  ): void {
    const at = line === undefined ? {} : { lineNumber: line, columnNumber: column ?? 1 };
    this.job.failures.push(this.message({ fileName, fullName, componentType, problem, ...at }, false));
  }
}

export function runDeploy(ctx: Ctx, org: Org, user: User, zip: Buffer, options: DeployOptions): DeployJob {
  const job = newJob(ctx.now(), org, user, options);
  const log = new JobLog(job, job.createdAt);
  const pkg = readPackage(job, log, zip);
  if (pkg === undefined) return job;
  const planned = planComponents(pkg, log);
  const draft = new Draft(ctx.model, org, ctx.setup);
  const touched = checkComponents(draft, user, planned, log);
  log.succeed({ fileName: `${pkg.root}package.xml`, fullName: 'package.xml', componentType: '', changed: true });
  const deployed = job.successes.length - 1;
  job.status =
    job.failures.length === 0 ? 'Succeeded' : options.rollbackOnError || deployed === 0 ? 'Failed' : 'SucceededPartial';
  if (job.status !== 'Failed' && !options.checkOnly) {
    draft.commit();
    publishApps(ctx, org, draft, touched.ecas, touched.connectedApps);
  }
  return job;
}

/** A job that has failed until its components say otherwise. */
function newJob(now: number, org: Org, user: User, options: DeployOptions): DeployJob {
  return {
    id: randomId('0Af'),
    orgId: org.id,
    createdBy: user.userId,
    createdByName: user.displayName,
    createdAt: now,
    options,
    status: 'Failed',
    successes: [],
    failures: [],
  };
}

/** The zip and its package.xml; undefined (the job says why) when either cannot be read. */
function readPackage(job: DeployJob, log: JobLog, zip: Buffer): Package | undefined {
  let entries: ZipEntry[];
  try {
    entries = readZip(zip);
  } catch (error) {
    if (!(error instanceof ZipError)) throw error;
    job.error = { statusCode: 'UNKNOWN_EXCEPTION', message: `The deploy zip file can't be read: ${error.message}` };
    return undefined;
  }
  const root = rootFolder(entries);
  const files = new Map(entries.map((e) => [e.name.slice(root.length), e]));
  const manifestEntry = files.get('package.xml');
  if (manifestEntry === undefined) {
    log.fail('package.xml', 'package.xml', '', 'No package.xml found');
    return undefined;
  }
  const manifest = parseManifest(manifestEntry.data.toString('utf8'));
  if (!manifest.ok) {
    log.fail(`${root}package.xml`, 'package.xml', '', manifest.problem, manifest.line, manifest.column);
    return undefined;
  }
  return { root, files, manifest: manifest.manifest };
}

/** Every member package.xml names, found in the zip, parents first; an unknown type or a missing file fails. */
function planComponents({ root, files, manifest }: Package, log: JobLog): Planned[] {
  const planned: Planned[] = [];
  for (const { name, members } of manifest.types) {
    const spec = typeByName(name);
    if (spec === undefined) {
      log.fail(
        `${root}package.xml`,
        name,
        name,
        `The salesforce-emulator does not emulate the metadata type ${name} (it deploys ExternalClientApplication, its ExtlClntApp* components, PermissionSet and ConnectedApp).`,
      );
      continue;
    }
    const wanted = members.includes('*')
      ? [...files.keys()]
          .map((path) => typeOfPath(path))
          .filter((t) => t?.spec === spec)
          .map((t) => t?.fullName ?? '')
      : members;
    for (const fullName of wanted) {
      const entry = files.get(`${spec.directory}/${fullName}.${spec.suffix}`);
      if (entry === undefined) {
        log.fail(
          `${root}package.xml`,
          fullName,
          name,
          `An object '${fullName}' of type ${name} was named in package.xml, but was not found in zipped directory`,
        );
      } else {
        planned.push({ spec, fullName, entry });
      }
    }
  }
  return planned.sort((a, b) => ORDER.indexOf(a.spec.name) - ORDER.indexOf(b.spec.name));
}

/** Reads and checks each component into the draft; returns the apps the deploy touched. */
function checkComponents(
  draft: Draft,
  user: User,
  planned: readonly Planned[],
  log: JobLog,
): { ecas: Set<string>; connectedApps: Set<string> } {
  const ecas = new Set<string>();
  const connectedApps = new Set<string>();
  for (const { spec, fullName, entry } of planned) {
    const read = readComponent(spec, fullName, entry.name, entry.data.toString('utf8'));
    if (!read.ok) {
      log.fail(entry.name, fullName, spec.name, read.failure.problem, read.failure.line, read.failure.column);
      continue;
    }
    const checked = checkComponent(draft, user, read.component);
    if (checked.problem !== undefined) {
      const at = read.component.root;
      log.fail(entry.name, fullName, spec.name, checked.problem, at.line, at.column);
      continue;
    }
    if (checked.eca !== undefined) ecas.add(checked.eca);
    if (spec.name === 'ConnectedApp') connectedApps.add(fullName);
    log.succeed({
      fileName: entry.name,
      fullName,
      componentType: spec.name,
      created: checked.created ?? false,
      changed: true,
    });
  }
  return { ecas, connectedApps };
}

/** The folder every entry sits in (`unpackaged/`), or '' when package.xml is at the top. */
function rootFolder(entries: ZipEntry[]): string {
  if (entries.some((e) => e.name === 'package.xml')) return '';
  const first = entries.find((e) => e.name.endsWith('/package.xml') && e.name.split('/').length === 2);
  if (first === undefined) return '';
  const root = first.name.slice(0, -'package.xml'.length);
  return entries.every((e) => e.name.startsWith(root)) ? root : '';
}

/** Schedules the new version of every touched app after the propagation delay (reference: up to ~10 minutes). */
function publishApps(ctx: Ctx, org: Org, draft: Draft, ecas: Set<string>, connectedApps: Set<string>): void {
  const activeAt = ctx.now() + ctx.model.propagationDelaySeconds * 1000;
  for (const name of ecas) {
    const record = ctx.setup.eca(org.id, name);
    if (record === undefined) continue;
    const base = draft.currentApp(name);
    // The key in force is what the record says (readMetadata answers it): an existing app's, whatever was deployed
    // (it is immutable); a new app's own, or one generated now when it gave none.
    const global = record.globalOauthSettings;
    if (global !== undefined) {
      const consumerKey = base?.consumerKey ?? global.consumerKey ?? `3MVG9${randomAlphanumeric(80)}`;
      record.globalOauthSettings = { ...global, consumerKey };
    }
    ctx.setup.schedule({ org: org.id, name, app: ecaApp(org, name, record, base), activeAt });
  }
  for (const name of connectedApps) {
    const definition = draft.connectedApps.get(name);
    if (definition === undefined) continue;
    ctx.setup.schedule({
      org: org.id,
      name,
      app: connectedApp(org, name, definition, draft.currentApp(name)),
      activeAt,
    });
  }
}
