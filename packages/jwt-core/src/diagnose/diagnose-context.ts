import { normalizeTokenHost } from '../audience/normalize-url.js';
import { GS1_AUDIENCE, LOGIN_URL, TEST_URL, resolveEndpoints, type AppType } from '../audience/resolve.js';
import type { HostFamily } from '../audience/families.js';
import type { AssertionClaims } from '../claims/types.js';

/** Input of {@link diagnoseFailure}: the server's answer plus whatever the caller knows locally. */
export interface DiagnoseInput {
  /** OAuth `error`. */
  readonly error: string;
  /** OAuth `error_description`. */
  readonly errorDescription?: string | undefined;
  /** HTTP status. */
  readonly status?: number | undefined;
  /**
   * Claims of the assertion that was sent: `createAssertion(...).claims`, or decoded ones of any shape (they may
   * come from a third-party token).
   */
  readonly claims?: AssertionClaims | Readonly<Record<string, unknown>> | undefined;
  /** Where the assertion was sent. */
  readonly tokenHost: string;
  /** The server's `Date` header, epoch ms. */
  readonly serverDate?: number | undefined;
  /** The local clock when the answer arrived, epoch ms. */
  readonly now?: number | undefined;
  /** The local clock when the request was sent, epoch ms: lets the clock check allow for the round trip. */
  readonly requestStartedAt?: number | undefined;
  /** Result of comparing the private key with the certificate the user says is uploaded. */
  readonly keyMatchesCertificate?: boolean | undefined;
  /** SHA-256 fingerprint of that certificate (for evidence). */
  readonly certificateFingerprint?: string | undefined;
  /** SHA-256 fingerprint of the key's public half, in the same format (for evidence). */
  readonly keyFingerprint?: string | undefined;
  /** The app type, when known. */
  readonly appType?: AppType | undefined;
}

/** Facts derived once from {@link DiagnoseInput} for the checks. */
/** A {@link DiagnoseInput} whose claims are read as plain data, key by key. */
export type DiagnoseFactsInput = Omit<DiagnoseInput, 'claims'> & {
  readonly claims?: Readonly<Record<string, unknown>> | undefined;
};

export interface Facts {
  readonly input: DiagnoseFactsInput;
  readonly tokenHost: string;
  readonly hostFamily: HostFamily | undefined;
  readonly sandbox: boolean;
  /** The `aud` as sent, when known. */
  readonly aud: string | undefined;
  /** `aud` normalized (scheme + host), or undefined when unparseable. */
  readonly audBase: string | undefined;
  readonly audFamily: HostFamily | undefined;
  /** iss/sub as strings, for messages. */
  readonly iss: string;
  readonly sub: string;
}

/** login/test/gs1: the audiences Salesforce documents. */
export function isDocumentedAudience(aud: string | undefined): boolean {
  return aud === LOGIN_URL || aud === TEST_URL || aud === GS1_AUDIENCE;
}

/** Families that stand for one org's own domain (My Domain, site, custom, emulator). */
export const ORG_DOMAIN_FAMILIES: ReadonlySet<HostFamily> = new Set([
  'my-domain',
  'sandbox-my-domain',
  'scratch',
  'developer',
  'alternate-my-domain',
  'govcloud',
  'china',
  'site',
  'custom',
  'loopback',
]);

function classify(url: string): { base: string; family: HostFamily; sandbox: boolean } | undefined {
  try {
    const r = resolveEndpoints({ instanceUrl: url });
    return { base: r.tokenHost, family: r.family, sandbox: r.sandbox };
  } catch {
    return undefined;
  }
}

/** A token host outside the login rules (e.g. plain http) in the same normal form; as given when not a URL at all. */
function lenientBase(tokenHost: string): string {
  try {
    return normalizeTokenHost(tokenHost);
  } catch {
    return tokenHost.trim();
  }
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value);
}

/** Derives {@link Facts}, reusing the audience resolver's host classification. */
export function deriveFacts(given: DiagnoseInput): Facts {
  const input: DiagnoseFactsInput = { ...given, claims: given.claims as Readonly<Record<string, unknown>> | undefined };
  const host = classify(input.tokenHost);
  const rawAud = input.claims?.['aud'];
  const aud = typeof rawAud === 'string' ? rawAud : undefined;
  const audInfo = aud === undefined || !/^https?:\/\//i.test(aud) ? undefined : classify(aud);
  return {
    input,
    tokenHost: host?.base ?? lenientBase(input.tokenHost),
    hostFamily: host?.family,
    sandbox: host?.sandbox ?? false,
    aud,
    audBase: audInfo?.base,
    audFamily: audInfo?.family,
    iss: text(input.claims?.['iss']),
    sub: text(input.claims?.['sub']),
  };
}
