/**
 * What the sf CLI records about an org after a login: Dev Hub or not, the latest API version,
 * and the Organization record. The CLI asks one after the other; we ask all three at once, so a login costs two
 * round trips (token, then these) instead of four or more. Best effort, like the CLI: a failed query leaves its
 * fields unset and never fails the login.
 */
import type { HttpFetch } from './http.js';

// The Dev Hub probe uses the version @salesforce/core hard-codes for it; the Organization query uses the same so
// that all three requests can start before the org's latest version is known.
const PROBE_VERSION = 'v51.0';
const ORG_QUERY = 'SELECT Name, InstanceName, IsSandbox, TrialExpirationDate, NamespacePrefix, OrganizationType FROM Organization';

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

async function getJson(fetch: HttpFetch, url: string, accessToken: string): Promise<{ status: number; json: unknown }> {
  const response = await fetch(url, {
    method: 'GET',
    headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  try {
    return { status: response.status, json: JSON.parse(text) as unknown };
  } catch {
    return { status: response.status, json: undefined };
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
 */
export async function fetchOrgFields(fetch: HttpFetch, instanceUrl: string, accessToken: string, now: () => number): Promise<OrgFields> {
  const base = `${instanceUrl.replace(/\/+$/, '')}/services/data`;
  const [devHub, versions, org] = await Promise.allSettled([
    getJson(fetch, `${base}/${PROBE_VERSION}/query?q=${encodeURIComponent('SELECT Id FROM ScratchOrgInfo limit 1')}`, accessToken),
    getJson(fetch, base, accessToken),
    getJson(fetch, `${base}/${PROBE_VERSION}/query?q=${encodeURIComponent(ORG_QUERY)}`, accessToken),
  ]);
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
