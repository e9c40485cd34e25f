/**
 * `sf jwt app list`: every app of the admin org that can take a JWT bearer login, with its certificate's subject,
 * fingerprint and expiry, who is pre-authorized, and the last successful login through it. Names come from
 * listMetadata (the ECAs' global OAuth settings and policies, the Connected Apps), records from readMetadata, logins
 * from LoginHistory, all through the bounded admin-org transport. With `--expiring-within`, apps whose certificate
 * has expired or expires within the window end the command with {@link EXPIRING_EXIT_CODE}, naming each app and the
 * command that rotates it.
 */
import type { Org } from '@salesforce/core';
import { Messages } from '@salesforce/core/messages';
import { describeCertificate } from '@sfjwt/jwt-core';
import { exitCodes } from '../errors/exit-codes.js';
import { commandError } from '../errors/plugin-error.js';
import { PartialResult } from '../errors/partial-result.js';
import type { AdminOrg, ListedComponent } from '../io/admin-org.js';
import { boundedAdminOrg } from './admin-org-bounds.js';
import { mapError } from './app-create-failure.js';
import type {
  AppCertificateStatus,
  AppKind,
  AppListCertificate,
  AppListResult,
  AppListRow,
} from '../results/app-list.js';
import {
  CONNECTED_APP_TYPE,
  ECA_GLOBAL_TYPE,
  ECA_POLICIES_TYPE,
  readConnectedApps,
  readEcas,
  recentLogins,
  refusal,
  type OrgApp,
} from './app-inventory.js';
import type { ServiceContext } from './context.js';
import { shellWord } from '../text/shell-word.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@sfjwt/plugin-jwt', 'jwt.app.list');

/** The exit code of `--expiring-within` when an app's certificate has expired or expires within the window. */
export const EXPIRING_EXIT_CODE = exitCodes.expiring;

/** The whole list is bounded by this many call timeouts (two lists, the reads, LoginHistory and users). */
const LIST_DEADLINE_CALLS = 4;

/** Without `--expiring-within`, rows within this many days are marked `expiring`. */
const DEFAULT_WINDOW_MS = 30 * 86_400_000;

export interface AppListInput {
  /** `--expiring-within` in ms, undefined without the flag. */
  readonly expiringWithinMs: number | undefined;
  /** How `--target-org` is written in the rotation command we print (the alias or username the user gave). */
  readonly targetOrg: string;
  readonly timeoutSeconds?: number | undefined;
}

/** The consumer key in part: enough to tell apps apart, not enough to be one. */
export function partialKey(key: string | undefined): string | null {
  if (key === undefined) return null;
  return key.length <= 12 ? `${key.slice(0, 4)}…` : `${key.slice(0, 8)}…${key.slice(-4)}`;
}

export function rotateCommand(targetOrg: string, name: string): string {
  return `sf jwt app rotate --target-org ${shellWord(targetOrg)} --name ${shellWord(name)}`;
}

/** Names listMetadata gave of one kind, or why the org refused to list it. */
async function listKind(
  org: AdminOrg,
  types: readonly string[],
): Promise<{ listed: readonly ListedComponent[] } | { refused: string }> {
  const answer = await refusal(org.listMetadata(types));
  return 'refused' in answer ? answer : { listed: answer.value };
}

const namesOf = (listed: readonly ListedComponent[], type: string) =>
  [...new Set(listed.filter((c) => c.type === type).map((c) => c.fullName))].sort();

/** Every JWT-capable app the org lets the admin list, with the kinds it refused to list. */
async function readApps(org: AdminOrg): Promise<{ apps: OrgApp[]; unlisted: AppListResult['unlisted'] }> {
  const unlisted: AppListResult['unlisted'] = [];
  const apps: OrgApp[] = [];
  const ecas = await listKind(org, [ECA_GLOBAL_TYPE, ECA_POLICIES_TYPE]);
  if ('refused' in ecas) unlisted.push({ type: 'external-client-app', reason: ecas.refused });
  else
    apps.push(...(await readEcas(org, namesOf(ecas.listed, ECA_GLOBAL_TYPE), namesOf(ecas.listed, ECA_POLICIES_TYPE))));
  const connected = await listKind(org, [CONNECTED_APP_TYPE]);
  if ('refused' in connected) unlisted.push({ type: 'connected-app', reason: connected.refused });
  else apps.push(...(await readConnectedApps(org, namesOf(connected.listed, CONNECTED_APP_TYPE))));
  return { apps, unlisted };
}

/** The certificate's facts, or why they are unknown (a PEM that does not parse is the org's garble, not ours). */
function describe(app: OrgApp, now: () => number): { certificate: AppListCertificate | null; reason: string | null } {
  if (app.certificatePem === undefined) return { certificate: null, reason: app.unknownReason ?? 'no certificate' };
  try {
    const d = describeCertificate(app.certificatePem, { now });
    return {
      certificate: {
        subject: d.subjectString,
        sha256Fingerprint: d.sha256Fingerprint,
        notAfter: d.notAfter,
        daysLeft: d.daysLeft,
      },
      reason: null,
    };
  } catch {
    return { certificate: null, reason: 'the org returned a certificate that is not a readable X.509 certificate' };
  }
}

function statusOf(certificate: AppListCertificate | null, now: number, windowMs: number): AppCertificateStatus {
  if (certificate === null) return 'unknown';
  const notAfter = Date.parse(certificate.notAfter);
  if (notAfter <= now) return 'expired';
  return notAfter - now <= windowMs ? 'expiring' : 'valid';
}

/** Soonest expiry first; unknown rows last; ties by kind and name. */
function byExpiry(a: AppListRow, b: AppListRow): number {
  const at = (row: AppListRow) => (row.certificate === null ? Infinity : Date.parse(row.certificate.notAfter));
  return at(a) - at(b) || a.type.localeCompare(b.type) || a.name.localeCompare(b.name);
}

export async function listApps(org: AdminOrg, input: AppListInput, context: ServiceContext): Promise<AppListResult> {
  const { apps, unlisted } = await readApps(org);
  const logins = await recentLogins(org, [...new Set(apps.map((a) => a.name))]);
  const now = context.now();
  const windowMs = input.expiringWithinMs ?? DEFAULT_WINDOW_MS;
  const rows: AppListRow[] = [];
  for (const app of apps) {
    const { certificate, reason } = describe(app, context.now);
    const login = logins?.get(app.name);
    rows.push({
      name: app.name,
      type: app.type,
      consumerKey: partialKey(app.consumerKey),
      certificate,
      status: statusOf(certificate, now, windowMs),
      unknownReason: reason,
      preAuthorized: app.preAuthorized,
      lastLogin: login === undefined ? null : { at: login.at, usernames: login.usernames },
      rotateCommand: rotateCommand(input.targetOrg, app.name),
    });
  }
  rows.sort(byExpiry);
  const expiring =
    input.expiringWithinMs === undefined ? [] : rows.filter((r) => r.status === 'expired' || r.status === 'expiring');
  const result: AppListResult = {
    org: org.username,
    apps: rows,
    expiringWithinDays: input.expiringWithinMs === undefined ? null : input.expiringWithinMs / 86_400_000,
    expiring: expiring.map((r) => r.name),
    loginHistory: logins === undefined ? 'unavailable' : 'read',
    unlisted,
  };
  if (expiring.length > 0) throw new PartialResult(expiringError(expiring), result);
  return result;
}

/** The error of `--expiring-within`: each app, when it expires, and the command that rotates it. */
function expiringError(rows: readonly AppListRow[]): Error {
  const lines = rows.map(
    (r) =>
      '  - ' +
      messages.getMessage(r.status === 'expired' ? 'error.Expiring.expired' : 'error.Expiring.expiring', [
        r.name,
        kindWord(r.type),
        r.certificate?.notAfter ?? '',
        String(Math.abs(r.certificate?.daysLeft ?? 0)),
        r.rotateCommand,
      ]),
  );
  const error = commandError(messages, 'Expiring', 'ERR_APP_CERTIFICATES_EXPIRING', [
    String(rows.length),
    lines.join('\n'),
  ]);
  error.exitCode = EXPIRING_EXIT_CODE;
  return error;
}

export function kindWord(type: AppKind): string {
  return type === 'connected-app' ? 'Connected App' : 'External Client App';
}

/** {@link listApps} in the `--target-org` org, through the bounded admin-org transport (one deadline: --timeout × 4). */
export async function listAppsInOrg(org: Org, input: AppListInput, context: ServiceContext): Promise<AppListResult> {
  const { admin } = await boundedAdminOrg(org, context, {
    timeoutSeconds: input.timeoutSeconds,
    waitMs: 0,
    calls: LIST_DEADLINE_CALLS,
  });
  try {
    return await listApps(admin, input, context);
  } catch (err) {
    // The org's refusals and the transport's failures, told apart as app create tells them.
    throw err instanceof PartialResult ? err : mapError(err, 'lookup');
  }
}
