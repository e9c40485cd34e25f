import type { ParsedLoginUrl } from './url.js';

/**
 * The kind of host a login or instance URL points at. It decides the default `aud` and the fallbacks
 *.
 */
export type HostFamily =
  /** `https://login.salesforce.com`. */
  | 'login'
  /** `https://test.salesforce.com`. */
  | 'test'
  /** Production My Domain `<domain>.my.salesforce.com` (also the `demo` and `free` partitions). */
  | 'my-domain'
  /** Sandbox My Domain: `<domain>--<sandbox>.sandbox.my.salesforce.com`, or a legacy `<domain>--<sandbox>` host. */
  | 'sandbox-my-domain'
  /** Scratch org My Domain `<name>.scratch.my.salesforce.com`. */
  | 'scratch'
  /** Developer Edition or Trailhead Playground: `<name>.develop.` / `.trailblaze.my.salesforce.com`. */
  | 'developer'
  /** The alternative My Domain suffix `*.my-salesforce.com`. */
  | 'alternate-my-domain'
  /** US Government Cloud My Domain `*.my.salesforce.mil`. */
  | 'govcloud'
  /** Salesforce China My Domain `*.my.sfcrmproducts.cn`. */
  | 'china'
  /** Salesforce-internal `gs1` instances (the CLI's special case). */
  | 'gs1'
  /** Experience Cloud site: `*.my.site.com`, or a `*.force.com` site, possibly with a path prefix. */
  | 'site'
  /** A classic instance host such as `na85.salesforce.com` or `cs42.salesforce.com`: not a login host. */
  | 'instance'
  /** `localhost`, `127.x.x.x` or `[::1]` over http or https: a local emulator, treated like a My Domain. */
  | 'loopback'
  /** Any other host: a custom domain in front of a site or a My Domain. */
  | 'custom';

/** What the host says about the org. */
export interface HostInfo {
  readonly family: HostFamily;
  /** True when the host marks a sandbox or scratch org: `aud` falls back to test, not login. */
  readonly sandbox: boolean;
  /**
   * The URL the token request and a same-host `aud` use: scheme + host, except for sites and custom domains, where
   * an Experience Cloud site's path prefix is part of the site URL.
   */
  readonly base: string;
}

// The My Domain suffixes the CLI recognises (sfdx-core sfdcUrl).
const MY_DOMAIN_SUFFIXES: ReadonlyArray<readonly [suffix: string, family: HostFamily]> = [
  ['.my.salesforce.com', 'my-domain'],
  ['.my-salesforce.com', 'alternate-my-domain'],
  ['.my.salesforce.mil', 'govcloud'],
  ['.my.sfcrmproducts.cn', 'china'],
];

// Enhanced-domain partitions: the label between the My Domain name and the suffix.
const PARTITIONS: Readonly<Record<string, { family?: HostFamily; sandbox: boolean }>> = {
  sandbox: { family: 'sandbox-my-domain', sandbox: true },
  scratch: { family: 'scratch', sandbox: true },
  develop: { family: 'developer', sandbox: false },
  trailblaze: { family: 'developer', sandbox: false },
  demo: { sandbox: false },
  free: { sandbox: false },
  patch: { sandbox: true },
};

/** Classify a parsed URL's host. */
export function classifyHost(parsed: ParsedLoginUrl): HostInfo {
  const { hostname, origin } = parsed;
  if (parsed.loopback) return { family: 'loopback', sandbox: false, base: origin };
  if (hostname === 'login.salesforce.com') return { family: 'login', sandbox: false, base: origin };
  if (hostname === 'test.salesforce.com') return { family: 'test', sandbox: true, base: origin };
  // The CLI's gs1 rule: `https://gs1.…` origins and gs1 My Domains take aud https://gs1.salesforce.com.
  if (hostname.startsWith('gs1.')) return { family: 'gs1', sandbox: false, base: origin };

  for (const [suffix, cloud] of MY_DOMAIN_SUFFIXES) {
    if (!hostname.endsWith(suffix) || hostname.length === suffix.length) continue;
    const labels = hostname.slice(0, -suffix.length).split('.');
    const name = labels[0] ?? '';
    const partition = labels.length > 1 ? PARTITIONS[labels[labels.length - 1] ?? ''] : undefined;
    // `--` in the My Domain name marks a sandbox, also on legacy hosts without `.sandbox.`.
    const sandbox = (partition?.sandbox ?? false) || name.includes('--');
    let family: HostFamily = cloud;
    if (cloud === 'my-domain') family = partition?.family ?? (sandbox ? 'sandbox-my-domain' : 'my-domain');
    return { family, sandbox, base: origin };
  }

  if (hostname.endsWith('.my.site.com') || hostname.endsWith('.force.com')) {
    const sandbox = hostname.endsWith('.sandbox.my.site.com') || hostname.split('.')[0]?.includes('--') === true;
    return { family: 'site', sandbox, base: siteBase(parsed) };
  }
  if (hostname.endsWith('.salesforce.com')) {
    const instance = hostname.split('.')[0] ?? '';
    return { family: 'instance', sandbox: /^cs\d+$|^[a-z]{3}\d+s$/.test(instance), base: origin };
  }
  return { family: 'custom', sandbox: false, base: siteBase(parsed) };
}

// Path segments that start a page or an API below the site root: `…/partners/s/login`, `…/services/oauth2/token`.
const BELOW_SITE_ROOT = new Set(['s', 'services', 'secur', 'apex', 'login']);

/** The site URL: origin plus the site's path prefix, without pages below it and without a trailing slash. */
function siteBase(parsed: ParsedLoginUrl): string {
  const kept: string[] = [];
  for (const segment of parsed.url.pathname.split('/')) {
    if (segment === '') continue;
    if (BELOW_SITE_ROOT.has(segment.toLowerCase())) break;
    kept.push(segment);
  }
  return kept.length === 0 ? parsed.origin : `${parsed.origin}/${kept.join('/')}`;
}
