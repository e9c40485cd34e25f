import { LOGIN_URL, TEST_URL } from '../audience/resolve.js';
import { assessClockSkew } from '../clock/clock-skew.js';
import type { CauseId } from './causes.js';
import { ORG_DOMAIN_FAMILIES, isDocumentedAudience, type Facts } from './diagnose-context.js';
import type { Likelihood } from './diagnosis-types.js';
import { usernameFit } from './username-fit.js';

/** The evidence when no certificate was given: front ends name their own way of giving one. */
export const NO_CERTIFICATE_EVIDENCE =
  'No certificate was given (the `certificate` option of mintAccessToken), so the key could not be compared with it.';

/** A local check's verdict on one cause: evidence, and a likelihood when the evidence decides it. */
export interface Verdict {
  readonly likelihood?: Likelihood;
  readonly evidence: readonly string[];
}

type Check = (f: Facts) => Verdict | undefined;

const seconds = (ms: number): string => `${Math.round(Math.abs(ms) / 1000)} s`;
const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

function numericClaim(f: Facts, name: string): number | undefined {
  const v = f.input.claims?.[name];
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

function keyMatch(f: Facts): Verdict {
  const { keyMatchesCertificate: match, keyFingerprint: key, certificateFingerprint: cert } = f.input;
  if (match === undefined) return { evidence: [NO_CERTIFICATE_EVIDENCE] };
  if (!match) {
    const fps = key !== undefined && cert !== undefined ? ` (key ${key}, certificate ${cert})` : '';
    return { likelihood: 'likely', evidence: [`The private key does not match the given certificate${fps}.`] };
  }
  const fp = cert === undefined ? '' : ` (SHA-256 ${cert})`;
  // A local match does not prove the app holds this certificate: only its fingerprint in Setup does.
  return { evidence: [`The key matches the given certificate${fp}; the app must hold this same certificate.`] };
}

function claimsShape(f: Facts): Verdict | undefined {
  const claims = f.input.claims;
  if (claims === undefined) return undefined;
  const bad = ['iss', 'sub', 'aud'].filter((k) => typeof claims[k] !== 'string' || claims[k] === '');
  if (numericClaim(f, 'exp') === undefined) bad.push('exp');
  if (bad.length > 0) return { likelihood: 'likely', evidence: [`Claims missing or mistyped: ${bad.join(', ')}.`] };
  return {
    likelihood: 'ruled-out',
    evidence: ['The assertion decodes with iss, sub, aud (strings) and exp (a number).'],
  };
}

function clockSkew(f: Facts): Verdict {
  const { serverDate, now, requestStartedAt } = f.input;
  if (serverDate === undefined || now === undefined)
    return { evidence: ['No server Date header to compare the local clock with.'] };
  const skew = assessClockSkew({ serverDate, responseAt: now, requestStartedAt });
  const behind = skew.offsetMs; // > 0: the local clock is behind Salesforce's, so exp comes early
  if (skew.grade === 'ok') {
    return {
      likelihood: 'ruled-out',
      evidence: [`The local clock is within ${seconds(behind)} of the server's Date header (${iso(serverDate)}).`],
    };
  }
  if (skew.direction === 'behind') {
    return {
      likelihood: 'likely',
      evidence: [`The local clock is ${seconds(behind)} behind the server's Date header (${iso(serverDate)}).`],
    };
  }
  return {
    likelihood: 'ruled-out',
    evidence: [
      `The local clock is ${seconds(behind)} ahead of the server's (${iso(serverDate)}), which delays exp rather than expiring it.`,
    ],
  };
}

/** exp off from the local clock by a whole number of half hours (±5 min): local time sent as UTC. */
function looksLikeTimeZone(secondsAhead: number): boolean {
  const halfHours = Math.round(secondsAhead / 1800);
  return halfHours !== 0 && Math.abs(secondsAhead - halfHours * 1800) <= 300;
}

function expUnits(f: Facts): Verdict | undefined {
  const exp = numericClaim(f, 'exp');
  if (exp === undefined) return undefined;
  if (exp > 1e11)
    return {
      evidence: [`exp ${exp} looks like milliseconds: far in the future, tolerated by Salesforce, not the cause.`],
      likelihood: 'ruled-out',
    };
  if (exp < 1e9)
    return { likelihood: 'likely', evidence: [`exp ${exp} is too small for epoch seconds (${iso(exp * 1000)}).`] };
  const now = f.input.now;
  if (now === undefined) return { evidence: [`exp = ${iso(exp * 1000)}.`] };
  const ahead = exp - now / 1000;
  if (looksLikeTimeZone(ahead)) {
    return {
      likelihood: 'likely',
      evidence: [`exp is ${(ahead / 3600).toFixed(1)} h from the local clock: a time-zone offset, not UTC.`],
    };
  }
  return {
    likelihood: 'ruled-out',
    evidence: [`exp is UTC seconds, ${Math.round(ahead)} s from the local clock at the answer.`],
  };
}

function assertionAge(f: Facts): Verdict | undefined {
  const exp = numericClaim(f, 'exp');
  const iat = numericClaim(f, 'iat');
  if (exp === undefined || exp > 1e11) return undefined;
  if (iat !== undefined && exp - iat < 30)
    return { likelihood: 'likely', evidence: [`The lifetime exp − iat is only ${exp - iat} s.`] };
  const now = f.input.now;
  if (now !== undefined && looksLikeTimeZone(exp - now / 1000)) return undefined;
  if (now !== undefined && exp * 1000 < now - 5_000) {
    return {
      likelihood: 'likely',
      evidence: [
        `exp (${iso(exp * 1000)}) had already passed on the local clock: the assertion was reused or held too long.`,
      ],
    };
  }
  return iat === undefined
    ? undefined
    : { likelihood: 'ruled-out', evidence: [`The lifetime exp − iat is ${exp - iat} s and it was sent before exp.`] };
}

function audScheme(f: Facts): Verdict | undefined {
  if (f.aud === undefined) return undefined;
  return /^https?:\/\//i.test(f.aud)
    ? { likelihood: 'ruled-out', evidence: [`aud ${f.aud} has its scheme.`] }
    : { likelihood: 'likely', evidence: [`aud "${f.aud}" has no https:// scheme.`] };
}

function audSlash(f: Facts): Verdict | undefined {
  if (f.aud === undefined) return undefined;
  return f.aud.endsWith('/')
    ? { likelihood: 'possible', evidence: [`aud "${f.aud}" ends with a slash.`] }
    : { likelihood: 'ruled-out', evidence: ['aud has no trailing slash.'] };
}

function audEnvironment(f: Facts): Verdict | undefined {
  if (f.audBase === undefined || f.hostFamily === undefined) return undefined;
  if (f.audBase !== LOGIN_URL && f.audBase !== TEST_URL)
    return { likelihood: 'ruled-out', evidence: [`aud ${f.audBase} is not login or test.`] };
  const wanted = f.sandbox ? TEST_URL : LOGIN_URL;
  const kind = f.sandbox ? 'a sandbox/scratch host' : 'a production host';
  return f.audBase === wanted
    ? { likelihood: 'ruled-out', evidence: [`aud ${f.audBase} matches ${kind} (${f.tokenHost}).`] }
    : {
        likelihood: 'likely',
        evidence: [`aud ${f.audBase} was sent to ${kind} (${f.tokenHost}), which wants ${wanted}.`],
      };
}

function myDomainAud(f: Facts): Verdict | undefined {
  if (f.audBase === undefined || f.hostFamily === undefined) return undefined;
  const own = f.audBase === f.tokenHost && ORG_DOMAIN_FAMILIES.has(f.hostFamily);
  return own
    ? {
        likelihood: 'likely',
        evidence: [`aud is the org's own domain ${f.audBase}; some Connected Apps accept only login/test.`],
      }
    : { likelihood: 'ruled-out', evidence: ['aud is not the My Domain URL.'] };
}

function audUnrelated(f: Facts): Verdict | undefined {
  if (f.audBase === undefined) return undefined;
  return isDocumentedAudience(f.audBase) || f.audBase === f.tokenHost
    ? { likelihood: 'ruled-out', evidence: [`aud ${f.audBase} is login, test or the token host.`] }
    : {
        likelihood: 'likely',
        evidence: [`aud ${f.audBase} is neither login, test nor the token host ${f.tokenHost}.`],
      };
}

function needsMyDomain(f: Facts): Verdict | undefined {
  if (f.hostFamily === undefined) return undefined;
  const viaLogin = f.hostFamily === 'login' || f.hostFamily === 'test' || isDocumentedAudience(f.audBase);
  if (!viaLogin)
    return { likelihood: 'ruled-out', evidence: [`Host and aud are both the org's domain (${f.tokenHost}).`] };
  const what = `${isDocumentedAudience(f.audBase) ? `aud ${f.audBase}` : ''}${f.hostFamily === 'login' || f.hostFamily === 'test' ? `${isDocumentedAudience(f.audBase) ? ' via ' : 'host '}${f.tokenHost}` : ''}`;
  const eca = f.input.appType === 'external-client-app' || f.input.error === 'app_not_found';
  return { likelihood: eca ? 'likely' : 'possible', evidence: [`The request used ${what}, not My Domain.`] };
}

function ecaInstalled(f: Facts): Verdict | undefined {
  if (f.hostFamily === undefined) return undefined;
  const myDomain = ORG_DOMAIN_FAMILIES.has(f.hostFamily) && f.audBase === f.tokenHost;
  return myDomain
    ? { likelihood: 'likely', evidence: [`Host and aud were already the org's domain (${f.tokenHost}).`] }
    : undefined;
}

function sandboxRefresh(f: Facts): Verdict | undefined {
  // login.salesforce.com says nothing about the org: clients fall back to it for sandboxes too (forcedotcom/cli#3482,
  // a refreshed full-copy sandbox, answered through test and login alike).
  if (f.hostFamily === undefined || f.hostFamily === 'login') return undefined;
  return f.sandbox
    ? { evidence: [`${f.tokenHost} is a sandbox host.`] }
    : { likelihood: 'ruled-out', evidence: [`${f.tokenHost} is not a sandbox host.`] };
}

function hostAudPair(f: Facts): Verdict | undefined {
  if (f.aud === undefined || f.hostFamily === undefined) return undefined;
  const env = audEnvironment(f);
  if (env?.likelihood === 'likely') return env;
  if (f.audBase === undefined || !(isDocumentedAudience(f.audBase) || f.audBase === f.tokenHost)) {
    return { likelihood: 'likely', evidence: [`aud ${f.aud} is neither login, test nor the token host.`] };
  }
  if (f.audBase === f.tokenHost && ORG_DOMAIN_FAMILIES.has(f.hostFamily)) {
    const gov = f.hostFamily === 'govcloud';
    return {
      likelihood: gov ? 'likely' : 'possible',
      evidence: [
        `aud is the org's own domain ${f.audBase}${gov ? '; GovCloud wants login/test as aud' : '; some orgs want login/test'}.`,
      ],
    };
  }
  return { likelihood: 'ruled-out', evidence: [`aud ${f.audBase} is the documented one for ${f.tokenHost}.`] };
}

function clientIdShape(f: Facts): Verdict | undefined {
  if (f.iss === '') return undefined;
  if (/^\s|\s$|^["']|["']$/.test(f.iss))
    return { likelihood: 'likely', evidence: ['iss has surrounding whitespace or quotes.'] };
  const shape = f.iss.startsWith('3MVG') ? 'starts with 3MVG like generated keys' : 'does not start with 3MVG';
  return { evidence: [`iss ${f.iss.slice(0, 12)}… (${f.iss.length} characters) ${shape}.`] };
}

function scopeSent(f: Facts): Verdict {
  const claim = f.input.claims?.['scope'] === undefined ? '' : ' The assertion carries a scope claim.';
  return {
    evidence: [
      `sfjwt sends only grant_type and assertion; something between it and ${f.tokenHost} added scope, or the request was not sfjwt's.${claim}`,
    ],
  };
}

/** The local checks per cause. Causes without an entry have no local evidence (only Setup can tell). */
export const CHECKS: Partial<Readonly<Record<CauseId, Check>>> = {
  'key-certificate-mismatch': keyMatch,
  'malformed-assertion': claimsShape,
  'clock-skew': clockSkew,
  'exp-not-utc-seconds': expUnits,
  'assertion-too-old': assertionAge,
  'audience-without-scheme': audScheme,
  'audience-trailing-slash': audSlash,
  'audience-wrong-environment': audEnvironment,
  'my-domain-audience-rejected': myDomainAud,
  'audience-unrelated-host': audUnrelated,
  'audience-needs-my-domain': needsMyDomain,
  'eca-not-installed': ecaInstalled,
  'sandbox-refreshed': sandboxRefresh,
  'host-audience-pair': hostAudPair,
  'client-id-wrong': clientIdShape,
  'username-unknown': usernameFit,
  'scope-sent': scopeSent,
  'grant-not-form-encoded': (f) => ({
    evidence: [
      `sfjwt sends the exact form body; a proxy or a non-Salesforce service at ${f.tokenHost} may have altered or misread it.`,
    ],
  }),
};
