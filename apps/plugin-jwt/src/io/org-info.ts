/**
 * What the sf CLI records about an org after a login: Dev Hub or not, the latest API version,
 * and the Organization record. The CLI asks one after the other; we ask all three at once, so a login costs two
 * round trips (token, then these) instead of four or more. Best effort, like the CLI: a failed query (network
 * error, 4xx, not JSON) leaves its fields unset and never fails the login.
 *
 * Bounded, unlike the CLI: the three requests share one deadline, each body is read with a byte cap, and the access
 * token is never sent over plain http (loopback excepted, for the emulator). Passing the cap or the deadline is not
 * "best effort" — no Salesforce org answers that way — so the login fails with a coded error before anything is saved.
 */
import { pluginError } from '../errors/plugin-error.js';
import type { HttpFetch } from './http.js';
import { assertTokenMayGo, OrgAnswerTooLarge, orgRequest } from './org-http.js';

/** Largest org-lookup answer read: the version list of a current org is under 10 KiB, the queries under 2 KiB. */
export const MAX_ORG_RESPONSE_BYTES = 64 * 1024;

/** Default deadline of the three lookups together. */
export const DEFAULT_ORG_LOOKUP_MS = 30_000;

/** Options of {@link fetchOrgFields}. */
export interface OrgLookupOptions {
  /** One deadline for all three requests, bodies included (default {@link DEFAULT_ORG_LOOKUP_MS}). */
  readonly deadlineMs?: number;
  /** Byte cap of each body (default {@link MAX_ORG_RESPONSE_BYTES}). */
  readonly maxBytes?: number;
}

// The Dev Hub probe uses the version @salesforce/core hard-codes for it; the Organization query uses the same so
// that all three requests can start before the org's latest version is known.
const PROBE_VERSION = 'v51.0';
const ORG_QUERY =
  'SELECT Name, InstanceName, IsSandbox, TrialExpirationDate, NamespacePrefix, OrganizationType FROM Organization';

/** Auth-file fields derived from the org, named as @salesforce/core names them. */
export interface OrgFields {
  isDevHub: boolean;
  instanceApiVersion?: string;
  instanceApiVersionLastRetrieved?: string;
  name?: string;
  instanceName?: string;
  namespacePrefix?: string | null;
  isSandbox?: boolean;
  isScratch?: boolean;
  trailExpirationDate?: string | null;
  orgEdition?: string;
}

interface OrganizationRecord {
  Name?: string;
  InstanceName?: string;
  IsSandbox?: boolean;
  TrialExpirationDate?: string | null;
  NamespacePrefix?: string | null;
  OrganizationType?: string;
}

async function getJson(
  fetch: HttpFetch,
  url: string,
  accessToken: string,
  maxBytes: number,
  controller: AbortController,
): Promise<{ status: number; json: unknown }> {
  const answer = await orgRequest(
    fetch,
    { method: 'GET', url, accessToken, headers: { accept: 'application/json' } },
    maxBytes,
    controller,
  );
  try {
    return { status: answer.status, json: JSON.parse(answer.text) as unknown };
  } catch {
    return { status: answer.status, json: undefined };
  }
}

function latestVersion(json: unknown): string | undefined {
  if (!Array.isArray(json)) return undefined;
  const versions = json
    .map((v: unknown) => (typeof v === 'object' && v !== null ? (v as { version?: unknown }).version : undefined))
    .filter((v): v is string => typeof v === 'string' && /^\d+\.0$/.test(v));
  return versions.sort((a, b) => Number(a) - Number(b)).at(-1);
}

/**
 * Queries the org right after the token arrived, in parallel.
 *
 * @param now - For `instanceApiVersionLastRetrieved` (core stores a locale string and re-checks after 24 h).
 * @throws `ERR_INSECURE_INSTANCE_URL` (nothing sent), `ERR_ORG_RESPONSE_TOO_LARGE`, `ERR_ORG_LOOKUP_TIMEOUT`.
 */
export async function fetchOrgFields(
  fetch: HttpFetch,
  instanceUrl: string,
  accessToken: string,
  now: () => number,
  options: OrgLookupOptions = {},
): Promise<OrgFields> {
  assertTokenMayGo(instanceUrl);
  const maxBytes = options.maxBytes ?? MAX_ORG_RESPONSE_BYTES;
  const deadlineMs = options.deadlineMs ?? DEFAULT_ORG_LOOKUP_MS;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error('deadline')), deadlineMs);
  const base = `${instanceUrl.replace(/\/+$/, '')}/services/data`;
  const get = (url: string): Promise<{ status: number; json: unknown }> =>
    getJson(fetch, url, accessToken, maxBytes, controller);
  const [devHub, versions, org] = await Promise.allSettled([
    get(`${base}/${PROBE_VERSION}/query?q=${encodeURIComponent('SELECT Id FROM ScratchOrgInfo limit 1')}`),
    get(base),
    get(`${base}/${PROBE_VERSION}/query?q=${encodeURIComponent(ORG_QUERY)}`),
  ]).finally(() => clearTimeout(timer));
  const reason: unknown = controller.signal.reason;
  if (reason instanceof OrgAnswerTooLarge)
    throw pluginError('OrgResponseTooLarge', [new URL(instanceUrl).origin, reason.path, String(maxBytes)], [], {
      bytes: reason.bytes,
      maxBytes,
    });
  if (controller.signal.aborted)
    throw pluginError('OrgLookupTimeout', [new URL(instanceUrl).origin, String(deadlineMs / 1000)], [], { deadlineMs });
  // core: any answer below 400 means the ScratchOrgInfo object exists, i.e. a Dev Hub.
  const fields: OrgFields = { isDevHub: devHub.status === 'fulfilled' && devHub.value.status < 400 };
  const version = versions.status === 'fulfilled' ? latestVersion(versions.value.json) : undefined;
  if (version !== undefined) {
    fields.instanceApiVersion = version;
    fields.instanceApiVersionLastRetrieved = new Date(now()).toLocaleString();
  }
  const record =
    org.status === 'fulfilled' && org.value.status < 400
      ? ((org.value.json as { records?: OrganizationRecord[] } | undefined)?.records?.[0] ?? undefined)
      : undefined;
  if (record !== undefined) {
    // Same derivations as @salesforce/core's determineOrg (a scratch org is a sandbox with a trial expiration).
    const trial = record.TrialExpirationDate ?? null;
    if (record.Name !== undefined) fields.name = record.Name;
    if (record.InstanceName !== undefined) fields.instanceName = record.InstanceName;
    fields.namespacePrefix = record.NamespacePrefix ?? null;
    fields.isSandbox = record.IsSandbox === true && trial === null;
    fields.isScratch = record.IsSandbox === true && trial !== null;
    fields.trailExpirationDate = trial;
    if (record.OrganizationType !== undefined) fields.orgEdition = record.OrganizationType;
  }
  return fields;
}
