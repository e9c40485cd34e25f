import { DEFAULT_LIFETIME_SECONDS } from '../claims/lifetime.js';
import type { ErrorHint } from '../errors.js';
import type { JsonObject } from './decode.js';
import { finding, type Finding } from './findings.js';

// NumericDate values above this are milliseconds: 1e11 s is the year 5138.
const MILLISECONDS_THRESHOLD = 1e11;
// Below this an exp is a duration or a unit slip, not a timestamp (1e9 s is September 2001).
const DURATION_THRESHOLD = 1e9;
const RESIGN =
  'Sign a fresh assertion right before the request: createAssertion sets exp = now + 180 s in integer seconds.';
const RESIGN_HINT = { kind: 'sign-fresh' } as const;

/** A NumericDate read leniently: numbers, or digit strings (which Salesforce accepts for exp). */
interface TimeValue {
  readonly seconds: number;
  readonly isString: boolean;
}

function readTime(value: unknown): TimeValue | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return { seconds: value, isString: false };
  if (typeof value === 'string' && /^\d{1,16}(\.\d+)?$/.test(value)) return { seconds: Number(value), isString: true };
  return undefined;
}

/** `exp`, `iat`, `nbf` and `jti` checks against `now` with `skew` seconds of tolerance. */
export function checkTimes(claims: JsonObject, nowMs: number, skew: number): Finding[] {
  const now = nowMs / 1000;
  const exp = checkExp(claims['exp'], now, skew);
  const out = [
    ...exp.findings,
    ...checkStartClaim('iat', claims['iat'], now, skew),
    ...checkStartClaim('nbf', claims['nbf'], now, skew),
  ];
  if (exp.longLived && claims['jti'] !== undefined) {
    out.push(
      finding(
        'JTI_ON_LONG_LIVED',
        'A long-lived assertion carries a jti: Salesforce accepts a given jti only once, so it cannot be reused.',
        'Leave jti out of long-lived assertions.',
      ),
    );
  }
  return out;
}

/** The `exp` findings, and whether the assertion is long-lived (milliseconds, or past the documented lifetime). */
function checkExp(rawExp: unknown, now: number, skew: number): { findings: Finding[]; longLived: boolean } {
  if (rawExp === undefined) {
    return { findings: [finding('EXP_MISSING', 'The claims have no "exp".', RESIGN, RESIGN_HINT)], longLived: false };
  }
  const exp = readTime(rawExp);
  if (exp === undefined) {
    const message = `exp must be a NumericDate (seconds since the epoch), not ${JSON.stringify(rawExp)}.`;
    return { findings: [finding('EXP_TYPE', message, RESIGN, RESIGN_HINT)], longLived: false };
  }
  const findings: Finding[] = [];
  if (exp.isString) {
    findings.push(
      finding(
        'EXP_STRING',
        `exp is the string ${JSON.stringify(rawExp)}; Salesforce accepts it, but a NumericDate is a number.`,
        'Emit exp as an integer.',
      ),
    );
  }
  const timing = expTiming(exp.seconds, now, skew);
  if (timing !== undefined) findings.push(timing);
  const longLived = timing?.code === 'EXP_MILLISECONDS' || timing?.code === 'EXP_TOO_FAR';
  return { findings, longLived };
}

/** Where `exp` falls against now: milliseconds, past, within the skew, too far ahead, or fine (undefined). */
function expTiming(exp: number, now: number, skew: number): Finding | undefined {
  if (exp > MILLISECONDS_THRESHOLD) {
    // The sf CLI has signed exp in milliseconds since 2017 and Salesforce accepts it.
    return finding(
      'EXP_MILLISECONDS',
      `exp ${exp} looks like milliseconds (as seconds it is ${describeDate(exp)}): tolerated, but the assertion practically never expires.`,
      'Emit exp in integer seconds: now + 180.',
    );
  }
  if (exp < now - skew) {
    return finding(
      'EXP_PAST',
      `exp ${exp} (${describeDate(exp)}) is ${ago(now - exp)} in the past; Salesforce answers "expired authorization code".`,
      ...pastFix(exp, now),
    );
  }
  if (exp < now) {
    return finding(
      'EXP_WITHIN_SKEW',
      `exp is ${ago(now - exp)} in the past by this clock, within the allowed skew of ${skew} s.`,
      RESIGN,
      RESIGN_HINT,
    );
  }
  if (exp - now > DEFAULT_LIFETIME_SECONDS + skew) {
    return finding(
      'EXP_TOO_FAR',
      `exp is ${ago(exp - now)} ahead, over the documented 3 minutes: tolerated, but anyone holding the assertion can log in until then.`,
      'Keep lifetimes at 180 s and sign again when needed; hand out a long-lived assertion only deliberately.',
    );
  }
  return undefined;
}

/** What differs between the two claims that must not lie in the future: their codes and advice. */
const START_CLAIMS = {
  iat: {
    typeCode: 'IAT_TYPE',
    typeFix: 'Emit iat as integer seconds (Math.floor(Date.now() / 1000)).',
    futureCode: 'IAT_FUTURE',
    future: (ahead: string) => `iat is ${ahead} in the future: the signer's clock runs ahead of this one (clock skew).`,
    futureFix: 'Synchronise the clocks (NTP) of the machine that signs and the one that checks.',
  },
  nbf: {
    typeCode: 'NBF_TYPE',
    typeFix: 'Emit nbf as integer seconds, or leave it out.',
    futureCode: 'NBF_FUTURE',
    // Whether Salesforce enforces nbf is unknown; an RFC 7519 server rejects it.
    future: (ahead: string) => `nbf is ${ahead} in the future: the assertion is not valid yet (clock skew?).`,
    futureFix: 'Leave nbf out, or set it to iat; synchronise clocks (NTP).',
  },
} as const;

/** `iat` or `nbf`: absent is fine; otherwise integer seconds, not past now + skew. */
function checkStartClaim(name: keyof typeof START_CLAIMS, raw: unknown, now: number, skew: number): Finding[] {
  if (raw === undefined) return [];
  const claim = START_CLAIMS[name];
  const time = readTime(raw);
  if (time === undefined || time.isString || time.seconds > MILLISECONDS_THRESHOLD) {
    return [
      finding(claim.typeCode, `${name} must be a NumericDate in seconds, not ${JSON.stringify(raw)}.`, claim.typeFix),
    ];
  }
  if (time.seconds > now + skew)
    return [finding(claim.futureCode, claim.future(ago(time.seconds - now)), claim.futureFix)];
  return [];
}

function pastFix(exp: number, now: number): [fix: string, hint?: ErrorHint] {
  if (exp < DURATION_THRESHOLD)
    return [`exp ${exp} is a duration or a unit slip, not a timestamp: use now + 180 in seconds since the epoch.`];
  const behind = now - exp;
  const hours = Math.round(behind / 3600);
  // An exp off by whole hours is the classic local-time-as-UTC bug.
  if (hours >= 1 && Math.abs(behind - hours * 3600) < 300) {
    return [
      `exp is about ${hours} hour${hours === 1 ? '' : 's'} behind: local time used as UTC? Use UTC epoch seconds. ${RESIGN}`,
      { kind: 'sign-fresh', hoursBehind: hours },
    ];
  }
  return [`${RESIGN} If it was fresh, check the clock (NTP).`, { kind: 'sign-fresh', checkClock: true }];
}

function ago(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172_800) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86_400)} days`;
}

function describeDate(seconds: number): string {
  const ms = seconds * 1000;
  if (Math.abs(ms) > 8.64e15) return 'beyond the year 275760';
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  return year > 9999 ? `the year ${year}` : date.toISOString();
}
