/**
 * The integrity MAC of a PKCS#12 file (RFC 7292 §5 and Appendix B): HMAC-SHA256 over the AuthenticatedSafe, keyed
 * with the PKCS#12 key derivation (ID 3, SHA-256) of the password as a BMPString. OpenSSL 3 and Java 17 write this.
 */
import { createHash, createHmac, hash, randomBytes } from 'node:crypto';
import { Buffer } from 'node:buffer';
import { integer, nullValue, octetString, oid, sequence, utf16be } from '../internal/der.js';

const SHA256_OID = '2.16.840.1.101.3.4.2.1';
const SALT_BYTES = 16;
const HASH_BYTES = 32; // u: SHA-256 output
const BLOCK_BYTES = 64; // v: SHA-256 input block

/** The purposes of the PKCS#12 KDF (RFC 7292 B.3): 1 = cipher key, 2 = IV, 3 = MAC key. */
export type Pkcs12KdfId = 1 | 2 | 3;

/**
 * RFC 7292 Appendix B.2 with SHA-256. Only the MAC uses it here (PBES2 encrypts the bags), but it is written for any ID.
 *
 * @param password - Taken as a BMPString: UTF-16BE with two terminating zero bytes (B.1).
 */
export function pkcs12Kdf(
  password: string,
  salt: Uint8Array,
  id: Pkcs12KdfId,
  iterations: number,
  length: number,
): Buffer {
  const D = Buffer.alloc(BLOCK_BYTES, id);
  const bmp = Buffer.concat([utf16be(password), Buffer.alloc(2)]);
  const I = Buffer.concat([repeatToBlocks(salt), repeatToBlocks(bmp)]);
  const out: Buffer[] = [];
  for (let produced = 0; produced < length; produced += HASH_BYTES) {
    let A = createHash('sha256').update(D).update(I).digest();
    for (let round = 1; round < iterations; round++) A = hash('sha256', A, 'buffer'); // one-shot: ~3× faster per round
    out.push(A);
    // I_j = (I_j + B + 1) mod 2^(8v) for every v-byte block, B = A repeated to v bytes.
    const B = repeatTo(A, BLOCK_BYTES);
    for (let block = 0; block < I.length; block += BLOCK_BYTES) {
      let carry = 1;
      for (let i = BLOCK_BYTES - 1; i >= 0; i--) {
        const sum = (I[block + i] ?? 0) + (B[i] ?? 0) + carry;
        I[block + i] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return Buffer.concat(out).subarray(0, length);
}

/** MacData (RFC 7292 §4): DigestInfo(sha256, HMAC), a fresh salt and the iteration count. */
export function pkcs12MacData(authSafe: Uint8Array, password: string, iterations: number): Uint8Array {
  const salt = randomBytes(SALT_BYTES);
  const key = pkcs12Kdf(password, salt, 3, iterations, HASH_BYTES);
  const mac = createHmac('sha256', key).update(authSafe).digest();
  return sequence(
    sequence(sequence(oid(SHA256_OID), nullValue()), octetString(mac)),
    octetString(salt),
    integer(iterations),
  );
}

/** `bytes` repeated to a whole number of v-byte blocks (empty stays empty). */
function repeatToBlocks(bytes: Uint8Array): Buffer {
  return repeatTo(bytes, BLOCK_BYTES * Math.ceil(bytes.length / BLOCK_BYTES));
}

function repeatTo(bytes: Uint8Array, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) out[i] = bytes[i % bytes.length] ?? 0;
  return out;
}
