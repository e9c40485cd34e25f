/**
 * The public-key pieces a certificate or CSR embeds, derived from the private key with node:crypto.
 */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';

/** SubjectPublicKeyInfo DER and the RFC 5280 §4.2.1.2 method (1) key identifier. */
export interface PublicKeyParts {
  /** DER of SubjectPublicKeyInfo (algorithm rsaEncryption + the PKCS#1 RSAPublicKey). */
  readonly spki: Uint8Array;
  /** SHA-1 of the subjectPublicKey BIT STRING's value, i.e. of the PKCS#1 RSAPublicKey DER. */
  readonly keyIdentifier: Uint8Array;
}

/** Derives the SPKI and key identifier of an RSA private key. */
export function publicKeyParts(privateKey: KeyObject): PublicKeyParts {
  const publicKey = createPublicKey(privateKey);
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  // For RSA the BIT STRING inside the SPKI holds exactly the PKCS#1 RSAPublicKey DER.
  const pkcs1 = publicKey.export({ type: 'pkcs1', format: 'der' });
  return { spki, keyIdentifier: createHash('sha1').update(pkcs1).digest() };
}
