/**
 * `sf jwt app rotate`: a new certificate for an existing app without an outage. Reads the app (an External Client
 * App's global OAuth settings, or the Connected App), makes a new key pair beside the old key as `keygen` writes one
 * (or takes `--cert-file` with its key), deploys the component again with only the certificate changed (a redeploy
 * replaces the component, so every other field is written back as read), then proves a JWT bearer login with the new
 * key; when that login does not succeed within --wait, the old certificate is deployed back. `--dry-run` reads and
 * plans, and changes nothing.
 */
import { dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Org } from '@salesforce/core';
import { Messages } from '@salesforce/core/messages';
import { describeCertificate, ECA_POLICY_SUFFIX, type AppMetadata } from '@sfjwt/jwt-core';
import { assertDeploySucceeded } from '../errors/app-errors.js';
import { commandError } from '../errors/plugin-error.js';
import { PartialResult } from '../errors/partial-result.js';
import { shellWord } from '../text/shell-word.js';
import type { AdminOrg } from '../io/admin-org.js';
import type { AppListCertificate } from '../results/app-list.js';
import type { AppRotateResult, AppRotateStep, AppRotateStepName } from '../results/app-rotate.js';
import { boundedAdminOrg } from './admin-org-bounds.js';
import { componentDeploy, withCertificate } from './app-component.js';
import { failureDetail, mapError, waitExhausted } from './app-create-failure.js';
import type { Progress } from './app-create.js';
import { deployApp } from './app-deploy.js';
import { readConnectedApps, readEcas, recentLogins, type OrgApp } from './app-inventory.js';
import { clock, verifyLogin } from './app-verify.js';
import type { ServiceContext } from './context.js';
import { prepareExchange, type PreparedExchange } from './exchange.js';
import { generateKeyFiles } from './keygen.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@sfjwt/plugin-jwt', 'jwt.app.rotate');

/** How long Salesforce may take to apply a changed app everywhere: the old key is kept this long after the proof. */
export const PROPAGATION_MS = 10 * 60_000;

export interface AppRotateInput {
  readonly name: string;
  /** The integration user to prove the login as; else the latest user of the app in LoginHistory. */
  readonly username: string | undefined;
  /** The key clients hold today: the new pair is written beside it, and the two-key configuration names it. */
  readonly jwtKeyFile: string | undefined;
  /** A certificate the user brings instead of a new pair, with its key. */
  readonly certFile: string | undefined;
  readonly newKeyFile: string | undefined;
  /** Where the new pair goes without --jwt-key-file. */
  readonly outputDir: string;
  /** The new certificate's validity. */
  readonly days: number;
  readonly force: boolean;
  readonly dryRun: boolean;
  readonly waitMs: number;
  readonly timeoutSeconds?: number | undefined;
}

export interface AppRotateDeps {
  readonly org: AdminOrg;
  readonly context: ServiceContext;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly progress?: Progress;
  /** Epoch ms by which the restore must be done (the transport's deadline); default the wait plus a minute. */
  readonly restoreDeadline?: number;
}

interface Run {
  readonly input: AppRotateInput;
  readonly deps: Required<Omit<AppRotateDeps, 'restoreDeadline'>>;
  readonly waitDeadline: number;
  readonly restoreDeadline: number;
  readonly result: AppRotateResult;
  app?: OrgApp;
  prepared?: PreparedExchange;
  newCertificatePem?: string;
  /** The app's certificate as read, saved beside the new pair: what the repair command after a Ctrl-C deploys. */
  oldCertificateFile?: string;
  /** Withdraws the interruption's repair line (the window between the deploy and its proof is closed). */
  withdrawExplanation?: () => void;
}

const silent: Progress = { start: () => undefined, status: () => undefined, stop: () => undefined };

function rotateError(key: string, code: `ERR_${string}`, tokens: readonly string[] = []): Error {
  return commandError(messages, key, code, tokens);
}

function fact<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`app rotate: ${what} is not known yet`);
  return value;
}

/** The app by name: an External Client App (its global OAuth settings under either naming), else a Connected App. */
async function findApp(org: AdminOrg, name: string): Promise<OrgApp | undefined> {
  const ecas = await readEcas(org, [name, `${name}_glbloauth`], [`${name}${ECA_POLICY_SUFFIX}`, `${name}_oauthPlcy`]);
  const eca = ecas.find((a) => a.record !== undefined);
  if (eca !== undefined) return eca;
  return (await readConnectedApps(org, [name])).find((a) => a.record !== undefined);
}

function certificateFacts(pem: string, now: () => number): AppListCertificate {
  const d = describeCertificate(pem, { now });
  return {
    subject: d.subjectString,
    sha256Fingerprint: d.sha256Fingerprint,
    notAfter: d.notAfter,
    daysLeft: d.daysLeft,
  };
}

/** The old certificate's facts, or null when they cannot be read (the rotation replaces it either way). */
function certificateFactsOrNull(pem: string, now: () => number): AppListCertificate | null {
  try {
    return certificateFacts(pem, now);
  } catch {
    return null;
  }
}

/** The app, its certificate (needed to put it back) and consumer key, and the user to prove the login as. */
async function read(run: Run): Promise<string> {
  const { org, context, progress } = run.deps;
  const { name } = run.input;
  progress.start(`Rotating the certificate of ${name}`);
  progress.status(`reading the app ${name}`);
  const app = await findApp(org, name);
  if (app === undefined) throw rotateError('AppNotFound', 'ERR_APP_NOT_FOUND', [name]);
  if (app.certificatePem === undefined)
    throw rotateError('CertificateUnreadable', 'ERR_APP_ROTATE_CERTIFICATE_UNREADABLE', [
      name,
      app.unknownReason ?? '',
    ]);
  if (app.consumerKey === undefined)
    throw rotateError('ConsumerKeyUnreadable', 'ERR_APP_CONSUMER_KEY_UNREADABLE', [name]);
  const username = run.input.username ?? (await recentLogins(org, [name]))?.get(name)?.usernames[0];
  if (username === undefined) throw rotateError('UsernameRequired', 'ERR_APP_ROTATE_USERNAME_REQUIRED', [name]);
  run.app = app;
  Object.assign(run.result, {
    type: app.type,
    consumerKey: app.consumerKey,
    username,
    oldCertificate: certificateFactsOrNull(app.certificatePem, context.now),
  });
  return `${app.type === 'connected-app' ? 'Connected App' : 'External Client App'} ${name}: the login will be proven as ${username}`;
}

/** The files a rotation writes: the new pair and the old certificate it replaces. */
const pairFiles = (dir: string, name: string): string[] =>
  ['.key', '.crt', '.old.crt'].map((ext) => join(dir, `${name}${ext}`));

/**
 * Base name of a new pair: the app and today's date, so it does not collide with the pair it replaces; a second
 * rotation the same day takes `-2`, `-3`, … (nothing is overwritten without --force, which keeps the plain name).
 */
async function pairName(dir: string, appName: string, now: number, force: boolean): Promise<string> {
  const base = `${appName}-${new Date(now).toISOString().slice(0, 10)}`;
  if (force) return base;
  const { checkTargets } = await import('../io/crash-safe-write.js');
  for (let n = 1; n < 10; n += 1) {
    const name = n === 1 ? base : `${base}-${n}`;
    try {
      await checkTargets(pairFiles(dir, name), { force: false, within: dir });
      return name;
    } catch (err) {
      if ((err as { name?: unknown }).name !== 'ERR_FILE_EXISTS') throw err;
    }
  }
  // Ten pairs today: keygen's own check names the existing files.
  return base;
}

/** A new pair written as keygen writes one (or the certificate brought with its key), checked to match. */
async function keyPair(run: Run): Promise<string> {
  const { input } = run;
  const { context } = run.deps;
  // Beside the key clients use today; else beside the certificate brought; else --output-dir.
  const dir = dirname(input.jwtKeyFile ?? input.certFile ?? join(input.outputDir, '-'));
  const name = await pairName(dir, input.name, context.now(), input.force);
  if (input.dryRun)
    return input.certFile === undefined
      ? `would write ${name}.key, ${name}.crt and ${name}.old.crt (the certificate it replaces) in ${dir}`
      : `would use ${input.certFile} and its key ${input.newKeyFile ?? ''}, and write ${name}.old.crt (the certificate it replaces) in ${dir}`;
  let keyFile = input.newKeyFile;
  let certFile = input.certFile;
  if (certFile === undefined) {
    const written = await generateKeyFiles(
      {
        outputDir: dir,
        name,
        bits: 2048,
        days: input.days,
        commonName: input.name,
        subject: {},
        csr: false,
        encrypt: false,
        force: input.force,
      },
      context,
    );
    keyFile = written.keyFile;
    certFile = written.certificateFile;
  }
  const prepared = await prepareExchange(
    {
      clientId: fact(run.result.consumerKey ?? undefined, 'the consumer key'),
      username: fact(run.result.username ?? undefined, 'the user'),
      jwtKeyFiles: keyFile === undefined ? [] : [keyFile],
      instanceUrl: run.deps.org.instanceUrl,
      audience: undefined,
      certFile,
    },
    context.secrets,
    context.now,
  );
  if (prepared.certificate?.matchesKey !== true)
    throw rotateError('KeyCertificateMismatch', 'ERR_APP_KEY_CERT_MISMATCH', [certFile]);
  const { readInputFile } = await import('../io/bounded-read.js');
  run.newCertificatePem = Buffer.from((await readInputFile(certFile)).bytes).toString('utf8');
  run.prepared = prepared;
  run.result.newKeyFile = keyFile ?? null;
  run.result.newCertificateFile = certFile;
  run.result.newCertificate = certificateFacts(run.newCertificatePem, context.now);
  run.oldCertificateFile = await saveOldCertificate(run, dir, name);
  const saved = `; saved the old certificate as ${run.oldCertificateFile}`;
  return input.certFile === undefined
    ? `wrote ${keyFile ?? ''} and ${certFile}${saved}`
    : `${certFile} matches ${keyFile ?? 'SFJWT_KEY'}${saved}`;
}

/** The app's certificate as read, written beside the new pair (a public certificate: 0644, never over a file). */
async function saveOldCertificate(run: Run, dir: string, name: string): Promise<string> {
  const { writeFilesAtomically } = await import('../io/crash-safe-write.js');
  const [, , path] = pairFiles(dir, name);
  const [written = ''] = await writeFilesAtomically(
    [{ path: fact(path, 'the path'), content: fact(run.app?.certificatePem, 'the old certificate'), mode: 0o644 }],
    { force: run.input.force, within: dir, warn: run.deps.context.warn },
  );
  return written;
}

/**
 * From the deploy until a login proves the new key (or the old certificate is back), a Ctrl-C would leave the app
 * with a certificate nothing has proven: the interruption's one line then says so and gives the command that puts
 * the old certificate back (the saved copy, proven with the old key).
 */
function explainInterruptedDeploy(run: Run): () => void {
  const oldKey = run.input.jwtKeyFile === undefined ? 'OLD_KEY_FILE' : shellWord(run.input.jwtKeyFile);
  const repair = [
    `sf jwt app rotate --target-org ${shellWord(run.deps.org.username)} --name ${shellWord(run.input.name)}`,
    `--username ${shellWord(run.result.username ?? '')}`,
    `--cert-file ${shellWord(fact(run.oldCertificateFile, 'the saved certificate'))} --new-key-file ${oldKey}`,
  ].join(' ');
  const explain = run.deps.context.explainInterrupt ?? (() => () => undefined);
  return explain(
    `the new certificate of ${run.input.name} may be deployed and no login has proven it yet: clients holding only the old key may fail. To put the old certificate back: ${repair}`,
  );
}

/** Deploys the app's component as read, with `certificatePem`; the deploy's id. */
async function deployCertificate(run: Run, certificatePem: string, deadline: number): Promise<string> {
  const app = fact(run.app, 'the app');
  const { org, context, sleep, progress } = run.deps;
  const deployable: AppMetadata = componentDeploy(
    app.component.type,
    app.component.fullName,
    withCertificate(app.component.type, fact(app.record, 'the record'), certificatePem),
    { kind: app.type, name: app.name, consumerKey: fact(app.consumerKey, 'the consumer key') },
  );
  const status = await deployApp(org, deployable, {
    now: context.now,
    sleep,
    deadline,
    progress: (text) => progress.status(text),
  });
  assertDeploySucceeded(status);
  return status.id;
}

async function deploy(run: Run): Promise<string> {
  if (run.input.dryRun)
    return `would deploy ${fact(run.app, 'the app').component.type} ${run.app?.component.fullName ?? ''} with the new certificate, every other field as read`;
  run.deps.progress.status('deploying the new certificate');
  run.withdrawExplanation = explainInterruptedDeploy(run);
  const id = await deployCertificate(run, fact(run.newCertificatePem, 'the new certificate'), run.waitDeadline);
  return `deployed the new certificate (deploy ${id}); every other field as read`;
}

/** A real JWT login with the new key, retried until Salesforce applies the certificate or the wait ends. */
async function verify(run: Run): Promise<string> {
  if (run.input.dryRun) return `would log in as ${run.result.username ?? ''} with the new key`;
  const { context, sleep, progress } = run.deps;
  progress.status(`logging in as ${run.result.username ?? ''} with the new key`);
  const verified = await verifyLogin(fact(run.prepared, 'the new key'), {
    env: context.env,
    now: context.now,
    sleep,
    deadline: run.waitDeadline,
    progress: (text) => progress.status(`waiting for Salesforce to apply the certificate: ${text}`),
  });
  if (!verified.ok) throw waitExhausted(verified.last, verified.attempts.length, verified.waitedMs);
  run.result.dropOldKeyAfter = new Date(context.now() + PROPAGATION_MS).toISOString();
  run.result.clientFlags = clientFlags(run);
  const n = verified.attempts.length;
  return `${run.result.username ?? ''} logged in with the new key (${n} ${n === 1 ? 'attempt' : 'attempts'}, waited ${clock(verified.waitedMs)})`;
}

function clientFlags(run: Run): string {
  const newKey = run.result.newKeyFile === null ? 'NEW_KEY_FILE' : shellWord(run.result.newKeyFile);
  const oldKey = run.input.jwtKeyFile === undefined ? 'OLD_KEY_FILE' : shellWord(run.input.jwtKeyFile);
  return `--jwt-key-file ${newKey} --jwt-key-file ${oldKey}`;
}

/** Puts the app's old certificate back (as read); the restore's own failure is the error then. */
async function restore(run: Run, cause: Error, steps: AppRotateStep[]): Promise<never> {
  const step = steps.find((s) => s.name === 'restore') as AppRotateStep;
  run.deps.progress.status('the new login failed: deploying the old certificate back');
  try {
    const id = await deployCertificate(run, fact(run.app?.certificatePem, 'the old certificate'), run.restoreDeadline);
    Object.assign(step, { status: 'done', detail: `deployed the old certificate back (deploy ${id})` });
    run.result.restored = true;
  } catch (err) {
    Object.assign(step, { status: 'failed', detail: failureDetail(err) });
    run.deps.progress.stop('failed');
    const fingerprint = run.result.oldCertificate?.sha256Fingerprint ?? '';
    throw new PartialResult(
      rotateError('RestoreFailed', 'ERR_APP_ROTATE_RESTORE_FAILED', [run.input.name, fingerprint, failureDetail(err)]),
      run.result,
    );
  }
  run.deps.progress.stop('failed; the old certificate is back');
  const error = rotateError('VerifyFailed', 'ERR_APP_ROTATE_VERIFY_FAILED', [run.input.name, cause.message]);
  throw new PartialResult(error, run.result);
}

const STEPS: ReadonlyArray<{ readonly name: AppRotateStepName; readonly run: (run: Run) => Promise<string> }> = [
  { name: 'read', run: read },
  { name: 'key-pair', run: keyPair },
  { name: 'deploy', run: deploy },
  { name: 'verify', run: verify },
];

/** The step's name in app create's terms, for its error mapping (the org's refusals, the transport's failures). */
const CREATE_STEP = {
  read: 'lookup',
  'key-pair': 'inputs',
  deploy: 'deploy',
  verify: 'verify',
  restore: 'deploy',
} as const;

export async function rotateApp(input: AppRotateInput, deps: AppRotateDeps): Promise<AppRotateResult> {
  const now = deps.context.now();
  const steps: AppRotateStep[] = [...STEPS.map((s) => s.name), 'restore' as const].map((name) => ({
    name,
    status: 'not-run',
    detail: '',
  }));
  const run: Run = {
    input,
    deps: {
      org: deps.org,
      context: deps.context,
      sleep: deps.sleep ?? ((ms) => delay(ms)),
      progress: deps.progress ?? silent,
    },
    waitDeadline: now + input.waitMs,
    restoreDeadline: deps.restoreDeadline ?? now + input.waitMs + 60_000,
    result: {
      name: input.name,
      type: null,
      consumerKey: null,
      username: null,
      dryRun: input.dryRun,
      oldCertificate: null,
      newCertificate: null,
      newKeyFile: null,
      newCertificateFile: null,
      steps,
      restored: false,
      clientFlags: null,
      dropOldKeyAfter: null,
    },
  };
  try {
    await runSteps(run, steps);
  } finally {
    run.withdrawExplanation?.();
  }
  Object.assign(steps[4] as AppRotateStep, { status: 'skipped', detail: 'not needed' });
  run.deps.progress.stop(input.dryRun ? 'planned; nothing changed' : 'done');
  return run.result;
}

/** The steps in order; a failed verify puts the old certificate back. */
async function runSteps(run: Run, steps: AppRotateStep[]): Promise<void> {
  const { dryRun } = run.input;
  for (const [index, step] of STEPS.entries()) {
    const record = steps[index] as AppRotateStep;
    try {
      const detail = await step.run(run);
      Object.assign(record, { status: dryRun && step.name !== 'read' ? 'skipped' : 'done', detail });
    } catch (err) {
      Object.assign(record, { status: 'failed', detail: failureDetail(err) });
      const error = err instanceof Error && 'exitCode' in err ? err : mapError(err, CREATE_STEP[step.name]);
      // The new certificate is deployed but the new key did not log in: the old one goes back before the command ends.
      if (step.name === 'verify' && !dryRun) return restore(run, error, steps);
      run.deps.progress.stop('failed');
      throw new PartialResult(error, run.result);
    }
  }
}

/** {@link rotateApp} in the `--target-org` org: one deadline for every call (the wait, the restore, the calls). */
export async function rotateAppInOrg(
  org: Org,
  input: AppRotateInput,
  context: ServiceContext,
  progress: Progress,
): Promise<AppRotateResult> {
  // After the wait: time for the restore deploy and its polls, and the calls around it.
  const { admin, deadline } = await boundedAdminOrg(org, context, {
    timeoutSeconds: input.timeoutSeconds,
    waitMs: input.waitMs,
    calls: 4,
  });
  return rotateApp(input, { org: admin, context, progress, restoreDeadline: deadline });
}
