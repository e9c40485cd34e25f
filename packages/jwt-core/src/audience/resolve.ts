import { classifyHost, type HostFamily, type HostInfo } from './families.js';
import { normalizeAudience } from './normalize-url.js';
import { parseLoginUrl } from './url.js';

/** The production login host, and the documented `aud` for production orgs. */
export const LOGIN_URL = 'https://login.salesforce.com';
/** The sandbox login host, and the documented `aud` for sandboxes and scratch orgs. */
export const TEST_URL = 'https://test.salesforce.com';
/** The `aud` the CLI uses for Salesforce-internal gs1 instances. */
export const GS1_AUDIENCE = 'https://gs1.salesforce.com';

/** The kind of app that holds the certificate. External Client Apps want My Domain as `aud`. */
export type AppType = 'connected-app' | 'external-client-app';

/** One (token host, `aud`) pair to try, and why. */
export interface EndpointCandidate {
  /** Base URL the token request goes to: `<tokenHost>/services/oauth2/token`. For sites it may carry a path. */
  readonly tokenHost: string;
  /** The `aud` claim to sign for this host. */
  readonly audience: string;
  /** Why this pair is on the list, citing the rule it comes from. */
  readonly reason: string;
}

/** What {@link resolveEndpoints} derived from a URL. */
export interface ResolvedEndpoints {
  /** Token host of the first candidate. */
  readonly tokenHost: string;
  /** `aud` of the first candidate. */
  readonly audience: string;
  /** Ordered, short (≤ 3) list of pairs the exchange may fall back to. Never a login-host/test-aud cross pair. */
  readonly candidates: readonly EndpointCandidate[];
  /** The host family that decided the defaults. */
  readonly family: HostFamily;
  /** True when the host marks a sandbox or scratch org. */
  readonly sandbox: boolean;
  /** Why the first candidate was chosen. */
  readonly reason: string;
  /** Things the caller should tell the user (a likely-wrong setup), as plain sentences. */
  readonly warnings: readonly string[];
}

/** Input of {@link resolveEndpoints}. */
export interface ResolveEndpointsInput {
  /** Login or instance URL (`--instance-url`); defaults to login.salesforce.com. */
  readonly instanceUrl?: string | undefined;
  /** Explicit `aud` (`--audience`): used as is (normalized), with no fallbacks. */
  readonly audience?: string | undefined;
  /** The app type, when known. */
  readonly appType?: AppType | undefined;
}

/**
 * Derive the token endpoint host, the default `aud` and an ordered list of fallbacks from a login or instance URL,
 * saying why for each.
 *
 * @param input the URL(s) the user gave, and the app type if known
 * @returns the first pair to try, the fallbacks, the host family and any warnings
 * @throws UrlError for a Lightning domain, non-https (except loopback), credentials, a query or fragment, or an
 *   unparsable URL
 * @example
 * ```ts
 * const r = resolveEndpoints({ instanceUrl: 'https://acme--uat.sandbox.my.salesforce.com/' })
 * r.tokenHost // 'https://acme--uat.sandbox.my.salesforce.com'
 * r.candidates.map((c) => c.audience)
 * // ['https://acme--uat.sandbox.my.salesforce.com', 'https://test.salesforce.com', 'https://test.salesforce.com']
 * ```
 */
export function resolveEndpoints(input: ResolveEndpointsInput = {}): ResolvedEndpoints {
  const instance =
    input.instanceUrl === undefined ? undefined : classifyHost(parseLoginUrl(input.instanceUrl, 'instance URL'));
  const eca = input.appType === 'external-client-app';
  if (input.audience !== undefined) return explicitAudience(input.audience, instance);

  const warnings: string[] = [];
  const host = instance ?? { family: 'login' as const, sandbox: false, base: LOGIN_URL };
  if (eca && ['login', 'test', 'instance', 'gs1'].includes(host.family)) {
    warnings.push(
      'External Client Apps need the My Domain URL as token host and audience; login/test give "External client app is not installed in this org". Give https://<domain>.my.salesforce.com as the instance URL.',
    );
  }
  if (host.family === 'instance') {
    warnings.push(`${host.base} is an instance host, not a login host: prefer the org's My Domain URL.`);
  }
  const candidates = instance === undefined ? noUrlCandidates() : candidatesFor(host, eca);
  const first = candidates[0]!;
  return {
    tokenHost: first.tokenHost,
    audience: first.audience,
    candidates,
    family: host.family,
    sandbox: host.sandbox,
    reason: first.reason,
    warnings,
  };
}

function noUrlCandidates(): EndpointCandidate[] {
  return [
    pair(LOGIN_URL, LOGIN_URL, 'no instance URL given: the production login host and its documented aud'),
    pair(TEST_URL, TEST_URL, 'in case the org is a sandbox: the sandbox login host and its aud'),
  ];
}

function candidatesFor(host: HostInfo, eca: boolean): EndpointCandidate[] {
  const { base, sandbox } = host;
  const env = sandbox ? TEST_URL : LOGIN_URL;
  const envName = sandbox ? 'test' : 'login';
  const myDomainFirst = eca
    ? 'External Client App: My Domain as token host and aud'
    : 'My Domain as token host and aud: what External Client Apps need and many Connected Apps accept in 2026';
  const myDomainOnly = [pair(base, base, myDomainFirst)];
  switch (host.family) {
    case 'login':
    case 'test':
      return [pair(base, base, `the ${host.family} host with its own aud; cross pairs are rejected`)];
    case 'gs1':
      return [pair(base, GS1_AUDIENCE, 'gs1 instances take aud https://gs1.salesforce.com (the sf CLI special case)')];
    case 'site':
      return [pair(base, base, 'Experience Cloud site: the site URL is both token host and aud')];
    case 'instance':
      return [
        pair(base, env, `instance host: POST there with the ${envName} aud`),
        pair(env, env, `the ${envName} host with its own aud`),
      ];
    case 'govcloud':
      // GovCloud: My Domain host with a login/test aud, otherwise "user hasn't approved this consumer".
      if (eca) return myDomainOnly;
      return [
        pair(
          base,
          env,
          `GovCloud: My Domain host with the ${envName} aud; other auds give "user hasn't approved this consumer"`,
        ),
        pair(base, base, 'GovCloud External Client Apps: My Domain as aud'),
      ];
    case 'china':
      // Never fall back to login/test.salesforce.com hosts: they serve another cloud.
      if (eca) return myDomainOnly;
      return [myDomainOnly[0]!, pair(base, env, `My Domain host with the documented ${envName} aud`)];
    case 'loopback':
      // A local emulator stands in for a My Domain; fallbacks stay on the loopback host so no test leaves the machine.
      if (eca) return myDomainOnly;
      return [
        pair(base, base, 'loopback host (local emulator): treated like a My Domain, aud = the host itself'),
        pair(base, LOGIN_URL, 'loopback host with the production aud, as for a Connected App via My Domain'),
        pair(base, TEST_URL, 'loopback host with the sandbox aud, as for a sandbox Connected App'),
      ];
    case 'custom':
      if (eca) return myDomainOnly;
      return [
        pair(base, base, 'custom domain (a site or a custom My Domain): the URL itself as aud'),
        pair(base, LOGIN_URL, 'custom domain in front of a production My Domain: the documented login aud'),
      ];
    case 'my-domain':
    case 'sandbox-my-domain':
    case 'scratch':
    case 'developer':
    case 'alternate-my-domain':
      // My Domain → aud My Domain first, then login (test for sandbox/scratch hosts).
      if (eca) return myDomainOnly;
      return [
        myDomainOnly[0]!,
        pair(base, env, `My Domain host with the ${envName} aud: Connected Apps that reject My Domain as aud`),
        pair(env, env, `the ${envName} host with its own aud, the documented pair`),
      ];
  }
}

function explicitAudience(audienceInput: string, instance: HostInfo | undefined): ResolvedEndpoints {
  // The audience rule: a path is refused, not dropped (normalizeAudience), then classified like any login URL.
  const aud = classifyHost(parseLoginUrl(normalizeAudience(audienceInput), 'audience'));
  const host = instance ?? aud;
  const warnings: string[] = [];
  // Cross pairs (login host with test aud, or the reverse) don't work.
  const cross = new Set([host.family, aud.family]);
  if (host.base !== aud.base && cross.has('login') && cross.has('test')) {
    warnings.push(`Token host ${host.base} with aud ${aud.base} is a login/test cross pair, which Salesforce rejects.`);
  }
  const reason =
    instance === undefined
      ? 'explicit audience; the token request goes to the same host'
      : 'explicit audience, sent to the instance URL';
  const candidates = [pair(host.base, aud.base, reason)];
  return {
    tokenHost: host.base,
    audience: aud.base,
    candidates,
    family: host.family,
    sandbox: host.sandbox,
    reason,
    warnings,
  };
}

function pair(tokenHost: string, audience: string, reason: string): EndpointCandidate {
  return { tokenHost, audience, reason };
}
