/**
 * `sf jwt app create`: the whole External Client App setup against a logged-in admin org, resumable. The workflow is
 * the table {@link STEPS}; each step is a small function that reads what earlier steps found ({@link Run}) and says
 * what it did. Checks that change nothing come before the deploy, so a bad username or permission set leaves the org
 * untouched. A failure names the steps done and not done, and carries the partial result for `--json`.
 *
 * Every call to the admin org goes through one bounded transport (`io/admin-org.ts`) whose deadline is the command's:
 * `--wait` (the deploy and Salesforce applying the app) plus `--timeout` (the calls after the wait).
 */
import { setTimeout as delay } from 'node:timers/promises';
import { describeCertificate, type AppMetadata } from '@sfjwt/jwt-core';
import type { Org } from '@salesforce/core';
import { appCreateError, assertDeploySucceeded } from '../errors/app-errors.js';
import { PartialResult } from '../errors/partial-result.js';
import { OrgTransportError, type AdminOrg, type DeployStatus } from '../io/admin-org.js';
import { checkedRows, idProblem, shape } from '../io/admin-org-shape.js';
import { readInputFile } from '../io/bounded-read.js';
import {
  CERTIFICATE_REPLACED,
  type AppCreateResult,
  type AppCreateStep,
  type AppCreateStepName,
} from '../results/app-create.js';
import { readAdminPermissions, type AdminPermissions } from './admin-permissions.js';
import { failureDetail, mapError, waitExhausted, withSteps } from './app-create-failure.js';
import { deployApp } from './app-deploy.js';
import { lookUpApp, sameFingerprint, samePolicies, type ExistingApp } from './app-lookup.js';
import { buildAppMetadata, defaultPermissionSetName } from './app-metadata.js';
import { clock, verifyLogin } from './app-verify.js';
import { boundedAdminOrg } from './admin-org-bounds.js';
import type { ServiceContext } from './context.js';
import { prepareExchange, type PreparedExchange } from './exchange.js';

/** The license whose permission sets cannot carry connected or external client apps. */
export const API_INTEGRATION_LICENSE = 'Salesforce API Integration';

/** Flag values. */
export interface AppCreateInput {
  readonly name: string;
  readonly certFile: string;
  readonly username: string;
  readonly permissionSet: string | undefined;
  readonly profile: string | undefined;
  readonly createPermissionSet: boolean;
  /** How long to wait for the deploy and for Salesforce to apply the app, ms. */
  readonly waitMs: number;
  readonly jwtKeyFile: string | undefined;
  /** The app's contact email; the admin's own email when not given. */
  readonly contactEmail?: string | undefined;
  /** The existing app's consumer key, when the org does not return it (consumer secrets protected). */
  readonly consumerKey?: string | undefined;
  /** `--timeout`: seconds one call to the org may take (SFJWT_TIMEOUT, else 30 s). */
  readonly timeoutSeconds?: number | undefined;
}

/** What the command shows while a step runs (its spinner). */
export interface Progress {
  start(action: string): void;
  status(text: string): void;
  stop(text: string): void;
}

/** What the workflow works with besides the flags. */
export interface AppCreateDeps {
  readonly org: AdminOrg;
  readonly context: ServiceContext;
  /** Waits between polls; real time in commands, a test's clock in tests. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly progress?: Progress;
}

interface UserRow {
  Id: string;
  IsActive?: boolean;
  Email?: string | null;
  Profile?: { Name?: string | null } | null;
}

interface PermissionSetRow {
  Id: string;
  Name: string;
  License?: { Name?: string | null } | null;
}

/** What the steps share: the flags, the org, and what earlier steps found. */
interface Run {
  readonly input: AppCreateInput;
  readonly org: AdminOrg;
  readonly context: ServiceContext;
  readonly progress: Progress;
  readonly sleep: (ms: number) => Promise<void>;
  /** When the wait for the deploy and for Salesforce ends (epoch ms). */
  readonly waitDeadline: number;
  readonly permissionSetName: string | null;
  readonly result: AppCreateResult;
  certificate?: Uint8Array;
  prepared?: PreparedExchange;
  contactEmail?: string;
  /** What the admin may do, as the org reports it; undefined when it did not say (the deploy is then the judge). */
  adminPermissions?: AdminPermissions | undefined;
  user?: UserRow;
  permissionSet?: PermissionSetRow | undefined;
  /** The user already holds the permission set (known once an existing set was checked). */
  holdsPermissionSet?: boolean;
  existing?: ExistingApp;
  app?: AppMetadata;
}

/** What a step did: `done`, or `skipped` because it was already in place. */
interface Outcome {
  readonly status: 'done' | 'skipped';
  readonly detail: string;
}

const done = (detail: string): Outcome => ({ status: 'done', detail });
const skipped = (detail: string): Outcome => ({ status: 'skipped', detail });

/** A fact an earlier step provides (a missing one is a bug in the table's order). */
function fact<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`app create: ${what} is not known yet`);
  return value;
}

/** Stands in for the admin's email (read from the org later) when the options are first checked. */
const PLACEHOLDER_EMAIL = 'admin@example.com';

/** A SOQL string literal's content. */
function soql(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
}

/** The workflow, in order. */
const STEPS: ReadonlyArray<{ readonly name: AppCreateStepName; readonly run: (run: Run) => Promise<Outcome> }> = [
  { name: 'inputs', run: checkInputs },
  { name: 'admin', run: checkAdmin },
  { name: 'user', run: checkUser },
  { name: 'permission-set', run: checkPermissionSet },
  { name: 'lookup', run: lookUp },
  { name: 'deploy', run: deploy },
  { name: 'assign', run: assign },
  { name: 'verify', run: verify },
];

/** The certificate, the key and the app's files are known to be good before the org is asked anything. */
async function checkInputs(run: Run): Promise<Outcome> {
  const certificate = await readInputFile(run.input.certFile);
  const prepared = await prepareExchange(
    {
      clientId: '',
      username: run.input.username,
      jwtKeyFiles: run.input.jwtKeyFile === undefined ? [] : [run.input.jwtKeyFile],
      instanceUrl: run.org.instanceUrl,
      audience: undefined,
      certFile: run.input.certFile,
    },
    run.context.secrets,
    run.context.now,
  );
  if (prepared.certificate?.matchesKey !== true) throw appCreateError('KeyCertificateMismatch', [certificate.path]);
  // Built once here to check the options (and --contact-email), before the org is asked; rebuilt after the lookup.
  buildAppMetadata(
    appSpec(run.input, certificate.bytes, run.input.contactEmail ?? PLACEHOLDER_EMAIL, run.input.consumerKey),
  );
  run.certificate = certificate.bytes;
  run.prepared = prepared;
  const key = prepared.key.source === 'file' ? (prepared.key.path ?? '') : prepared.key.source;
  return done(`certificate ${certificate.path} matches the private key (${key})`);
}

/**
 * The admin: its email (the app's contact email unless --contact-email says otherwise: Salesforce requires one) and
 * what it may do: every later step but one uses the Metadata API (the lookup reads the app, the deploy writes it), so
 * an admin who may not is stopped here; assigning permission sets is checked where it is known to be needed.
 */
async function checkAdmin(run: Run): Promise<Outcome> {
  run.progress.start(`Setting up the External Client App ${run.input.name}`);
  run.progress.status(`checking the admin ${run.org.username}`);
  [run.contactEmail, run.adminPermissions] = await Promise.all([
    run.input.contactEmail ?? adminEmail(run.org),
    readAdminPermissions(run.org),
  ]);
  const email = `contact email ${run.contactEmail} (${run.input.contactEmail === undefined ? "the admin's" : '--contact-email'})`;
  const rights = run.adminPermissions;
  if (rights === undefined) return done(`${email}; the org did not report the admin's permissions`);
  if (!rights.canDeploy) throw appCreateError('AdminLacksDeployPermission', [run.org.username]);
  if (rights.canManageApps === false) throw appCreateError('AdminLacksAppPermission', [run.org.username]);
  if (rights.canEditAppPolicies === false) throw appCreateError('AdminLacksPolicyPermission', [run.org.username]);
  const also = [
    ...(rights.canAssignPermissionSets ? ['assign permission sets'] : []),
    ...(rights.canManageApps === true ? ['create External Client Apps'] : []),
    ...(rights.canEditAppPolicies === true ? ['edit their policies'] : []),
  ];
  return done(
    `${email}; the admin may use the Metadata API${also.map((a, i) => (i === also.length - 1 ? ` and ${a}` : `, ${a}`)).join('')}`,
  );
}

/** The fields each query reads, and their shape (admin-org-shape.ts): checked before any is used. */
const USER_ID = shape.id('005');
const ADMIN_SHAPE = { Id: USER_ID, Email: shape.optional(shape.nullable(shape.string())) };
const USER_SHAPE = {
  Id: USER_ID,
  IsActive: shape.boolean(),
  Profile: shape.nullable(shape.record({ Name: shape.nullable(shape.string()) })),
};
const PERMISSION_SET_SHAPE = {
  Id: shape.id('0PS'),
  Name: shape.string(),
  License: shape.nullable(shape.record({ Name: shape.nullable(shape.string()) })),
};
const ASSIGNMENT_SHAPE = { Id: shape.id('0Pa') };

async function adminEmail(org: AdminOrg): Promise<string> {
  const [admin] = checkedRows<UserRow>(
    await org.query<unknown>(`SELECT Id, Email FROM User WHERE Username = '${soql(org.username)}'`),
    "the admin's user query",
    ADMIN_SHAPE,
  );
  const email = typeof admin?.Email === 'string' ? admin.Email.trim() : '';
  if (email === '') throw appCreateError('ContactEmailUnknown', [org.username]);
  return email;
}

async function checkUser(run: Run): Promise<Outcome> {
  const { input } = run;
  run.progress.status(`checking ${input.username}`);
  const [user] = checkedRows<UserRow>(
    await run.org.query<unknown>(
      `SELECT Id, Username, IsActive, ProfileId, Profile.Name FROM User WHERE Username = '${soql(input.username)}'`,
    ),
    "the integration user's query",
    USER_SHAPE,
  );
  if (user === undefined) throw appCreateError('UserNotFound', [input.username]);
  if (user.IsActive !== true) throw appCreateError('UserInactive', [input.username]);
  const profileName = user.Profile?.Name ?? '';
  if (input.profile !== undefined && profileName !== input.profile)
    throw appCreateError('UserProfileMismatch', [input.username, profileName, input.profile]);
  run.user = user;
  return done(`${input.username} is active (profile ${profileName})`);
}

async function findPermissionSet(org: AdminOrg, name: string): Promise<PermissionSetRow | undefined> {
  const [row] = checkedRows<PermissionSetRow>(
    await org.query<unknown>(`SELECT Id, Name, License.Name FROM PermissionSet WHERE Name = '${soql(name)}'`),
    'the permission set query',
    PERMISSION_SET_SHAPE,
  );
  return row;
}

async function checkPermissionSet(run: Run): Promise<Outcome> {
  const name = run.permissionSetName;
  if (name === null) return skipped(`pre-authorized through the profile ${run.input.profile ?? ''}`);
  const permissionSet = await findPermissionSet(run.org, name);
  if (permissionSet?.License?.Name === API_INTEGRATION_LICENSE)
    throw appCreateError('PermissionSetApiIntegration', [name]);
  if (permissionSet === undefined && !run.input.createPermissionSet)
    throw appCreateError('PermissionSetNotFound', [name]);
  run.permissionSet = permissionSet;
  const holds =
    permissionSet !== undefined && (await userHoldsPermissionSet(run.org, fact(run.user, 'the user'), permissionSet));
  run.holdsPermissionSet = holds;
  // The assign step comes after the deploy: an admin who cannot assign is told now, before the org changes.
  if (!holds && run.adminPermissions?.canAssignPermissionSets === false)
    throw appCreateError('AdminLacksAssignPermission', [run.org.username, run.input.username, name]);
  if (permissionSet === undefined) return done(`${name} will be created by the deploy`);
  return done(holds ? `${name} exists; ${run.input.username} holds it` : `${name} exists`);
}

async function userHoldsPermissionSet(org: AdminOrg, user: UserRow, permissionSet: PermissionSetRow): Promise<boolean> {
  const [assigned] = checkedRows<{ Id: string }>(
    await org.query<unknown>(
      `SELECT Id FROM PermissionSetAssignment WHERE AssigneeId = '${soql(user.Id)}' AND PermissionSetId = '${soql(permissionSet.Id)}'`,
    ),
    'the permission set assignment query',
    ASSIGNMENT_SHAPE,
  );
  return assigned !== undefined;
}

/**
 * The app: an existing one keeps its consumer key, and when the org will not return it, --consumer-key must give it.
 * The org's old External Client App switch (`ExternalClientAppSettings.enableExternalClientApps`) is not read: it is in
 * the API 59.0 reference (developer.salesforce.com/docs/atlas.en-us.246.0.api_meta.meta/api_meta/meta_externalclientappsettings.htm)
 * but not in the current one (…/atlas.en-us.260.0.api_meta…: `enableClientSecretInRestApiAccess`, the deprecated
 * `enableConsumerSecretApiAccess`, `enablePackageEcaOauthFromDevOrg`) nor in the pinned @salesforce/types, so a current
 * org never answers it. Where ECAs are unavailable the deploy says so ("Not available for deploy for this
 * organization", ERR_APP_ECA_DISABLED) and rolls back: nothing changes either way.
 */
async function lookUp(run: Run): Promise<Outcome> {
  const { input } = run;
  run.progress.status(`looking up the app ${input.name}`);
  const existing = await lookUpApp(run.org, input.name);
  if (existing.exists && existing.consumerKey === undefined && input.consumerKey === undefined)
    throw appCreateError('ConsumerKeyUnreadable', [input.name]);
  if (
    existing.consumerKey !== undefined &&
    input.consumerKey !== undefined &&
    existing.consumerKey !== input.consumerKey
  )
    throw appCreateError('ConsumerKeyMismatch', [input.name]);
  const consumerKey = existing.consumerKey ?? input.consumerKey;
  const { app } = buildAppMetadata(
    appSpec(input, fact(run.certificate, 'the certificate'), fact(run.contactEmail, 'the contact email'), consumerKey),
  );
  run.existing = existing;
  run.app = app;
  run.result.consumerKey = app.consumerKey;
  run.result.consumerKeyReused = existing.exists;
  if (!existing.exists) return done(`no app named ${input.name}: a new consumer key`);
  return done(
    existing.consumerKey === undefined
      ? `the app ${input.name} exists: its consumer key from --consumer-key is kept`
      : `the app ${input.name} exists: its consumer key is kept`,
  );
}

async function deploy(run: Run): Promise<Outcome> {
  const app = fact(run.app, 'the app');
  const existing = fact(run.existing, 'the lookup');
  const fingerprint = fact(run.prepared?.certificate, 'the certificate').sha256Fingerprint;
  const sameCertificate =
    existing.certificate !== undefined &&
    sameFingerprint((pem) => describeCertificate(pem, { now: run.context.now }), existing.certificate, fingerprint);
  // Clients holding only the old key fail once the new certificate applies: the human output says how to avoid it.
  const replacesCertificate = existing.certificate !== undefined && !sameCertificate;
  const unchanged =
    sameCertificate &&
    samePolicies(existing.policies, run.input) &&
    (run.permissionSetName === null || run.permissionSet !== undefined);
  if (unchanged) return skipped('the app already has this certificate and these pre-authorized users');
  run.progress.status(`deploying ${app.components.length} components`);
  const status = await deployApp(run.org, app, {
    now: run.context.now,
    sleep: run.sleep,
    deadline: run.waitDeadline,
    progress: (text) => run.progress.status(text),
  });
  run.result.deploy = deploySummary(status);
  assertDeploySucceeded(status);
  if (existing.exists) await confirmConsumerKey(run, app.consumerKey);
  const created = status.components.filter((c) => c.state === 'Created').length;
  const total = status.components.length;
  const summary = `deployed ${total} components (${created} created, ${total - created} updated), deploy ${status.id}`;
  return done(replacesCertificate ? `${summary}; ${CERTIFICATE_REPLACED}` : summary);
}

async function assign(run: Run): Promise<Outcome> {
  const { input } = run;
  const name = run.permissionSetName;
  if (name === null) return skipped(`${input.username} has the profile ${input.profile ?? ''}`);
  run.progress.status(`assigning ${name} to ${input.username}`);
  const permissionSet = run.permissionSet ?? (await findPermissionSet(run.org, name));
  if (permissionSet === undefined) throw appCreateError('PermissionSetNotFound', [name]);
  const user = fact(run.user, 'the user');
  // Checked before the deploy (a set the deploy created is held by nobody); a duplicate since then is `exists`.
  const outcome = run.holdsPermissionSet === true ? 'exists' : await insertAssignment(run.org, user, permissionSet);
  return outcome === 'created'
    ? done(`assigned ${name} to ${input.username}`)
    : skipped(`${input.username} already holds ${name}`);
}

/**
 * An existing app's consumer key is immutable: a deploy with another key answers Succeeded and Salesforce keeps the
 * old one (a public report of live deploys, issue 24 item 4), which would surface only later as `invalid_client_id`.
 * So after redeploying an existing app the key is read back, and one that differs from the key deployed ends the run
 * naming the key really in force (also in the --json result). A key the org does not return is not compared.
 */
async function confirmConsumerKey(run: Run, deployed: string): Promise<void> {
  const { consumerKey } = await lookUpApp(run.org, run.input.name);
  if (consumerKey === undefined || consumerKey === deployed) return;
  run.result.consumerKey = consumerKey;
  throw appCreateError('ConsumerKeyNotChanged', [run.input.name, consumerKey, deployed, consumerKey]);
}

/** Inserts the assignment; a "created" answer without an assignment's Id is a lie, not a success. */
async function insertAssignment(
  org: AdminOrg,
  user: UserRow,
  permissionSet: PermissionSetRow,
): Promise<'created' | 'exists'> {
  const { id, outcome } = await org.assignPermissionSet(user.Id, permissionSet.Id);
  const problem = outcome === 'created' ? idProblem(id, '0Pa') : undefined;
  if (problem !== undefined)
    throw new OrgTransportError('wrong-shape', 'the permission set assignment', `its id is ${problem}`);
  return outcome;
}

/** A real JWT login as the integration user, retried until Salesforce has applied the app or the wait ends. */
async function verify(run: Run): Promise<Outcome> {
  const { input } = run;
  const app = fact(run.app, 'the app');
  const prepared = fact(run.prepared, 'the key');
  run.progress.status(`logging in as ${input.username} with the JWT bearer flow`);
  const withKey: PreparedExchange = { ...prepared, input: { ...prepared.input, clientId: app.consumerKey } };
  const verified = await verifyLogin(withKey, {
    env: run.context.env,
    now: run.context.now,
    sleep: run.sleep,
    deadline: run.waitDeadline,
    progress: (text) => run.progress.status(`waiting for Salesforce to apply the app: ${text}`),
  });
  run.result.verification = { attempts: verified.attempts, waitedMs: verified.waitedMs };
  if (!verified.ok) throw waitExhausted(verified.last, verified.attempts.length, verified.waitedMs);
  run.result.loginCommand = loginCommand(app, input, prepared, run.org.instanceUrl);
  const attempts = verified.attempts.length;
  return done(
    `${input.username} logged in with the JWT bearer flow (${attempts} ${attempts === 1 ? 'attempt' : 'attempts'}, waited ${clock(verified.waitedMs)})`,
  );
}

const silent: Progress = { start: () => undefined, status: () => undefined, stop: () => undefined };

/** The permission set that pre-authorizes the user, or null when a profile does. */
function permissionSetNameOf(input: AppCreateInput): string | null {
  if (input.profile !== undefined) return null;
  return input.createPermissionSet
    ? (input.permissionSet ?? defaultPermissionSetName(input.name))
    : (input.permissionSet ?? null);
}

export async function createApp(input: AppCreateInput, deps: AppCreateDeps): Promise<AppCreateResult> {
  const { org, context } = deps;
  const steps: AppCreateStep[] = STEPS.map(({ name }) => ({ name, status: 'not-run', detail: '' }));
  const permissionSetName = permissionSetNameOf(input);
  const run: Run = {
    input,
    org,
    context,
    progress: deps.progress ?? silent,
    sleep: deps.sleep ?? ((ms: number) => delay(ms)),
    waitDeadline: context.now() + input.waitMs,
    permissionSetName,
    result: {
      name: input.name,
      consumerKey: null,
      consumerKeyReused: false,
      myDomain: org.instanceUrl,
      username: input.username,
      permissionSet: permissionSetName,
      profile: input.profile ?? null,
      contactEmail: null,
      steps,
      deploy: null,
      verification: null,
      loginCommand: null,
    },
  };
  for (const [index, step] of STEPS.entries()) {
    const record = steps[index] as AppCreateStep;
    try {
      Object.assign(record, await step.run(run));
      if (step.name === 'admin') run.result.contactEmail = run.contactEmail ?? null;
    } catch (err) {
      Object.assign(record, { status: 'failed', detail: failureDetail(err) });
      run.progress.stop('failed');
      throw new PartialResult(withSteps(mapError(err, step.name), steps), run.result);
    }
  }
  run.progress.stop('done');
  return run.result;
}

/** {@link createApp} in the `--target-org` org, through the bounded admin-org transport. */
export async function createAppInOrg(
  org: Org,
  input: AppCreateInput,
  context: ServiceContext,
  progress: Progress,
): Promise<AppCreateResult> {
  const { admin } = await boundedAdminOrg(org, context, {
    timeoutSeconds: input.timeoutSeconds,
    waitMs: input.waitMs,
    calls: 1,
  });
  return createApp(input, { org: admin, context, progress });
}

function appSpec(
  input: AppCreateInput,
  certificate: Uint8Array,
  contactEmail: string,
  consumerKey: string | undefined,
): Parameters<typeof buildAppMetadata>[0] {
  return {
    name: input.name,
    type: 'external-client-app',
    certificate,
    profiles: input.profile === undefined ? [] : [input.profile],
    permissionSets: input.permissionSet === undefined ? [] : [input.permissionSet],
    createPermissionSet: input.createPermissionSet,
    contactEmail,
    consumerKey,
  };
}

function deploySummary(status: DeployStatus): NonNullable<AppCreateResult['deploy']> {
  return {
    id: status.id,
    status: status.status,
    components: status.components.map((c) => ({
      type: c.type,
      fullName: c.fullName,
      state: c.state,
      problem: c.problem ?? null,
    })),
  };
}

function loginCommand(
  app: AppMetadata,
  input: AppCreateInput,
  prepared: PreparedExchange,
  instanceUrl: string,
): string {
  const key =
    prepared.key.source === 'file' && prepared.key.path !== undefined
      ? ` --jwt-key-file ${shellWord(prepared.key.path)}`
      : '';
  return `sf jwt login --client-id ${app.consumerKey} --username ${shellWord(input.username)}${key} --instance-url ${instanceUrl}`;
}

function shellWord(value: string): string {
  return /^[\w@.+/:=-]+$/.test(value) ? value : `'${value.replace(/'/g, "'\\''")}'`;
}
