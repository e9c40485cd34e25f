/**
 * Distinguished names: the subject fields `openssl req` asks for, checked against RFC 5280's upper bounds and
 * encoded as an X.501 Name in OpenSSL's order (C, ST, L, O, OU, CN, emailAddress).
 */
import { KeyGenerationError } from '../errors.js';
import { ia5String, oid, printableString, sequence, setOf, utf8String } from '../internal/der.js';

/** The subject (or issuer) of a certificate or CSR. Only `commonName` is required. */
export interface DistinguishedName {
  /** CN, e.g. `sfjwt` or the integration's name. */
  readonly commonName: string;
  /** O */
  readonly organization?: string;
  /** OU */
  readonly organizationalUnit?: string;
  /** L (city) */
  readonly locality?: string;
  /** ST (state or province) */
  readonly state?: string;
  /** C: two letters, ISO 3166 (`US`, `DE`). */
  readonly country?: string;
  /** emailAddress (PKCS#9), ASCII only. */
  readonly emailAddress?: string;
}

type Field = keyof DistinguishedName;

interface FieldSpec {
  readonly field: Field;
  readonly short: string;
  readonly oid: string;
  /** RFC 5280 Appendix A upper bound (ub-*). */
  readonly max: number;
  readonly encode: (value: string) => Uint8Array;
}

/** In the order OpenSSL writes them, which is the order tools display. */
const FIELDS: readonly FieldSpec[] = [
  { field: 'country', short: 'C', oid: '2.5.4.6', max: 2, encode: printableString },
  { field: 'state', short: 'ST', oid: '2.5.4.8', max: 128, encode: utf8String },
  { field: 'locality', short: 'L', oid: '2.5.4.7', max: 128, encode: utf8String },
  { field: 'organization', short: 'O', oid: '2.5.4.10', max: 64, encode: utf8String },
  { field: 'organizationalUnit', short: 'OU', oid: '2.5.4.11', max: 64, encode: utf8String },
  { field: 'commonName', short: 'CN', oid: '2.5.4.3', max: 64, encode: utf8String },
  { field: 'emailAddress', short: 'emailAddress', oid: '1.2.840.113549.1.9.1', max: 255, encode: ia5String },
];

/** Short attribute names (`CN`, `O`, …) → fields, for reading names back. */
export const FIELD_BY_SHORT_NAME: Readonly<Record<string, Field>> = Object.fromEntries(
  FIELDS.map((spec) => [spec.short, spec.field]),
);

const invalid = (message: string, field: Field) =>
  new KeyGenerationError('ERR_KEYGEN_INVALID_OPTIONS', message, {
    fix: 'Correct the subject field and try again.',
    details: { field },
  });

/**
 * Checks a subject and returns it cleaned up (values trimmed, country upper-cased).
 *
 * @throws {@link KeyGenerationError} `ERR_KEYGEN_INVALID_OPTIONS` naming the field.
 */
export function validateSubject(subject: DistinguishedName): DistinguishedName {
  const clean: Partial<Record<Field, string>> = {};
  for (const spec of FIELDS) {
    const raw = subject[spec.field];
    if (raw === undefined) continue;
    const value = spec.field === 'country' ? raw.trim().toUpperCase() : raw.trim();
    if (value === '') throw invalid(`The subject's ${spec.field} (${spec.short}) is empty.`, spec.field);
    if (spec.field === 'country' && !/^[A-Z]{2}$/.test(value)) {
      throw invalid(`The subject's country (C) must be two letters, such as US or DE; got "${value}".`, spec.field);
    }
    if ([...value].length > spec.max) {
      throw invalid(`The subject's ${spec.field} (${spec.short}) is longer than ${spec.max} characters.`, spec.field);
    }
    if (/\p{Cc}/u.test(value)) {
      throw invalid(`The subject's ${spec.field} (${spec.short}) contains control characters.`, spec.field);
    }
    clean[spec.field] = value;
  }
  if (clean.commonName === undefined) throw invalid("The subject's commonName (CN) is required.", 'commonName');
  if (clean.emailAddress !== undefined && !/^[\x21-\x7e]+@[\x21-\x7e]+$/.test(clean.emailAddress)) {
    throw invalid(
      "The subject's emailAddress must be a plain ASCII address such as admin@example.com.",
      'emailAddress',
    );
  }
  return clean as DistinguishedName;
}

/** DER of an X.501 Name: one single-valued RDN per field present. The subject must be validated first. */
export function encodeName(subject: DistinguishedName): Uint8Array {
  const rdns: Uint8Array[] = [];
  for (const spec of FIELDS) {
    const value = subject[spec.field];
    if (value !== undefined) rdns.push(setOf(sequence(oid(spec.oid), spec.encode(value))));
  }
  return sequence(...rdns);
}
