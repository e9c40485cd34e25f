import type { Facts } from './diagnose-context.js';
import type { Verdict } from './checks.js';

// Top-level domains a real email domain ends with; any two-letter label counts as a country code. A sandbox copies
// every production user with the sandbox name appended (user@acme.com → user@acme.com.uat), so a label after a
// top-level domain that is not one itself reads as a sandbox suffix.
const GENERIC_TLDS: ReadonlySet<string> = new Set([
  'com',
  'org',
  'net',
  'edu',
  'gov',
  'mil',
  'int',
  'io',
  'biz',
  'info',
  'co',
]);
const isTld = (label: string): boolean => GENERIC_TLDS.has(label) || /^[a-z]{2}$/.test(label);

/** What a username's domain says about the org it belongs to; `unknown` when it could be either. */
export type UsernameShape =
  { readonly kind: 'sandbox'; readonly suffix: string } | { readonly kind: 'production' | 'unknown' };

/**
 * Reads a username's domain: `user@acme.com.uat` → sandbox suffix `uat`; `user@acme.com` → production-looking.
 * Two-letter endings after a top-level domain (`acme.com.au`, `acme.com.qa`) are ambiguous and stay `unknown`.
 */
export function usernameShape(username: string): UsernameShape {
  const at = username.lastIndexOf('@');
  const labels = username
    .slice(at + 1)
    .toLowerCase()
    .split('.');
  if (at < 1 || labels.length < 2 || labels.some((l) => l === '')) return { kind: 'unknown' };
  const last = labels[labels.length - 1]!;
  const previous = labels[labels.length - 2]!;
  if (labels.length >= 3 && isTld(previous) && !isTld(last) && /^[a-z][a-z0-9]*$/.test(last))
    return { kind: 'sandbox', suffix: last };
  if (GENERIC_TLDS.has(last) || (/^[a-z]{2}$/.test(last) && !isTld(previous))) return { kind: 'production' };
  return { kind: 'unknown' };
}

/** The sandbox name of a sandbox My Domain host (`acme--uat.sandbox.my.salesforce.com` → `uat`). */
function sandboxName(tokenHost: string): string | undefined {
  try {
    const name = new URL(tokenHost).hostname.split('.')[0] ?? '';
    const sandbox = name.split('--')[1];
    return sandbox === undefined || sandbox === '' ? undefined : sandbox;
  } catch {
    return undefined;
  }
}

const PRODUCTION_HOSTS = new Set(['login', 'my-domain', 'developer', 'alternate-my-domain', 'govcloud', 'china']);

/**
 * "user hasn't approved this consumer" is also Salesforce's answer for a username the org does not have. Locally
 * only the environment can be checked: a production-looking username sent to a sandbox host, a sandbox-suffixed
 * one sent to production, or a suffix that is not the sandbox's name. Scratch orgs and emulators get no verdict.
 */
export function usernameFit(f: Facts): Verdict | undefined {
  if (f.sub === '' || f.hostFamily === undefined) return undefined;
  const shape = usernameShape(f.sub);
  if (f.hostFamily === 'sandbox-my-domain' || f.hostFamily === 'test') {
    const sandbox = sandboxName(f.tokenHost);
    if (sandbox !== undefined && f.sub.toLowerCase().endsWith(`.${sandbox.toLowerCase()}`)) {
      return {
        evidence: [
          `${f.sub} carries the suffix .${sandbox} of the sandbox ${f.tokenHost}; only Setup → Users can tell whether it exists.`,
        ],
      };
    }
    if (shape.kind === 'production') {
      const copy = `${f.sub}.${sandbox ?? '<sandbox name>'}`;
      const scratch = sandbox === undefined ? ' (scratch-org users excepted)' : '';
      return {
        likelihood: 'likely',
        evidence: [
          `${f.sub} looks like a production username (no suffix after the domain) but was sent to the sandbox host ${f.tokenHost}; sandbox copies of production users are named like ${copy}${scratch}.`,
        ],
      };
    }
    if (shape.kind === 'sandbox' && sandbox !== undefined) {
      return {
        likelihood: 'likely',
        evidence: [`${f.sub} ends with .${shape.suffix}, but ${f.tokenHost} is the sandbox ${sandbox}.`],
      };
    }
    return undefined;
  }
  if (PRODUCTION_HOSTS.has(f.hostFamily) && !f.sandbox && shape.kind === 'sandbox') {
    return {
      likelihood: 'likely',
      evidence: [
        `${f.sub} ends with .${shape.suffix} like a sandbox username, but ${f.tokenHost} is a production host.`,
      ],
    };
  }
  return undefined;
}
