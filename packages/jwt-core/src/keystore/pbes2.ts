/**
 * PBES2 (RFC 8018 §6.2) with PBKDF2-HMAC-SHA256 and AES-256-CBC: how OpenSSL 3 and Java 17 encrypt the bags of a
 * PKCS#12 file by default. The password goes into PBKDF2 as UTF-8, as both tools pass it.
 */
import { createCipheriv, pbkdf2Sync, randomBytes } from 'node:crypto';
import { Buffer } from 'node:buffer';
import { integer, nullValue, octetString, oid, sequence } from '../internal/der.js';

const OID = {
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  hmacWithSha256: '1.2.840.113549.2.9',
  aes256Cbc: '2.16.840.1.101.3.4.1.42',
} as const;

/** Iterations of PBKDF2 and of the PKCS#12 MAC: Java 17's default (OpenSSL 3 uses 2048). */
export const PKCS12_ITERATIONS = 10_000;

const SALT_BYTES = 16;
const IV_BYTES = 16;

/** What {@link pbes2Encrypt} produced. */
export interface Pbes2Result {
  /** The PBES2 AlgorithmIdentifier DER (salt, iterations, PRF, IV). */
  readonly algorithm: Uint8Array;
  /** AES-256-CBC ciphertext, PKCS#7-padded. */
  readonly ciphertext: Uint8Array;
}

/** Encrypts `plaintext` under `password` with a fresh salt and IV. */
export function pbes2Encrypt(plaintext: Uint8Array, password: string, iterations = PKCS12_ITERATIONS): Pbes2Result {
  const salt = randomBytes(SALT_BYTES);
  const iv = randomBytes(IV_BYTES);
  const key = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, 32, 'sha256');
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const kdf = sequence(
    oid(OID.pbkdf2),
    sequence(octetString(salt), integer(iterations), sequence(oid(OID.hmacWithSha256), nullValue())),
  );
  const algorithm = sequence(oid(OID.pbes2), sequence(kdf, sequence(oid(OID.aes256Cbc), octetString(iv))));
  return { algorithm, ciphertext };
}
