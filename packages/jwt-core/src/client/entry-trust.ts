import { classifyHost, type HostFamily } from '../audience/families.js';
import { resolveEndpoints, type EndpointCandidate } from '../audience/resolve.js';
import { parseTokenHostUrl } from '../audience/url.js';
import { ORG_DOMAIN_FAMILIES } from '../diagnose/diagnose-context.js';
import { idSegments } from '../exchange/token-response.js';
import type { TokenClientOptions } from './token-client.js';
import type { CachedAccessToken } from './token-cache.js';

/**
 * Hosts that are themselves the org's instance: a login there answers with this same origin as `instance_url`, so a
 * shared entry must name it. A login host (login, test), a site, a custom domain or a classic instance answers with
 * the org's My Domain, which the client cannot know before its first own login.
 */
const PINNED: ReadonlySet<HostFamily> = new Set([...ORG_DOMAIN_FAMILIES].filter((f) => f !== 'site' && f !== 'custom'));

/** Salesforce's own instance domains: what a login host may answer as `instance_url`. */
const SALESFORCE_INSTANCES: ReadonlySet<HostFamily> = new Set(
  [...PINNED, 'instance', 'gs1'].filter((f) => f !== 'loopback') as HostFamily[],
);

/** What a shared entry must match to be served by this client. */
export interface SessionTrust {
  /** Origins of the token hosts this client would ask itself (its candidates). */
  readonly tokenHosts: ReadonlySet<string>;
  /** The origin every instance URL must have, when the client's host is the instance itself. */
  readonly pinnedInstance: string | undefined;
}

/** The client's own org, once it has minted a token itself. */
export interface OwnSession {
  readonly instanceOrigin: string;
  readonly orgId: string;
  readonly userId: string;
}

/** The session a token this client minted itself stands for. */
export function ownSession(token: {
  readonly instanceUrl: string;
  readonly orgId: string;
  readonly userId: string;
}): OwnSession | undefined {
  const instance = familyOf(token.instanceUrl);
  return instance === undefined
    ? undefined
    : { instanceOrigin: instance.origin, orgId: token.orgId, userId: token.userId };
}

// Salesforce ids come as 15 (case-sensitive) or 18 characters (the same 15 and a checksum).
const sameId = (a: string, b: string): boolean => a.slice(0, 15) === b.slice(0, 15);

function familyOf(url: string): { origin: string; family: HostFamily } | undefined {
  try {
    const parsed = parseTokenHostUrl(url);
    return { origin: parsed.origin, family: classifyHost(parsed).family };
  } catch {
    return undefined;
  }
}

/** The token hosts and instance a client configured with `options` may be served an entry for. */
export function sessionTrust(
  options: Pick<TokenClientOptions, 'candidates' | 'instanceUrl' | 'audience' | 'appType'>,
): SessionTrust {
  let candidates: readonly EndpointCandidate[] = [];
  try {
    candidates =
      options.candidates ??
      resolveEndpoints({ instanceUrl: options.instanceUrl, audience: options.audience, appType: options.appType })
        .candidates;
  } catch {
    // A bad URL: no entry matches, and the client's own mint reports the URL with its error.
  }
  const hosts = candidates.map((c) => familyOf(c.tokenHost)).filter((h) => h !== undefined);
  const first = hosts[0];
  return {
    tokenHosts: new Set(hosts.map((h) => h.origin)),
    pinnedInstance: first !== undefined && PINNED.has(first.family) ? first.origin : undefined,
  };
}

const shown = (value: string): string => JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);

/**
 * Why a well-formed shared entry is not this client's session, or undefined: its token host is not one of the
 * client's, its instance is not the client's own (or, before the client knows it, not a Salesforce instance the
 * client's login host could answer with), or it is for another org than the one the client logged in to.
 */
export function entryMismatch(
  entry: CachedAccessToken,
  trust: SessionTrust,
  own: OwnSession | undefined,
): string | undefined {
  const tokenHost = familyOf(entry.tokenHost);
  if (tokenHost === undefined || !trust.tokenHosts.has(tokenHost.origin)) {
    return `tokenHost ${shown(entry.tokenHost)} is not a token host of this client (${[...trust.tokenHosts].join(', ')})`;
  }
  const instance = familyOf(entry.instanceUrl);
  if (instance === undefined) return `instanceUrl ${shown(entry.instanceUrl)} is not a URL`;
  const expected = own?.instanceOrigin ?? trust.pinnedInstance;
  if (expected !== undefined && instance.origin !== expected) {
    return `instanceUrl ${shown(entry.instanceUrl)} is not this client's instance ${expected}`;
  }
  if (expected === undefined && !SALESFORCE_INSTANCES.has(instance.family)) {
    return `instanceUrl ${shown(entry.instanceUrl)} is not a Salesforce instance (My Domain) a login at ${[...trust.tokenHosts].join(', ')} answers with`;
  }
  if (own === undefined) return undefined;
  const [orgId, userId] = idSegments(entry.id ?? '') ?? ['', ''];
  if (!sameId(orgId, own.orgId))
    return `the entry is for org ${shown(orgId)}, this client logged in to org ${own.orgId}`;
  if (!sameId(userId, own.userId))
    return `the entry is for user ${shown(userId)}, this client logged in as ${own.userId}`;
  return undefined;
}
