/**
 * Sun's proprietary key protection for JKS entries (`sun.security.provider.KeyProtector`): the PKCS#8 key is XORed with
 * a SHA-1 keystream derived from the password and a random 20-byte salt, followed by a SHA-1 check value. Weak by
 * today's standards, but it is what the JKS format defines and what Salesforce imports.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Buffer } from 'node:buffer';
import { nullValue, octetString, oid, sequence, utf16be } from '../internal/der.js';

/** The KeyProtector algorithm (Sun Microsystems' arc 1.3.6.1.4.1.42). */
export const KEY_PROTECTOR_OID = '1.3.6.1.4.1.42.2.17.1.1';

const SALT_BYTES = 20;
const sha1 = (...parts: Uint8Array[]): Buffer => {
  const hash = createHash('sha1');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

/**
 * Protects a PKCS#8 key the way keytool does and wraps it as an EncryptedPrivateKeyInfo.
 *
 * salt (20) ‖ key XOR stream ‖ SHA-1(password ‖ key), where stream = D1 ‖ D2 ‖ … with D1 = SHA-1(password ‖ salt),
 * Di = SHA-1(password ‖ Di−1), and the password is taken as UTF-16BE, as Java's `char[]` is.
 *
 * @param pkcs8 - The unencrypted PrivateKeyInfo DER.
 * @param password - The key password (the store password, for Salesforce).
 * @returns EncryptedPrivateKeyInfo DER with algorithm {@link KEY_PROTECTOR_OID}.
 */
export function protectJksKey(pkcs8: Uint8Array, password: string): Uint8Array {
  const passwordBytes = utf16be(password);
  const salt = randomBytes(SALT_BYTES);
  const encrypted = Buffer.alloc(pkcs8.length);
  let digest: Buffer = salt;
  for (let offset = 0; offset < pkcs8.length; offset += digest.length) {
    digest = sha1(passwordBytes, digest);
    for (let i = 0; i < digest.length && offset + i < pkcs8.length; i++) {
      encrypted[offset + i] = (pkcs8[offset + i] ?? 0) ^ (digest[i] ?? 0);
    }
  }
  const check = sha1(passwordBytes, pkcs8);
  return sequence(sequence(oid(KEY_PROTECTOR_OID), nullValue()), octetString(Buffer.concat([salt, encrypted, check])));
}
