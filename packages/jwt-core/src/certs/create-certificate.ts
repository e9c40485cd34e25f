import { randomBytes, sign, type KeyObject } from 'node:crypto';
import { KeyGenerationError } from '../errors.js';
import {
  bitString,
  boolean,
  contextConstructed,
  contextPrimitive,
  nullValue,
  octetString,
  oid,
  sequence,
  smallInteger,
  time,
  unsignedInteger,
} from '../internal/der.js';
import { derToPem } from '../internal/pem.js';
import { privateKeyInfo } from '../keys/private-key-info.js';
import { publicKeyParts } from './public-key-parts.js';
import { encodeName, validateSubject, type DistinguishedName } from './subject.js';

/** Options of {@link createSelfSignedCertificate}. */
export interface SelfSignedCertificateOptions {
  /** The private RSA key (≥ 2048 bits) whose public half the certificate carries and which signs it. */
  readonly key: KeyObject;
  /** Subject, also the issuer (self-signed). */
  readonly subject: DistinguishedName;
  /** Validity in days from `now`, 1–36500; 365 when omitted (as in the seeds' `openssl x509 -days 365`). */
  readonly days?: number | undefined;
  /** The clock, in milliseconds since the epoch: the certificate is valid from this instant. */
  readonly now: () => number;
}

const DAY_MS = 86_400_000;
/** sha256WithRSAEncryption (RFC 4055 §5) with its NULL parameters. */
export const SHA256_WITH_RSA = sequence(oid('1.2.840.113549.1.1.11'), nullValue());

/**
 * Makes a self-signed X.509 v3 certificate for the JWT bearer flow: the file uploaded to the Connected App ("Use
 * digital signatures") or the External Client App ("Enable JWT Bearer Flow"). SHA-256 with RSA, a random positive
 * 128-bit serial, and the usual end-entity extensions: basicConstraints CA:FALSE (critical), keyUsage
 * digitalSignature + keyEncipherment (critical), subjectKeyIdentifier and authorityKeyIdentifier.
 *
 * The DER is built in-process and signed with node:crypto, so it costs well under a millisecond once the key exists.
 *
 * @param options - key, subject, days (default 365) and the clock.
 * @returns The certificate as PEM (`-----BEGIN CERTIFICATE-----`), ending in a newline.
 * @throws {@link KeyGenerationError} `ERR_KEYGEN_INVALID_OPTIONS` for a bad subject or validity;
 *   {@link KeyError} when the key is not a usable RSA private key.
 *
 * @example
 * ```ts
 * const { privateKey } = await generateRsaKeyPair()
 * const pem = createSelfSignedCertificate({ key: privateKey, subject: { commonName: 'sfjwt' }, now: Date.now })
 * ```
 */
export function createSelfSignedCertificate(options: SelfSignedCertificateOptions): string {
  const { keyObject } = privateKeyInfo(options.key);
  const subject = validateSubject(options.subject);
  const days = validateDays(options.days ?? 365);
  const notBefore = Math.floor(options.now() / 1000) * 1000;
  const { spki, keyIdentifier } = publicKeyParts(keyObject);
  const name = encodeName(subject);

  const tbs = sequence(
    contextConstructed(0, smallInteger(2)), // v3
    unsignedInteger(randomSerial()),
    SHA256_WITH_RSA,
    name, // issuer = subject
    sequence(time(notBefore), time(notBefore + days * DAY_MS)),
    name,
    spki,
    contextConstructed(3, sequence(...extensions(keyIdentifier))),
  );
  const signature = sign('sha256', tbs, keyObject);
  return derToPem('CERTIFICATE', sequence(tbs, SHA256_WITH_RSA, bitString(signature)));
}

/** RFC 5280 §4.1.2.2: positive, at most 20 octets; 16 random bytes with the high bit cleared (and never zero). */
function randomSerial(): Uint8Array {
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f || 0x01;
  return serial;
}

function extensions(keyIdentifier: Uint8Array): Uint8Array[] {
  const extension = (id: string, critical: boolean, value: Uint8Array) =>
    sequence(oid(id), ...(critical ? [boolean(true)] : []), octetString(value));
  return [
    // basicConstraints: cA defaults to FALSE, so the SEQUENCE is empty (DER omits defaults).
    extension('2.5.29.19', true, sequence()),
    // keyUsage: bits 0 (digitalSignature) and 2 (keyEncipherment) → 1010 0000 with 5 unused bits.
    extension('2.5.29.15', true, bitString(Uint8Array.of(0xa0), 5)),
    extension('2.5.29.14', false, octetString(keyIdentifier)),
    // authorityKeyIdentifier [0] keyIdentifier: self-signed, so the subject's own identifier.
    extension('2.5.29.35', false, sequence(contextPrimitive(0, keyIdentifier))),
  ];
}

function validateDays(days: number): number {
  if (!Number.isInteger(days) || days < 1 || days > 36_500) {
    throw new KeyGenerationError(
      'ERR_KEYGEN_INVALID_OPTIONS',
      `The validity must be a whole number of days from 1 to 36500; got ${String(days)}.`,
      {
        fix: 'Pass a validity such as 365 (one year) or 3650 (ten years); Salesforce does not enforce expiry.',
        details: { days },
      },
    );
  }
  return days;
}
