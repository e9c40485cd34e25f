import { createHash, createPublicKey, KeyObject } from 'node:crypto';
import { readCertificate } from '../certs/read-certificate.js';
import { CertificateError } from '../errors.js';

/**
 * A certificate or key the signature may be checked against: a labelled certificate (PEM text, or PEM/DER bytes), a
 * labelled public or private key PEM, or a `KeyObject`.
 */
export type SignatureCandidate = { readonly label: string; readonly pem: string | Uint8Array } | KeyObject;

/** A candidate ready to verify with. */
export interface PreparedCandidate {
  readonly label: string;
  /** `certificate` fingerprints are over the certificate DER (as `openssl x509 -fingerprint -sha256`); `public key` ones over the SPKI DER. */
  readonly kind: 'certificate' | 'public key';
  /** SHA-256 fingerprint, upper-case colon-separated hex. */
  readonly fingerprint: string;
  readonly publicKey: KeyObject;
  /** Expiry of a certificate, epoch ms. */
  readonly notAfter?: number;
}

/**
 * Parse candidates once. A certificate PEM gives its key and expiry; a public or private key PEM (or `KeyObject`)
 * gives its public key.
 *
 * @throws CertificateError from `readCertificate` (`ERR_CERT_EMPTY`, `ERR_CERT_NOT_PEM`, `ERR_CERT_INVALID`, …), or
 *   `ERR_CERT_INVALID` for a key PEM that cannot be read
 */
export function prepareCandidates(candidates: readonly SignatureCandidate[]): PreparedCandidate[] {
  return candidates.map((candidate, index) => {
    if (candidate instanceof KeyObject) return fromKey(candidate, `key ${index + 1}`);
    const { label, pem } = candidate;
    const text = typeof pem === 'string' ? pem : Buffer.from(pem).toString('latin1');
    if (!/-----BEGIN [A-Z ]*(PUBLIC|PRIVATE) KEY-----/.test(text) || text.includes('-----BEGIN CERTIFICATE-----')) {
      // Certificates (PEM or DER, repaired like keys) get jwt-core's named certificate errors.
      const cert = readCertificate(pem);
      return {
        label,
        kind: 'certificate',
        fingerprint: cert.fingerprint256,
        publicKey: cert.publicKey,
        notAfter: Date.parse(cert.validTo),
      };
    }
    let key: KeyObject;
    try {
      key = createPublicKey(text);
    } catch {
      throw unreadable(label);
    }
    return fromKey(key, label);
  });
}

function fromKey(key: KeyObject, label: string): PreparedCandidate {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return { label, kind: 'public key', fingerprint: colonHex(createHash('sha256').update(der).digest()), publicKey };
}

function colonHex(bytes: Buffer): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');
}

function unreadable(label: string): CertificateError {
  // No `cause`: node:crypto throws TypeErrors here, which sf would report as a CLI bug (exit 10).
  return new CertificateError(
    'ERR_CERT_INVALID',
    `"${label}" holds a PEM key that cannot be read (encrypted or damaged?).`,
    {
      fix: 'Give the certificate uploaded to the app (-----BEGIN CERTIFICATE-----), or an unencrypted public key PEM.',
      details: { label },
    },
  );
}
