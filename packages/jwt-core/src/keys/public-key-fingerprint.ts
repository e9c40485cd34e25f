import { createHash, createPublicKey, type KeyObject } from 'node:crypto';

/**
 * SHA-256 fingerprint of a key's public half: the digest of its SubjectPublicKeyInfo DER, upper-case colon hex (as
 * `openssl pkey -pubout -outform DER | openssl dgst -sha256 -c` shows it). The same for a private key, its public
 * key and the certificate that carries it, so it tells at a glance whether a key and a certificate belong together.
 *
 * @param key - A private or public key.
 * @returns For example `3A:7F:…` (32 bytes).
 *
 * @example
 * ```ts
 * publicKeyFingerprint(loaded.keyObject) === describeCertificate(pem, { now }).publicKeySha256Fingerprint
 * ```
 */
export function publicKeyFingerprint(key: KeyObject): string {
  const publicKey = key.type === 'public' ? key : createPublicKey(key);
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256')
    .update(spki)
    .digest('hex')
    .toUpperCase()
    .replace(/(..)(?!$)/g, '$1:');
}
