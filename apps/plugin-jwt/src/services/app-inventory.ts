/**
 * What `sf jwt app list` and `sf jwt app rotate` read of the org's JWT apps, through the admin-org transport:
 * External Client Apps (their global OAuth settings, which carry the certificate, and their OAuth policies) and
 * Connected Apps (`oauthConfig.certificate`). Every record is data from the org: each field is checked before use,
 * and a record the org refused, withheld or garbled becomes an app with an `unknownReason`, not a failed command.
 */
import { OrgApiError, type AdminOrg } from '../io/admin-org.js';
import type { AppKind, AppPreAuthorization } from '../results/app-list.js';

/** Salesforce's readMetadata limit: ten names per call. */
const READ_BATCH = 10;

export const ECA_GLOBAL_TYPE = 'ExtlClntAppGlobalOauthSettings';
export const ECA_POLICIES_TYPE = 'ExtlClntAppOauthConfigurablePolicies';
export const CONNECTED_APP_TYPE = 'ConnectedApp';

/** One app as the org describes it. */
export interface OrgApp {
  readonly name: string;
  readonly type: AppKind;
  /** The component a rotation redeploys: the ECA's global OAuth settings or the Connected App, as read. */
  readonly component: { readonly type: string; readonly fullName: string };
  /** The record as read (field order kept): the fields a rotation must keep. Undefined when it could not be read. */
  readonly record: Readonly<Record<string, unknown>> | undefined;
  readonly consumerKey: string | undefined;
  readonly certificatePem: string | undefined;
  /** Why the certificate is not known (undefined when it is). */
  readonly unknownReason: string | undefined;
  readonly preAuthorized: AppPreAuthorization;
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

const list = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value]).flatMap((v) => (typeof v === 'string' && v.trim() !== '' ? [v.trim()] : []));

const commaList = (value: unknown): string[] =>
  (text(value) ?? '').split(',').flatMap((s) => (s.trim() ? [s.trim()] : []));

const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

const UNKNOWN_USERS: AppPreAuthorization = { policy: 'unknown', profiles: [], permissionSets: [] };

/** readMetadata of many names, ten a call; each name's record or undefined (nil, or not a record). */
export async function readMany(
  org: AdminOrg,
  type: string,
  names: readonly string[],
): Promise<Map<string, Readonly<Record<string, unknown>> | undefined>> {
  const out = new Map<string, Readonly<Record<string, unknown>> | undefined>();
  for (let at = 0; at < names.length; at += READ_BATCH) {
    const batch = names.slice(at, at + READ_BATCH);
    const records = await org.readMetadata(type, batch);
    batch.forEach((name, index) => out.set(name, records[index]));
  }
  return out;
}

/** The certificate field of a record, or why it is unknown. */
function certificateOf(
  fields: Readonly<Record<string, unknown>> | undefined,
  what: string,
): [string | undefined, string | undefined] {
  if (fields === undefined) return [undefined, `the org did not let the admin read ${what}`];
  const pem = text(fields.certificate);
  if (pem === undefined)
    return [undefined, `the org returned ${what} without a certificate (withheld, or not a JWT app)`];
  return [pem, undefined];
}

/** The ECA name a global OAuth settings component belongs to (its field, else its name less `_glbloauth`). */
function ecaName(fullName: string, fields: Readonly<Record<string, unknown>> | undefined): string {
  return text(fields?.externalClientApplication) ?? fullName.replace(/_glbloauth$/, '');
}

function ecaUsers(policies: Readonly<Record<string, unknown>> | undefined): AppPreAuthorization {
  if (policies === undefined) return UNKNOWN_USERS;
  const type = text(policies.permittedUsersPolicyType);
  return {
    policy:
      type === 'AdminApprovedPreAuthorized'
        ? 'admin-approved'
        : type === 'AllSelfAuthorized'
          ? 'self-authorized'
          : 'unknown',
    profiles: commaList(policies.commaSeparatedProfile),
    permissionSets: commaList(policies.commaSeparatedPermissionSet),
  };
}

/** External Client Apps from their global OAuth settings components (named as listMetadata gave them). */
export async function readEcas(
  org: AdminOrg,
  globalNames: readonly string[],
  policyNames: readonly string[],
): Promise<OrgApp[]> {
  const globals = await readMany(org, ECA_GLOBAL_TYPE, globalNames);
  const policies = await readMany(org, ECA_POLICIES_TYPE, policyNames);
  const policyByApp = new Map<string, Readonly<Record<string, unknown>>>();
  for (const [fullName, fields] of policies)
    if (fields !== undefined)
      policyByApp.set(
        text(fields.externalClientApplication) ?? fullName.replace(/_(oauthPlcy|defaultPolicy)$/, ''),
        fields,
      );
  return [...globals].map(([fullName, fields]) => {
    const name = ecaName(fullName, fields);
    const [certificatePem, unknownReason] = certificateOf(fields, `the global OAuth settings ${fullName}`);
    return {
      name,
      type: 'external-client-app',
      component: { type: ECA_GLOBAL_TYPE, fullName },
      record: fields,
      consumerKey: text(fields?.consumerKey),
      certificatePem,
      unknownReason,
      preAuthorized: ecaUsers(policyByApp.get(name)),
    };
  });
}

/** Connected Apps by name; those without an `oauthConfig` take no JWT login and are left out. */
export async function readConnectedApps(org: AdminOrg, names: readonly string[]): Promise<OrgApp[]> {
  const apps = await readMany(org, CONNECTED_APP_TYPE, names);
  return [...apps].flatMap(([name, fields]): OrgApp[] => {
    const oauth = record(fields?.oauthConfig);
    if (fields !== undefined && oauth === undefined) return [];
    const [certificatePem, unknownReason] = certificateOf(
      oauth ?? (fields === undefined ? undefined : {}),
      `the Connected App ${name}`,
    );
    const approved = text(oauth?.isAdminApproved);
    return [
      {
        name,
        type: 'connected-app',
        component: { type: CONNECTED_APP_TYPE, fullName: name },
        record: fields,
        consumerKey: text(oauth?.consumerKey),
        certificatePem,
        unknownReason,
        preAuthorized:
          fields === undefined
            ? UNKNOWN_USERS
            : {
                policy: approved === 'true' ? 'admin-approved' : 'self-authorized',
                profiles: list(fields.profileName),
                permissionSets: list(fields.permissionSetName),
              },
      },
    ];
  });
}

/** Why the org refused a read, or undefined when it answered (anything else than a refusal is thrown on). */
export async function refusal<T>(read: Promise<T>): Promise<{ value: T } | { refused: string }> {
  try {
    return { value: await read };
  } catch (err) {
    if (err instanceof OrgApiError) return { refused: `${err.errorCode}: ${err.message}` };
    throw err;
  }
}

const SALESFORCE_ID = /^[0-9A-Za-z]{15}([0-9A-Za-z]{3})?$/;

/** The latest successful logins through each app (LoginHistory by application), usernames latest first. */
export async function recentLogins(
  org: AdminOrg,
  appNames: readonly string[],
): Promise<Map<string, { at: string; usernames: string[] }> | undefined> {
  if (appNames.length === 0) return new Map();
  const quoted = appNames.map((n) => `'${n.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`).join(', ');
  const rows = await refusal(
    org.query<{ Application?: unknown; UserId?: unknown; LoginTime?: unknown }>(
      `SELECT Application, UserId, LoginTime FROM LoginHistory WHERE Status = 'Success' AND Application IN (${quoted}) ORDER BY LoginTime DESC LIMIT 2000`,
    ),
  );
  if ('refused' in rows) return undefined;
  const valid = rows.value.flatMap((row) => {
    const app = text(row.Application);
    const userId = text(row.UserId);
    const at = text(row.LoginTime);
    if (app === undefined || userId === undefined || !SALESFORCE_ID.test(userId) || at === undefined) return [];
    const time = Date.parse(at);
    return Number.isNaN(time) ? [] : [{ app, userId, time }];
  });
  const ids = [...new Set(valid.map((r) => r.userId))].slice(0, 200);
  const users =
    ids.length === 0
      ? { value: [] }
      : await refusal(
          org.query<{ Id?: unknown; Username?: unknown }>(
            `SELECT Id, Username FROM User WHERE Id IN (${ids.map((id) => `'${id}'`).join(', ')})`,
          ),
        );
  const usernameOf = new Map(
    ('value' in users ? users.value : []).flatMap((u) => {
      const id = text(u.Id);
      const username = text(u.Username);
      return id === undefined || username === undefined ? [] : [[id, username] as const];
    }),
  );
  const out = new Map<string, { at: string; usernames: string[] }>();
  for (const row of valid.sort((a, b) => b.time - a.time)) {
    const entry = out.get(row.app) ?? { at: new Date(row.time).toISOString(), usernames: [] };
    const username = usernameOf.get(row.userId) ?? row.userId;
    if (!entry.usernames.includes(username) && entry.usernames.length < 5) entry.usernames.push(username);
    out.set(row.app, entry);
  }
  return out;
}
