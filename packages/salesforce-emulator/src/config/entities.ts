// Readers for orgs, apps and users: shape, formats and defaults. Cross-references are checked in validate.ts.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { App, Org, PermissionSet, User } from './model.js';
import type { AppPolicy, SObjectRecord } from './types.js';
import { describe, join, type Reader } from './reader.js';
import { certificatePublicKey } from './certificate.js';
import { derivedId, idProblem } from '../ids.js';

const ORG_KEYS = [
  'id',
  'name',
  'type',
  'myDomain',
  'instanceUrl',
  'isDevHub',
  'govCloud',
  'edition',
  'instanceName',
  'namespacePrefix',
  'trialExpirationDate',
  'sessionTimeoutMinutes',
  'records',
  'permissionSets',
  'externalClientApps',
  'oauthSecretsViaMetadataApi',
  'secretsSettingBlocksDeploy',
  'connectedAppCreation',
  'ecaGenericHosts',
  'certificatesViaMetadataApi',
] as const;
const APP_KEYS = [
  'name',
  'consumerKey',
  'consumerSecret',
  'certificate',
  'certificateFile',
  'type',
  'org',
  'policy',
  'callbackUrl',
  'scopes',
  'pkceRequired',
  'secretRequired',
  'ipRelaxation',
  'namespace',
] as const;
const USER_KEYS = [
  'username',
  'userId',
  'org',
  'profile',
  'permissionSets',
  'active',
  'frozen',
  'ipRestricted',
  'approvals',
  'displayName',
  'email',
  'canDeployMetadata',
  'canManageExternalClientApps',
  'canAssignPermissionSets',
] as const;
const API_NAME = /^[A-Za-z](?:_?[A-Za-z0-9])*$/;
const HOST_NAME = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;
const DAY_MS = 86_400_000;

export function readOrg(r: Reader, value: unknown, path: string, now: number): Org | undefined {
  const o = r.object(value, path, ORG_KEYS);
  if (o === undefined) return undefined;
  const id = r.string(o, 'id', path, true);
  if (id !== undefined) {
    const problem = idProblem(id, '00D');
    if (problem !== undefined) r.fail(join(path, 'id'), problem);
  }
  const type =
    o.type === undefined
      ? r.fail(join(path, 'type'), 'is required (production, sandbox or scratch)')
      : r.oneOf(o, 'type', path, ['production', 'sandbox', 'scratch'] as const);
  const myDomain = r.string(o, 'myDomain', path);
  if (myDomain !== undefined && !HOST_NAME.test(myDomain)) {
    r.fail(
      join(path, 'myDomain'),
      `must be a lower-case host name without scheme or path, e.g. "acme.my.salesforce.com" (got ${describe(myDomain)})`,
    );
  }
  if (myDomain === 'login.salesforce.com' || myDomain === 'test.salesforce.com') {
    r.fail(join(path, 'myDomain'), "must be the org's own domain, not a generic login host");
  }
  const instanceUrl = r.string(o, 'instanceUrl', path);
  if (instanceUrl !== undefined && !isHttpUrl(instanceUrl))
    r.fail(join(path, 'instanceUrl'), `must be an http(s) URL (got ${describe(instanceUrl)})`);
  const namespacePrefix = o.namespacePrefix === null ? null : (r.string(o, 'namespacePrefix', path) ?? null);
  const trial = o.trialExpirationDate === null ? null : r.string(o, 'trialExpirationDate', path);
  if (typeof trial === 'string' && Number.isNaN(Date.parse(trial)))
    r.fail(join(path, 'trialExpirationDate'), 'must be an ISO date-time');
  const records = readRecords(r, o.records, join(path, 'records'));
  const permissionSets =
    id === undefined ? [] : readPermissionSets(r, o.permissionSets, join(path, 'permissionSets'), id);
  if (id === undefined || type === undefined) return undefined;
  return {
    id,
    id15: id.slice(0, 15),
    name: r.string(o, 'name', path) ?? 'Emulated Org',
    type,
    myDomain,
    instanceUrl: instanceUrl?.replace(/\/+$/, ''),
    isDevHub: r.boolean(o, 'isDevHub', path) ?? false,
    govCloud: r.boolean(o, 'govCloud', path) ?? false,
    edition: r.string(o, 'edition', path) ?? (type === 'sandbox' ? 'Enterprise Edition' : 'Developer Edition'),
    instanceName: r.string(o, 'instanceName', path) ?? 'EMU1',
    namespacePrefix,
    trialExpirationDate:
      trial !== undefined
        ? trial
        : type === 'scratch'
          ? new Date(now + 7 * DAY_MS).toISOString().replace('Z', '+0000')
          : null,
    sessionTimeoutMinutes: r.number(o, 'sessionTimeoutMinutes', path, 1, 60 * 24) ?? 120,
    records: records ?? {},
    permissionSets,
    externalClientApps: r.boolean(o, 'externalClientApps', path) ?? true,
    oauthSecretsViaMetadataApi: r.boolean(o, 'oauthSecretsViaMetadataApi', path) ?? true,
    secretsSettingBlocksDeploy: r.boolean(o, 'secretsSettingBlocksDeploy', path) ?? false,
    connectedAppCreation: r.boolean(o, 'connectedAppCreation', path) ?? false,
    ecaGenericHosts: r.boolean(o, 'ecaGenericHosts', path) ?? false,
    certificatesViaMetadataApi: r.boolean(o, 'certificatesViaMetadataApi', path) ?? true,
  };
}

function readPermissionSets(r: Reader, value: unknown, path: string, orgId: string): PermissionSet[] {
  if (value === undefined) return [];
  const out: PermissionSet[] = [];
  r.array(value, path)?.forEach((item, i) => {
    const at = `${path}[${i}]`;
    const o = r.object(item, at, ['name', 'label', 'license']);
    if (o === undefined) return;
    const name = r.string(o, 'name', at, true);
    if (name === undefined) return;
    if (!API_NAME.test(name))
      return void r.fail(
        join(at, 'name'),
        `must be an API name (letters, digits, single underscores; got ${describe(name)})`,
      );
    if (out.some((p) => p.name === name))
      return void r.fail(join(at, 'name'), `duplicates another permission set "${name}"`);
    out.push(permissionSet(orgId, name, r.string(o, 'label', at) ?? name, r.string(o, 'license', at) ?? null));
  });
  return out;
}

/** A permission set record with its stable id. */
export function permissionSet(orgId: string, name: string, label: string, license: string | null): PermissionSet {
  return { id: derivedId('0PS', `${orgId}/PermissionSet/${name}`), name, label, license };
}

function readRecords(r: Reader, value: unknown, path: string): Record<string, SObjectRecord[]> | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return r.fail(path, 'must be an object of sObject type → records');
  const out: Record<string, SObjectRecord[]> = {};
  for (const [type, list] of Object.entries(value as Record<string, unknown>)) {
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(type)) r.fail(join(path, type), 'is not an sObject API name');
    const records = r.array(list, join(path, type));
    if (records === undefined) continue;
    out[type] = [];
    records.forEach((rec, i) => {
      const recPath = `${join(path, type)}[${i}]`;
      if (typeof rec !== 'object' || rec === null || Array.isArray(rec))
        return void r.fail(recPath, 'must be an object of field → value');
      for (const [field, v] of Object.entries(rec as Record<string, unknown>)) {
        if (v !== null && !['string', 'number', 'boolean'].includes(typeof v))
          r.fail(join(recPath, field), 'must be a string, number, boolean or null');
      }
      out[type]?.push(rec as SObjectRecord);
    });
  }
  return out;
}

export function readApp(r: Reader, value: unknown, path: string, baseDir: string): App | undefined {
  const o = r.object(value, path, APP_KEYS);
  if (o === undefined) return undefined;
  const consumerKey = r.string(o, 'consumerKey', path, true);
  if (consumerKey !== undefined && !/^[\x21-\x7e]+$/.test(consumerKey))
    r.fail(join(path, 'consumerKey'), 'must be printable ASCII without spaces');
  const type =
    o.type === undefined
      ? r.fail(join(path, 'type'), 'is required ("connected-app" or "external-client-app")')
      : r.oneOf(o, 'type', path, ['connected-app', 'external-client-app'] as const);
  const org = r.string(o, 'org', path, true);
  const policy = readPolicy(r, o.policy, join(path, 'policy'));
  const pem = readCertificatePem(r, o, path, baseDir);
  const cert = pem === undefined ? undefined : certificatePublicKey(pem);
  if (cert !== undefined && !cert.ok)
    r.fail(join(path, o.certificate !== undefined ? 'certificate' : 'certificateFile'), cert.reason);
  const callbackUrl = r.string(o, 'callbackUrl', path) ?? 'http://localhost:1717/OauthRedirect';
  if (!isUrl(callbackUrl)) r.fail(join(path, 'callbackUrl'), `must be an absolute URL (got ${describe(callbackUrl)})`);
  const scopes = r.stringList(o, 'scopes', path) ?? ['api', 'web', 'refresh_token'];
  if (
    consumerKey === undefined ||
    type === undefined ||
    org === undefined ||
    policy === undefined ||
    pem === undefined ||
    cert === undefined ||
    !cert.ok
  ) {
    return undefined;
  }
  return {
    name: r.string(o, 'name', path) ?? consumerKey.slice(0, 12),
    consumerKey,
    consumerSecret: r.string(o, 'consumerSecret', path) ?? randomBytes(32).toString('hex').toUpperCase(),
    certificatePem: pem,
    publicKey: cert.publicKey,
    type,
    org,
    policy,
    callbackUrl,
    scopes,
    pkceRequired: r.boolean(o, 'pkceRequired', path) ?? type === 'external-client-app',
    secretRequired: r.boolean(o, 'secretRequired', path) ?? true,
    ipRelaxation: r.oneOf(o, 'ipRelaxation', path, ['enforce', 'bypass'] as const) ?? 'enforce',
    namespace: r.string(o, 'namespace', path) ?? null,
  };
}

function readCertificatePem(r: Reader, o: Record<string, unknown>, path: string, baseDir: string): string | undefined {
  if ((o.certificate === undefined) === (o.certificateFile === undefined)) {
    return r.fail(
      join(path, 'certificate'),
      'give exactly one of "certificate" (PEM text) or "certificateFile" (path)',
    );
  }
  const inline = r.string(o, 'certificate', path);
  if (inline !== undefined) return inline;
  const file = r.string(o, 'certificateFile', path);
  if (file === undefined) return undefined;
  try {
    return readFileSync(resolve(baseDir, file), 'utf8');
  } catch (error) {
    return r.fail(join(path, 'certificateFile'), `cannot be read: ${(error as Error).message}`);
  }
}

function readPolicy(r: Reader, value: unknown, path: string): AppPolicy | undefined {
  const o = r.object(value, path, ['type', 'profiles', 'permissionSets']);
  if (o === undefined) return undefined;
  const type =
    o.type === undefined
      ? r.fail(join(path, 'type'), 'is required ("admin-approved" or "self-authorize")')
      : r.oneOf(o, 'type', path, ['admin-approved', 'self-authorize'] as const);
  if (type === 'self-authorize') {
    if (o.profiles !== undefined || o.permissionSets !== undefined)
      r.fail(path, 'profiles/permissionSets only apply to "admin-approved"');
    return { type };
  }
  const profiles = r.stringList(o, 'profiles', path) ?? [];
  const permissionSets = r.stringList(o, 'permissionSets', path) ?? [];
  return type === undefined ? undefined : { type, profiles, permissionSets };
}

export function readUser(r: Reader, value: unknown, path: string): User | undefined {
  const o = r.object(value, path, USER_KEYS);
  if (o === undefined) return undefined;
  const username = r.string(o, 'username', path, true);
  if (username !== undefined && !/^[^\s@]+@[^\s@]+$/.test(username))
    r.fail(join(path, 'username'), `must look like an email address (got ${describe(username)})`);
  const userId = r.string(o, 'userId', path, true);
  if (userId !== undefined) {
    const problem = idProblem(userId, '005');
    if (problem !== undefined) r.fail(join(path, 'userId'), problem);
  }
  const org = r.string(o, 'org', path, true);
  const profile = r.string(o, 'profile', path, true);
  if (username === undefined || userId === undefined || org === undefined || profile === undefined) return undefined;
  const local = username.split('@')[0] ?? username;
  const admin = profile === 'System Administrator';
  return {
    username,
    userId,
    org,
    profile,
    permissionSets: r.stringList(o, 'permissionSets', path) ?? [],
    active: r.boolean(o, 'active', path) ?? true,
    frozen: r.boolean(o, 'frozen', path) ?? false,
    ipRestricted: r.boolean(o, 'ipRestricted', path) ?? false,
    approvals: r.stringList(o, 'approvals', path) ?? [],
    displayName: r.string(o, 'displayName', path) ?? local,
    email: r.string(o, 'email', path) ?? username,
    canDeployMetadata: r.boolean(o, 'canDeployMetadata', path) ?? admin,
    canManageExternalClientApps: r.boolean(o, 'canManageExternalClientApps', path) ?? admin,
    canAssignPermissionSets: r.boolean(o, 'canAssignPermissionSets', path) ?? admin,
  };
}

function isUrl(value: string): boolean {
  return URL.canParse(value);
}

function isHttpUrl(value: string): boolean {
  return URL.canParse(value) && /^https?:$/.test(new URL(value).protocol);
}
