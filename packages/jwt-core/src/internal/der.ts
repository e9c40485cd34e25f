/**
 * A minimal DER encoder (ITU-T X.690) for the few ASN.1 types an X.509 certificate, a PKCS#10 request and a PKCS#12
 * file need.
 * Hand-written rather than node-forge's asn1 so building a certificate costs microseconds and no 25 ms import;
 * node:crypto does the signing. Every output is checked by the openssl binary in the tests.
 */
import { Buffer } from 'node:buffer';

/** Universal tags used here. */
const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  IA5_STRING: 0x16,
  BMP_STRING: 0x1e,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/** Encodes a definite length (X.690 §8.1.3): short form below 128, else long form. */
function encodeLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

/** Tag-length-value. */
export function tlv(tag: number, content: Uint8Array): Uint8Array {
  return Buffer.concat([Uint8Array.of(tag), encodeLength(content.length), content]);
}

export const sequence = (...items: Uint8Array[]): Uint8Array => tlv(TAG.SEQUENCE, Buffer.concat(items));

/** SET OF, with its elements sorted as DER requires (X.690 §11.6). */
export const setOf = (...items: Uint8Array[]): Uint8Array =>
  tlv(TAG.SET, Buffer.concat([...items].sort((a, b) => Buffer.compare(a, b))));

export const nullValue = (): Uint8Array => Uint8Array.of(TAG.NULL, 0);

export const boolean = (value: boolean): Uint8Array => tlv(TAG.BOOLEAN, Uint8Array.of(value ? 0xff : 0x00));

/** A non-negative INTEGER from big-endian bytes, in minimal two's-complement form. */
export function unsignedInteger(bytes: Uint8Array): Uint8Array {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const trimmed = bytes.subarray(start);
  const content = (trimmed[0] ?? 0) & 0x80 ? Buffer.concat([Uint8Array.of(0), trimmed]) : trimmed;
  return tlv(TAG.INTEGER, content.length === 0 ? Uint8Array.of(0) : content);
}

/** A small non-negative INTEGER (version numbers). */
export const smallInteger = (value: number): Uint8Array => unsignedInteger(Uint8Array.of(value));

/** A non-negative safe integer such as an iteration count (PKCS#5 `iterationCount`, PKCS#12 `iterations`). */
export function integer(value: number): Uint8Array {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`der.integer: ${value} is not a non-negative safe integer`);
  const bytes: number[] = [];
  for (let n = value; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
  return unsignedInteger(Uint8Array.from(bytes.length === 0 ? [0] : bytes));
}

/** An OBJECT IDENTIFIER from its dotted form (X.690 §8.19). */
export function oid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map(Number);
  const [first = 0, second = 0, ...rest] = arcs;
  const bytes: number[] = [];
  for (const arc of [first * 40 + second, ...rest]) {
    const chunk = [arc & 0x7f];
    for (let n = Math.floor(arc / 128); n > 0; n = Math.floor(n / 128)) chunk.unshift(0x80 | (n & 0x7f));
    bytes.push(...chunk);
  }
  return tlv(TAG.OID, Uint8Array.from(bytes));
}

/** A BIT STRING holding whole bytes, or `unusedBits` spare bits at the end of the last byte. */
export const bitString = (bytes: Uint8Array, unusedBits = 0): Uint8Array =>
  tlv(TAG.BIT_STRING, Buffer.concat([Uint8Array.of(unusedBits), bytes]));

export const octetString = (bytes: Uint8Array): Uint8Array => tlv(TAG.OCTET_STRING, bytes);

export const utf8String = (text: string): Uint8Array => tlv(TAG.UTF8_STRING, Buffer.from(text, 'utf8'));

export const printableString = (text: string): Uint8Array => tlv(TAG.PRINTABLE_STRING, Buffer.from(text, 'latin1'));

export const ia5String = (text: string): Uint8Array => tlv(TAG.IA5_STRING, Buffer.from(text, 'latin1'));

/** A BMPString: UTF-16 big-endian code units, as PKCS#12's friendlyName attribute wants (RFC 7292 §4.2). */
export const bmpString = (text: string): Uint8Array => tlv(TAG.BMP_STRING, utf16be(text));

/** The UTF-16 big-endian bytes of a string (Java's `char` order: JKS and PKCS#12 passwords, BMPStrings). */
export function utf16be(text: string): Uint8Array {
  const bytes = Buffer.from(text, 'utf16le');
  return bytes.swap16();
}

/**
 * An X.509 `Time` (RFC 5280 §4.1.2.5): UTCTime `YYMMDDHHMMSSZ` for 1950–2049, GeneralizedTime `YYYYMMDDHHMMSSZ`
 * from 2050 on. Seconds precision; milliseconds are dropped.
 */
export function time(ms: number): Uint8Array {
  const iso = new Date(ms).toISOString(); // 2026-11-22T06:05:05.123Z
  const digits = iso.slice(0, 19).replace(/[-T:]/g, ''); // 20261122060505
  const year = Number(iso.slice(0, 4));
  return year >= 1950 && year < 2050
    ? tlv(TAG.UTC_TIME, Buffer.from(`${digits.slice(2)}Z`, 'latin1'))
    : tlv(TAG.GENERALIZED_TIME, Buffer.from(`${digits}Z`, 'latin1'));
}

/** A context-specific constructed value: `[n] EXPLICIT` wrappers and `[n] IMPLICIT SET OF` (X.690 §8.1.2). */
export const contextConstructed = (n: number, content: Uint8Array): Uint8Array => tlv(0xa0 | n, content);

/** A context-specific primitive value: `[n] IMPLICIT OCTET STRING` such as a keyIdentifier. */
export const contextPrimitive = (n: number, bytes: Uint8Array): Uint8Array => tlv(0x80 | n, bytes);
