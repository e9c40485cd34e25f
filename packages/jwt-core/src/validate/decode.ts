import { AssertionFormatError } from '../errors.js';

/** Default size cap of {@link decodeAssertion}: real assertions are well under 1 KB. */
export const MAX_ASSERTION_BYTES = 16_384;

/** A JSON object from a decoded JWS part. */
export type JsonObject = Readonly<Record<string, unknown>>;

/** The parts of a compact JWS, decoded but not yet checked. */
export interface DecodedAssertion {
  /** The protected header. */
  readonly header: JsonObject;
  /** The claims (payload). */
  readonly claims: JsonObject;
  /** `header.claims` as sent: the bytes the signature covers. */
  readonly signingInput: string;
  /** The raw signature; empty for an unsecured (`alg: none`) JWT. */
  readonly signature: Buffer;
}

/** Which part of the assertion a format error is about. */
export type AssertionPart = 'assertion' | 'header' | 'claims' | 'signature';

type SegmentName = Exclude<AssertionPart, 'assertion'>;
const FIX =
  'Give the compact JWS exactly as produced: three base64url parts joined by dots (header.claims.signature), e.g. from createAssertion.';
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decode a compact JWS without trusting it: a size cap, exactly three segments, strict unpadded base64url
 * and JSON objects for header and claims. Surrounding whitespace is trimmed. Nothing is verified.
 *
 * @param token - the assertion
 * @param options - `maxBytes`, default {@link MAX_ASSERTION_BYTES}
 * @throws AssertionFormatError `ERR_ASSERTION_TOO_LARGE`, or `ERR_ASSERTION_MALFORMED` with `details.part` and
 *   `details.reason`
 * @example
 * ```ts
 * const { header, claims } = decodeAssertion(assertion)
 * ```
 */
export function decodeAssertion(assertion: string, options: { readonly maxBytes?: number } = {}): DecodedAssertion {
  const maxBytes = options.maxBytes ?? MAX_ASSERTION_BYTES;
  const size = Buffer.byteLength(assertion, 'utf8');
  if (size > maxBytes) {
    throw new AssertionFormatError(
      'ERR_ASSERTION_TOO_LARGE',
      `The assertion is ${size} bytes; the limit is ${maxBytes}.`,
      {
        fix: 'An assertion is normally under 1 KB: check that you passed the assertion itself, not a file or a log.',
        details: { bytes: size, maxBytes },
      },
    );
  }
  const text = assertion.trim();
  if (text === '') malformed('assertion', 'it is empty');
  if (text.startsWith('-----BEGIN'))
    malformed('assertion', 'it is a PEM block (a key or certificate), not an assertion');
  if (/^00D[A-Za-z0-9]{12,15}!/.test(text))
    malformed('assertion', 'it looks like a Salesforce access token (session id), not an assertion');
  const segments = text.split('.');
  if (segments.length !== 3) {
    const jwe = segments.length === 5 ? ' (5 parts is an encrypted JWE)' : '';
    malformed(
      'assertion',
      `it has ${segments.length} part${segments.length === 1 ? '' : 's'}${jwe}; a compact JWS has 3: header.claims.signature`,
    );
  }
  const [h, c, s] = segments as [string, string, string];
  const header = jsonObject('header', decodePart('header', h));
  const claims = jsonObject('claims', decodePart('claims', c));
  // An empty signature is an unsecured JWT (`alg: none`); decoding allows it so validation can report it.
  const signature = s === '' ? Buffer.alloc(0) : decodePart('signature', s);
  return { header, claims, signingInput: `${h}.${c}`, signature };
}

function decodePart(part: SegmentName, segment: string): Buffer {
  if (segment === '') malformed(part, 'it is empty');
  if (/\s/.test(segment)) malformed(part, 'it contains whitespace or line breaks');
  if (segment.includes('=')) malformed(part, "it has '=' padding; a JWS uses unpadded base64url");
  if (/[+/]/.test(segment)) malformed(part, "it uses standard base64 ('+' or '/'), not base64url ('-' and '_')");
  if (!/^[A-Za-z0-9_-]+$/.test(segment)) malformed(part, 'it contains characters outside base64url');
  const bytes = Buffer.from(segment, 'base64url');
  // Reject non-canonical encodings (a dangling character, or non-zero spare bits) by re-encoding.
  if (bytes.toString('base64url') !== segment) malformed(part, 'it is not canonical base64url (truncated or altered)');
  return bytes;
}

function jsonObject(part: 'header' | 'claims', bytes: Buffer): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(bytes));
  } catch {
    malformed(part, 'it does not decode to UTF-8 JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    malformed(
      part,
      `it is JSON ${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value}, not an object`,
    );
  }
  return value as JsonObject;
}

function malformed(part: AssertionPart, reason: string): never {
  const where =
    part === 'assertion' ? 'The assertion is not a compact JWS' : `The assertion's ${part} part is malformed`;
  throw new AssertionFormatError('ERR_ASSERTION_MALFORMED', `${where}: ${reason}.`, {
    fix: FIX,
    hint: { kind: 'assertion-malformed' },
    details: { part, reason },
  });
}
