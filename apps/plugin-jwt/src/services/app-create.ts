/**
 * `sf jwt app create`: the whole External Client App setup against a logged-in admin org, resumable. Steps, in order:
 * inputs (certificate, key, and that they match), the integration user, the permission set, the lookup of an app of
 * that name (its consumer key is kept), the deploy (skipped when the org already has this certificate and these
 * pre-authorized users, so a rerun does not restart Salesforce's propagation), the permission set assignment, and a
 * real JWT login as the integration user, retried until Salesforce has applied the app or the wait ends.
 *
 * Checks that change nothing come before the deploy, so a bad username or permission set leaves the org untouched. A
 * failure names the steps done and not done, and carries the partial result for `--json`.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { AppMetadata } from '@sfjwt/jwt-core';
import type { Org } from '@salesforce/core';
import type { SfError } from '@salesforce/core/sfError';
import { apiErrorKey, appCreateError, deployProblemKey } from '../errors/app-errors.js';
import { grantRejectedError } from '../errors/grant-rejected.js';
import { PartialResult } from '../errors/partial-result.js';
import { isTokenExchangeError } from '../errors/core-errors.js';
import { toSfError } from '../errors/to-sf-error.js';
import { adminOrg, OrgApiError, type AdminOrg, type DeployStatus } from '../io/admin-org.js';
import { readInputFile } from '../io/bounded-read.js';
import type { AppCreateResult, AppCreateStep, AppCreateStepName } from '../results/app-create.js';
import { deployApp, DeployNotFinished } from './app-deploy.js';
import { buildAppMetadata, defaultPermissionSetName } from './app-metadata.js';
import { clock, verifyLogin } from './app-verify.js';
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

const STEP_ORDER: readonly AppCreateStepName[] = [
  'inputs',
  'user',
  'permission-set',
  'lookup',
  'deploy',
  'assign',
  'verify',
];

interface UserRow {
  Id: string;
  IsActive: boolean;
  Profile?: { Name?: string } | null;
}

interface PermissionSetRow {
  Id: string;
  Name: string;
  License?: { Name?: string } | null;
}

/** A SOQL string literal's content. */
function soql(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
}

const silent: Progress = { start: () => undefined, status: () => undefined, stop: () => undefined };

export async function createApp(input: AppCreateInput, deps: AppCreateDeps): Promise<AppCreateResult> {
  const { org, context } = deps;
  const sleep = deps.sleep ?? ((ms: number) => delay(ms));
  const progress = deps.progress ?? silent;
  const started = context.now();
  const deadline = started + input.waitMs;
  const steps: AppCreateStep[] = STEP_ORDER.map((name) => ({ name, status: 'not-run', detail: '' }));
  const mark = (name: AppCreateStepName, status: AppCreateStep['status'], detail: string): void => {
    const step = steps.find((s) => s.name === name);
    if (step !== undefined) Object.assign(step, { status, detail });
  };
  const permissionSetName =
    input.profile !== undefined
      ? null
      : input.createPermissionSet
        ? (input.permissionSet ?? defaultPermissionSetName(input.name))
        : (input.permissionSet ?? null);
  const result: AppCreateResult = {
    name: input.name,
    consumerKey: null,
    consumerKeyReused: false,
    myDomain: org.instanceUrl,
    username: input.username,
    permissionSet: permissionSetName,
    profile: input.profile ?? null,
    steps,
    deploy: null,
    verification: null,
    loginCommand: null,
  };
  let current: AppCreateStepName = 'inputs';
  try {
    // inputs: nothing is asked of the org before the certificate, the key and the app's files are known to be good.
    const certificate = await readInputFile(input.certFile);
    const prepared = await prepareExchange(
      {
        clientId: '',
        username: input.username,
        jwtKeyFile: input.jwtKeyFile,
        instanceUrl: org.instanceUrl,
        audience: undefined,
        certFile: input.certFile,
      },
      context.secrets,
      context.now,
    );
    if (prepared.certificate?.matchesKey !== true) throw appCreateError('KeyCertificateMismatch', [certificate.path]);
    const core = await import('@sfjwt/jwt-core');
    const fingerprint = prepared.certificate.sha256Fingerprint;
    const describe = (pem: string) => core.describeCertificate(pem, { now: context.now });
    // Built once here to check the options; rebuilt with the org's consumer key after the lookup.
    await buildAppMetadata(appSpec(input, certificate.bytes, undefined));
    mark(
      'inputs',
      'done',
      `certificate ${certificate.path} matches the private key (${prepared.key.source === 'file' ? (prepared.key.path ?? '') : prepared.key.source})`,
    );

    current = 'user';
    progress.start(`Setting up the External Client App ${input.name}`);
    progress.status(`checking ${input.username}`);
    const [user] = await org.query<UserRow>(
      `SELECT Id, Username, IsActive, ProfileId, Profile.Name FROM User WHERE Username = '${soql(input.username)}'`,
    );
    if (user === undefined) throw appCreateError('UserNotFound', [input.username]);
    if (user.IsActive !== true) throw appCreateError('UserInactive', [input.username]);
    const profileName = user.Profile?.Name ?? '';
    if (input.profile !== undefined && profileName !== input.profile)
      throw appCreateError('UserProfileMismatch', [input.username, profileName, input.profile]);
    mark('user', 'done', `${input.username} is active (profile ${profileName})`);

    current = 'permission-set';
    let permissionSet: PermissionSetRow | undefined;
    if (permissionSetName === null) {
      mark('permission-set', 'skipped', `pre-authorized through the profile ${input.profile ?? ''}`);
    } else {
      [permissionSet] = await org.query<PermissionSetRow>(
        `SELECT Id, Name, License.Name FROM PermissionSet WHERE Name = '${soql(permissionSetName)}'`,
      );
      if (permissionSet?.License?.Name === API_INTEGRATION_LICENSE)
        throw appCreateError('PermissionSetApiIntegration', [permissionSetName]);
      if (permissionSet === undefined && !input.createPermissionSet)
        throw appCreateError('PermissionSetNotFound', [permissionSetName]);
      mark(
        'permission-set',
        'done',
        permissionSet === undefined
          ? `${permissionSetName} will be created by the deploy`
          : `${permissionSetName} exists`,
      );
    }

    current = 'lookup';
    progress.status(`looking up the app ${input.name}`);
    const existing = await lookUpApp(org, input.name);
    const { app } = await buildAppMetadata(appSpec(input, certificate.bytes, existing.consumerKey));
    result.consumerKey = app.consumerKey;
    result.consumerKeyReused = existing.consumerKey !== undefined;
    mark(
      'lookup',
      'done',
      existing.consumerKey === undefined
        ? `no app named ${input.name}: a new consumer key`
        : `the app ${input.name} exists: its consumer key is kept`,
    );

    current = 'deploy';
    const unchanged =
      existing.certificate !== undefined &&
      sameFingerprint(describe, existing.certificate, fingerprint) &&
      samePolicies(existing.policies, input) &&
      (permissionSetName === null || permissionSet !== undefined);
    if (unchanged) {
      mark('deploy', 'skipped', 'the app already has this certificate and these pre-authorized users');
    } else {
      progress.status(`deploying ${app.components.length} components`);
      const status = await deployApp(org, app, {
        now: context.now,
        sleep,
        deadline,
        progress: (text) => progress.status(text),
      });
      result.deploy = deploySummary(status);
      if (!status.success) throw deployError(status);
      const created = status.components.filter((c) => c.state === 'Created').length;
      mark(
        'deploy',
        'done',
        `deployed ${status.components.length} components (${created} created, ${status.components.length - created} updated), deploy ${status.id}`,
      );
    }

    current = 'assign';
    if (permissionSetName === null) {
      mark('assign', 'skipped', `${input.username} has the profile ${input.profile ?? ''}`);
    } else {
      progress.status(`assigning ${permissionSetName} to ${input.username}`);
      permissionSet ??= (
        await org.query<PermissionSetRow>(
          `SELECT Id, Name, License.Name FROM PermissionSet WHERE Name = '${soql(permissionSetName)}'`,
        )
      )[0];
      if (permissionSet === undefined) throw appCreateError('PermissionSetNotFound', [permissionSetName]);
      const [assigned] = await org.query<{ Id: string }>(
        `SELECT Id FROM PermissionSetAssignment WHERE AssigneeId = '${soql(user.Id)}' AND PermissionSetId = '${soql(permissionSet.Id)}'`,
      );
      const outcome =
        assigned === undefined ? (await org.assignPermissionSet(user.Id, permissionSet.Id)).outcome : 'exists';
      mark(
        'assign',
        outcome === 'created' ? 'done' : 'skipped',
        outcome === 'created'
          ? `assigned ${permissionSetName} to ${input.username}`
          : `${input.username} already holds ${permissionSetName}`,
      );
    }

    current = 'verify';
    progress.status(`logging in as ${input.username} with the JWT bearer flow`);
    const withKey: PreparedExchange = { ...prepared, input: { ...prepared.input, clientId: app.consumerKey } };
    const verified = await verifyLogin(withKey, {
      env: context.env,
      now: context.now,
      sleep,
      deadline,
      progress: (text) => progress.status(`waiting for Salesforce to apply the app: ${text}`),
    });
    result.verification = { attempts: verified.attempts, waitedMs: verified.waitedMs };
    if (!verified.ok) throw waitExhausted(verified.last, verified.attempts.length, verified.waitedMs);
    mark(
      'verify',
      'done',
      `${input.username} logged in with the JWT bearer flow (${verified.attempts.length} ${verified.attempts.length === 1 ? 'attempt' : 'attempts'}, waited ${clock(verified.waitedMs)})`,
    );
    result.loginCommand = loginCommand(app, input, prepared, org.instanceUrl);
    progress.stop('done');
    return result;
  } catch (err) {
    mark(current, 'failed', failureDetail(err));
    progress.stop('failed');
    throw new PartialResult(withSteps(mapError(err, current), steps), result);
  }
}

/** {@link createApp} in the `--target-org` org, through its @salesforce/core connection. */
export async function createAppInOrg(
  org: Org,
  input: AppCreateInput,
  context: ServiceContext,
  progress: Progress,
): Promise<AppCreateResult> {
  return createApp(input, { org: adminOrg(org), context, progress });
}

function appSpec(
  input: AppCreateInput,
  certificate: Uint8Array,
  consumerKey: string | undefined,
): Parameters<typeof buildAppMetadata>[0] {
  return {
    name: input.name,
    type: 'external-client-app',
    certificate,
    profiles: input.profile === undefined ? [] : [input.profile],
    permissionSets: input.permissionSet === undefined ? [] : [input.permissionSet],
    createPermissionSet: input.createPermissionSet,
    consumerKey,
  };
}

interface ExistingApp {
  readonly consumerKey?: string;
  readonly certificate?: string;
  readonly policies?: Readonly<Record<string, unknown>>;
}

/**
 * The app's global OAuth settings (consumer key, certificate) and OAuth policies, read through the Metadata API.
 * Our files name them after the app (`<name>`, `<name>_defaultPolicy`); apps made by other tools use `<name>_glbloauth`
 * and `<name>_oauthPlcy`, so those names are read too.
 */
async function lookUpApp(org: AdminOrg, name: string): Promise<ExistingApp> {
  const { ECA_POLICY_SUFFIX } = await import('@sfjwt/jwt-core');
  const [globals, policies] = await Promise.all([
    org.readMetadata('ExtlClntAppGlobalOauthSettings', [name, `${name}_glbloauth`]),
    org.readMetadata('ExtlClntAppOauthConfigurablePolicies', [`${name}${ECA_POLICY_SUFFIX}`, `${name}_oauthPlcy`]),
  ]);
  const global = globals.find((g) => g !== undefined);
  const policy = policies.find((p) => p !== undefined);
  const text = (value: unknown): string | undefined =>
    typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  const consumerKey = text(global?.consumerKey);
  const certificate = text(global?.certificate);
  return {
    ...(consumerKey === undefined ? {} : { consumerKey }),
    ...(certificate === undefined ? {} : { certificate }),
    ...(policy === undefined ? {} : { policies: policy }),
  };
}

function sameFingerprint(
  describe: (pem: string) => { sha256Fingerprint: string },
  pem: string,
  fingerprint: string,
): boolean {
  try {
    return describe(pem).sha256Fingerprint === fingerprint;
  } catch {
    // An unreadable certificate in the org is replaced by the deploy.
    return false;
  }
}

function samePolicies(policies: Readonly<Record<string, unknown>> | undefined, input: AppCreateInput): boolean {
  if (policies?.permittedUsersPolicyType !== 'AdminApprovedPreAuthorized') return false;
  const list = (value: unknown): string =>
    (typeof value === 'string' ? value : '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '')
      .sort()
      .join(',');
  const wantedSet =
    input.profile !== undefined
      ? ''
      : (input.permissionSet ?? (input.createPermissionSet ? defaultPermissionSetName(input.name) : ''));
  return (
    list(policies.commaSeparatedPermissionSet) === wantedSet &&
    list(policies.commaSeparatedProfile) === (input.profile ?? '')
  );
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

/** A failed deploy: the first failure Salesforce explains by a known setting or permission, else the generic error. */
function deployError(status: DeployStatus): SfError {
  const failures = status.components.filter((c) => c.state === 'Failed');
  for (const failure of failures) {
    const key = deployProblemKey(failure.problem ?? '');
    if (key !== undefined) return appCreateError(key, [failure.problem ?? '']);
  }
  const first = failures[0];
  const what =
    first === undefined ? (status.error ?? status.status) : `${first.type} ${first.fullName}: ${first.problem ?? ''}`;
  return appCreateError('DeployFailed', [status.id, String(failures.length), what]);
}

function waitExhausted(last: Error, attempts: number, waitedMs: number): SfError {
  if (isTokenExchangeError(last)) {
    const said = last.errorDescription === undefined ? last.error : `${last.error}: ${last.errorDescription}`;
    const top = last.diagnosis?.causes[0];
    const diagnosis = top === undefined ? last.fix : `${top.title} ${top.fix}`;
    return appCreateError('WaitExhausted', [String(attempts), clock(waitedMs), said, diagnosis]);
  }
  return appCreateError('WaitExhausted', [
    String(attempts),
    clock(waitedMs),
    last.message,
    'Check the network path to the org, then run the command again.',
  ]);
}

function mapError(err: unknown, step: AppCreateStepName): Error {
  if (err instanceof DeployNotFinished)
    return appCreateError('WaitExhausted', [
      '0',
      'the whole wait',
      `deploy ${err.status.id} still ${err.status.status}`,
      'Run the command again with a longer --wait: it resumes from the deploy.',
    ]);
  if (err instanceof OrgApiError) {
    const key = apiErrorKey(
      err.errorCode,
      step === 'deploy' || step === 'lookup' ? 'deploy' : step === 'assign' ? 'assign' : 'other',
    );
    return key === undefined
      ? appCreateError('OrgCallFailed', [err.errorCode, err.message])
      : appCreateError(key, [err.message]);
  }
  if (isTokenExchangeError(err)) return grantRejectedError(err);
  return toSfError(err);
}

function failureDetail(err: unknown): string {
  if (err instanceof OrgApiError) return `${err.errorCode}: ${err.message}`;
  return err instanceof Error
    ? (err as { code?: unknown }).code === undefined
      ? err.name
      : String((err as { code?: unknown }).code)
    : 'failed';
}

/** Adds which steps completed and which did not to the error's message. */
function withSteps(err: Error, steps: readonly AppCreateStep[]): Error {
  if (!('exitCode' in err)) return err;
  const done = steps.filter((s) => s.status === 'done' || s.status === 'skipped').map((s) => s.name);
  const failed = steps.find((s) => s.status === 'failed')?.name;
  const notRun = steps.filter((s) => s.status === 'not-run').map((s) => s.name);
  err.message = `${err.message}\n\nSteps completed: ${done.length === 0 ? 'none' : done.join(', ')}. Failed: ${failed ?? 'none'}. Not run: ${notRun.length === 0 ? 'none' : notRun.join(', ')}. Nothing after the failed step was done; run the command again once fixed: finished steps are skipped.`;
  return err;
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
