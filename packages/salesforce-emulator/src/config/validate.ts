// Turns an untyped configuration into the Model, or throws EmulatorConfigError listing every problem.
import type { App, Model, Org, User } from './model.js';
import { Reader, join } from './reader.js';
import { EmulatorConfigError } from './errors.js';
import { permissionSet, readApp, readOrg, readUser } from './entities.js';
import { readFault } from './faults-spec.js';
import type { FaultSpec, RateLimitConfig } from './types.js';

const TOP_KEYS = [
  '$schema',
  'orgs',
  'apps',
  'users',
  'defaultOrg',
  'defaultUser',
  'role',
  'audiencePolicy',
  'faults',
  'rateLimit',
  'apiVersion',
  'clockSkewSeconds',
  'propagationDelaySeconds',
] as const;

export interface ValidateOptions {
  /** Directory `certificateFile` paths are relative to. Default: the current directory. */
  baseDir?: string;
  /** Clock for defaults such as a scratch org's trial expiration. */
  now?: number;
  /** Named in the error message, e.g. the config file path. */
  source?: string;
}

/**
 * Validates a configuration strictly (unknown keys, formats, references) and applies defaults.
 * @throws EmulatorConfigError with every problem found
 */
export function validateConfig(input: unknown, options: ValidateOptions = {}): Model {
  const r = new Reader();
  const top = r.object(input, '', TOP_KEYS);
  if (top === undefined) throw new EmulatorConfigError(r.issues, options.source);
  const now = options.now ?? Date.now();
  const orgs = list(r, top, 'orgs', (v, p) => readOrg(r, v, p, now));
  const apps = list(r, top, 'apps', (v, p) => readApp(r, v, p, options.baseDir ?? process.cwd()));
  const users = list(r, top, 'users', (v, p) => readUser(r, v, p));
  if (Array.isArray(top.orgs) && top.orgs.length === 0) r.fail('orgs', 'must list at least one org');
  const faults: FaultSpec[] = [];
  if (top.faults !== undefined) {
    r.array(top.faults, 'faults')?.forEach((f, i) => {
      const fault = readFault(r, f, `faults[${i}]`);
      if (fault !== undefined) faults.push(fault);
    });
  }
  checkReferences(r, orgs, apps, users, rawIds(top.orgs, 'id'), rawIds(top.apps, 'consumerKey'));
  const defaultOrgId = r.string(top, 'defaultOrg', '');
  const defaultOrg = defaultOrgId === undefined ? orgs[0] : orgs.find((o) => o.id === defaultOrgId);
  if (defaultOrgId !== undefined && defaultOrg === undefined)
    r.fail('defaultOrg', `names no org in "orgs" (got "${defaultOrgId}")`);
  const withoutDomain = orgs.filter((o) => o.myDomain === undefined);
  for (const org of withoutDomain) {
    if (defaultOrg !== undefined && org !== defaultOrg) {
      r.fail(
        `orgs[${orgs.indexOf(org)}].myDomain`,
        'is required for every org but the default one (only the default org may use the emulator URL as its My Domain)',
      );
    }
  }
  const defaultUser = r.string(top, 'defaultUser', '');
  if (defaultUser !== undefined && !users.some((u) => u.username.toLowerCase() === defaultUser.toLowerCase())) {
    r.fail('defaultUser', `names no user in "users" (got "${defaultUser}")`);
  }
  const role = r.oneOf(top, 'role', '', ['mydomain', 'login', 'test'] as const) ?? 'mydomain';
  const audiencePolicy = readAudiencePolicy(r, top.audiencePolicy);
  const rateLimit = readRateLimit(r, top.rateLimit);
  const apiVersion = readApiVersion(r, top);
  const clockSkewSeconds = r.number(top, 'clockSkewSeconds', '', 0, 86_400) ?? 0;
  const propagationDelaySeconds = r.number(top, 'propagationDelaySeconds', '', 0, 86_400) ?? 0;
  if (r.issues.length > 0 || defaultOrg === undefined) {
    throw new EmulatorConfigError(r.issues, options.source);
  }
  addImplicitPermissionSets(orgs, apps, users);
  return {
    orgs,
    apps,
    users,
    defaultOrg,
    defaultUser,
    role,
    audiencePolicy,
    faults,
    rateLimit,
    apiVersion,
    clockSkewSeconds,
    propagationDelaySeconds,
  };
}

function list<T>(
  r: Reader,
  top: Record<string, unknown>,
  key: string,
  read: (v: unknown, path: string) => T | undefined,
): T[] {
  if (top[key] === undefined) {
    r.fail(key, 'is required (an array)');
    return [];
  }
  const items = r.array(top[key], key) ?? [];
  const out: T[] = [];
  items.forEach((v, i) => {
    const item = read(v, `${key}[${i}]`);
    if (item !== undefined) out.push(item);
  });
  return out;
}

/** Ids as written, also of entries that failed validation (so one bad org does not make every reference fail). */
function rawIds(list: unknown, key: string): Set<string> {
  const ids = new Set<string>();
  if (Array.isArray(list)) {
    for (const item of list) {
      const value = typeof item === 'object' && item !== null ? (item as Record<string, unknown>)[key] : undefined;
      if (typeof value === 'string') ids.add(value);
    }
  }
  return ids;
}

function checkReferences(
  r: Reader,
  orgs: Org[],
  apps: App[],
  users: User[],
  orgIds: Set<string>,
  appKeys: Set<string>,
): void {
  orgs.forEach((o, i) => {
    if (orgs.findIndex((x) => x.id === o.id) !== i) r.fail(`orgs[${i}].id`, `duplicates another org's id "${o.id}"`);
    if (o.myDomain !== undefined && orgs.findIndex((x) => x.myDomain === o.myDomain) !== i) {
      r.fail(`orgs[${i}].myDomain`, `duplicates another org's My Domain "${o.myDomain}"`);
    }
  });
  apps.forEach((a, i) => {
    if (!orgIds.has(a.org)) r.fail(`apps[${i}].org`, `names no org in "orgs" (got "${a.org}")`);
    if (apps.findIndex((x) => x.consumerKey === a.consumerKey) !== i)
      r.fail(`apps[${i}].consumerKey`, "duplicates another app's consumer key");
  });
  users.forEach((u, i) => {
    const path = `users[${i}]`;
    if (!orgIds.has(u.org)) r.fail(join(path, 'org'), `names no org in "orgs" (got "${u.org}")`);
    if (users.findIndex((x) => x.username.toLowerCase() === u.username.toLowerCase()) !== i) {
      r.fail(
        join(path, 'username'),
        `duplicates another user's username "${u.username}" (usernames are unique across orgs)`,
      );
    }
    if (users.findIndex((x) => x.userId === u.userId) !== i)
      r.fail(join(path, 'userId'), `duplicates another user's id "${u.userId}"`);
    u.approvals.forEach((key, j) => {
      if (!appKeys.has(key)) r.fail(`${path}.approvals[${j}]`, 'names no app consumer key in "apps"');
    });
  });
}

function readAudiencePolicy(r: Reader, value: unknown): Model['audiencePolicy'] {
  const defaults: Model['audiencePolicy'] = {
    trailingSlash: 'accept',
    connectedAppMyDomain: true,
    invalidDescription: 'audience is invalid',
    connectedAppAudienceMismatch: 'invalid',
  };
  if (value === undefined) return defaults;
  const o = r.object(value, 'audiencePolicy', [
    'trailingSlash',
    'connectedAppMyDomain',
    'invalidDescription',
    'connectedAppAudienceMismatch',
  ]);
  if (o === undefined) return defaults;
  return {
    trailingSlash:
      r.oneOf(o, 'trailingSlash', 'audiencePolicy', ['accept', 'reject'] as const) ?? defaults.trailingSlash,
    connectedAppMyDomain: r.boolean(o, 'connectedAppMyDomain', 'audiencePolicy') ?? defaults.connectedAppMyDomain,
    invalidDescription:
      r.oneOf(o, 'invalidDescription', 'audiencePolicy', [
        'audience is invalid',
        'Audience validation failed',
      ] as const) ?? defaults.invalidDescription,
    connectedAppAudienceMismatch:
      r.oneOf(o, 'connectedAppAudienceMismatch', 'audiencePolicy', ['invalid', 'not-approved'] as const) ??
      defaults.connectedAppAudienceMismatch,
  };
}

function readRateLimit(r: Reader, value: unknown): RateLimitConfig | false {
  if (value === false) return false;
  const defaults = { maxLogins: 3600, windowSeconds: 3600 };
  if (value === undefined) return defaults;
  const o = r.object(value, 'rateLimit', ['maxLogins', 'windowSeconds']);
  if (o === undefined) return defaults;
  return {
    maxLogins: r.number(o, 'maxLogins', 'rateLimit', 1) ?? defaults.maxLogins,
    windowSeconds: r.number(o, 'windowSeconds', 'rateLimit', 1) ?? defaults.windowSeconds,
  };
}

function readApiVersion(r: Reader, top: Record<string, unknown>): number {
  const raw = r.string(top, 'apiVersion', '');
  if (raw === undefined) return 67;
  const match = /^(\d{2,3})\.0$/.exec(raw);
  const major = match === null ? NaN : Number(match[1]);
  if (!(major >= 20)) {
    r.fail('apiVersion', `must look like "67.0" and be 20.0 or later (got "${raw}")`);
    return 67;
  }
  return major;
}

/** Permission sets that users hold or apps name exist in their org even when the org does not list them. */
function addImplicitPermissionSets(orgs: Org[], apps: App[], users: User[]): void {
  const named = [
    ...users.flatMap((u) => u.permissionSets.map((name) => ({ org: u.org, name }))),
    ...apps.flatMap((a) =>
      (a.policy.type === 'admin-approved' ? (a.policy.permissionSets ?? []) : []).map((name) => ({ org: a.org, name })),
    ),
  ];
  for (const { org: orgId, name } of named) {
    const org = orgs.find((o) => o.id === orgId);
    if (org !== undefined && !org.permissionSets.some((p) => p.name === name))
      org.permissionSets.push(permissionSet(org.id, name, name, null));
  }
}
