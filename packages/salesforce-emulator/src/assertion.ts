// Decoding and verifying a compact JWS the way the login server does, with node:crypto only (no jwt-core: the
// emulator is the independent referee).
import { verify, type KeyObject } from 'node:crypto';

export interface DecodedAssertion {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  signingInput: string;
  signature: Buffer;
}

// base64url; trailing `=` tolerated because Salesforce's own documentation example is padded (reference §1.3).
const SEGMENT = /^[A-Za-z0-9_-]*={0,2}$/;

/** Splits and decodes `header.claims.signature`; undefined when it is not a JWS with JSON object parts. */
export function decodeAssertion(jws: string): DecodedAssertion | undefined {
  const parts = jws.split('.');
  if (parts.length !== 3) return undefined;
  const [h = '', c = '', s = ''] = parts;
  if (!SEGMENT.test(h) || !SEGMENT.test(c) || !SEGMENT.test(s) || h === '' || c === '' || s === '') return undefined;
  const header = parseObject(h);
  const claims = parseObject(c);
  if (header === undefined || claims === undefined) return undefined;
  return { header, claims, signingInput: `${h}.${c}`, signature: Buffer.from(s.replace(/=+$/, ''), 'base64url') };
}

function parseObject(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment.replace(/=+$/, ''), 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * True when the assertion is RS256 (RSASSA-PKCS1-v1_5 / SHA-256, reference §1.1) and signed by the certificate's key.
 * Other algorithms are not accepted: Salesforce documents RS256 only.
 */
export function verifyAssertion(assertion: DecodedAssertion, publicKey: KeyObject): boolean {
  if (assertion.header.alg !== 'RS256') return false;
  try {
    return verify('sha256', Buffer.from(assertion.signingInput), publicKey, assertion.signature);
  } catch {
    return false;
  }
}

/**
 * `exp` as seconds since the epoch: a number, or a numeric string (the docs' own example, reference §1.2).
 * A millisecond `exp` (the sf CLI's) is just a very distant second count and is accepted as such.
 */
export function expirySeconds(exp: unknown): number | undefined {
  if (typeof exp === 'number' && Number.isFinite(exp)) return exp;
  if (typeof exp === 'string' && /^\d+(\.\d+)?$/.test(exp)) return Number(exp);
  return undefined;
}

/** The subject: legacy `prn` wins over `sub` when both are present (reference §1.1). */
export function subject(claims: Record<string, unknown>): string | undefined {
  const value = claims.prn ?? claims.sub;
  return typeof value === 'string' ? value : undefined;
}
