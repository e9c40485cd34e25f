// The app's certificate: the emulator verifies RS256 signatures with its public key, independently of jwt-core.
import { X509Certificate, type KeyObject } from 'node:crypto';

export type CertificateResult = { ok: true; publicKey: KeyObject } | { ok: false; reason: string };

/**
 * Reads an X.509 certificate PEM and returns its RSA public key.
 * Salesforce wants RSA ≥ 2048 bits (reference §7); an expired certificate is fine (§7: validity not enforced).
 */
export function certificatePublicKey(pem: string): CertificateResult {
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    const hint = pem.includes('PRIVATE KEY')
      ? ' (this is a private key: the app gets the certificate, the client keeps the key)'
      : '';
    return { ok: false, reason: `must be an X.509 certificate PEM ("-----BEGIN CERTIFICATE-----")${hint}` };
  }
  let publicKey: KeyObject;
  try {
    publicKey = new X509Certificate(pem).publicKey;
  } catch (error) {
    return { ok: false, reason: `is not a readable X.509 certificate: ${(error as Error).message}` };
  }
  if (publicKey.asymmetricKeyType !== 'rsa') {
    return {
      ok: false,
      reason: `must hold an RSA key (got ${publicKey.asymmetricKeyType ?? 'unknown'}): Salesforce only verifies RS256`,
    };
  }
  const bits = publicKey.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < 2048) return { ok: false, reason: `must hold an RSA key of at least 2048 bits (got ${bits})` };
  return { ok: true, publicKey };
}
