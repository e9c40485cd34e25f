import { Buffer } from 'node:buffer';
import { createHash, createPublicKey, type KeyObject, type X509Certificate } from 'node:crypto';
import { CertificateError } from '../errors.js';
import { publicKeyFingerprint } from '../keys/public-key-fingerprint.js';
import { readCertificate } from './read-certificate.js';
import { FIELD_BY_SHORT_NAME, type DistinguishedName } from './subject.js';
import { certificateValidity } from './validity.js';

const DAY_MS = 86_400_000;

/** Everything `sf jwt inspect` shows about a certificate. Plain data: safe for `--json`. */
export interface CertificateDescription {
  /** Subject fields that have a name here (CN, O, OU, L, ST, C, emailAddress); the first of each. */
  readonly subject: Partial<DistinguishedName>;
  /** The whole subject as `C=US, O=Acme, CN=sfjwt`, in certificate order, every attribute. */
  readonly subjectString: string;
  readonly issuer: Partial<DistinguishedName>;
  readonly issuerString: string;
  /** Serial number, lower-case hex without separators. */
  readonly serialNumber: string;
  /** ISO 8601 instants. */
  readonly notBefore: string;
  readonly notAfter: string;
  /** Whole days from `now` until expiry; negative once expired. */
  readonly daysLeft: number;
  /** True when `now` is past notAfter. Salesforce keeps accepting expired app certificates. */
  readonly expired: boolean;
  /** True when `now` is before notBefore. */
  readonly notYetValid: boolean;
  /** `rsa`, `ec`, …; Salesforce needs `rsa`. */
  readonly keyType: string;
  /** RSA modulus length; undefined for other key types. */
  readonly keyBits?: number;
  /** SHA-1 / SHA-256 of the DER, upper-case colon hex (as OpenSSL and the Salesforce UI show them). */
  readonly sha1Fingerprint: string;
  readonly sha256Fingerprint: string;
  /** SHA-256 of the certificate's SubjectPublicKeyInfo: equal to `publicKeyFingerprint` of the matching private key. */
  readonly publicKeySha256Fingerprint: string;
  /** The same digests as JOSE header values: `x5t` and `x5t#S256` (RFC 7515 §4.1.7–8), base64url. */
  readonly x5t: string;
  readonly x5tS256: string;
  /** True when issuer = subject and the certificate's own key verifies its signature. */
  readonly selfSigned: boolean;
  /** Present when a private key was given: whether it is the key of this certificate. */
  readonly matchesKey?: boolean;
}

/** Options of {@link describeCertificate}. */
export interface DescribeCertificateOptions {
  /** The clock, in milliseconds since the epoch, for `daysLeft` and `expired`. */
  readonly now: () => number;
  /** A private key to compare with the certificate's public key. */
  readonly privateKey?: KeyObject | undefined;
}

/**
 * Describes a certificate: subject, issuer, serial, validity and days left, key, fingerprints (also as x5t and
 * x5t#S256), whether it is self-signed, and whether a given private key matches it. A key that does not match is the
 * cause of Salesforce's bare `invalid assertion`.
 *
 * @param input - PEM text or PEM/DER bytes (see {@link readCertificate}).
 * @param options - The clock, and optionally the private key to compare.
 * @throws {@link CertificateError} for input that is not a readable certificate.
 *
 * @example
 * ```ts
 * const d = describeCertificate(certPem, { now: Date.now, privateKey: loaded.keyObject })
 * if (d.matchesKey === false) console.error('this key does not belong to the certificate on the app')
 * ```
 */
export function describeCertificate(
  input: string | Uint8Array,
  options: DescribeCertificateOptions,
): CertificateDescription {
  const cert = readCertificate(input);
  const now = options.now();
  const { notBefore, notAfter } = certificateValidity(cert);
  const keyBits = cert.publicKey.asymmetricKeyDetails?.modulusLength;
  const description: CertificateDescription = {
    subject: nameFields(cert.subject),
    subjectString: nameString(cert.subject),
    issuer: nameFields(cert.issuer),
    issuerString: nameString(cert.issuer),
    serialNumber: cert.serialNumber.toLowerCase(),
    notBefore: new Date(notBefore).toISOString(),
    notAfter: new Date(notAfter).toISOString(),
    daysLeft: Math.floor((notAfter - now) / DAY_MS),
    expired: now > notAfter,
    notYetValid: now < notBefore,
    keyType: cert.publicKey.asymmetricKeyType ?? 'unknown',
    ...(keyBits === undefined ? {} : { keyBits }),
    sha1Fingerprint: cert.fingerprint,
    sha256Fingerprint: cert.fingerprint256,
    publicKeySha256Fingerprint: publicKeyFingerprint(cert.publicKey),
    x5t: createHash('sha1').update(cert.raw).digest('base64url'),
    x5tS256: createHash('sha256').update(cert.raw).digest('base64url'),
    selfSigned: isSelfSigned(cert),
  };
  return options.privateKey === undefined
    ? description
    : { ...description, matchesKey: keyMatches(cert, options.privateKey) };
}

/**
 * True when `privateKey` is the private half of the certificate's public key.
 *
 * @param certificate - PEM text or PEM/DER bytes.
 * @param privateKey - The key to compare.
 * @throws {@link CertificateError} for input that is not a readable certificate.
 */
export function certificateMatchesKey(certificate: string | Uint8Array, privateKey: KeyObject): boolean {
  return keyMatches(readCertificate(certificate), privateKey);
}

/**
 * Throws `ERR_CERT_KEY_MISMATCH` unless `privateKey` belongs to the certificate; the error's details carry the
 * certificate's SHA-256 fingerprint (never key material).
 *
 * @throws {@link CertificateError} `ERR_CERT_KEY_MISMATCH`, or the reading errors of {@link readCertificate}.
 */
export function assertCertificateMatchesKey(certificate: string | Uint8Array, privateKey: KeyObject): void {
  const cert = readCertificate(certificate);
  if (keyMatches(cert, privateKey)) return;
  throw new CertificateError(
    'ERR_CERT_KEY_MISMATCH',
    'The private key does not match the certificate (with this pair, Salesforce answers "invalid assertion").',
    {
      fix: 'Use the key the certificate was made from, or upload the certificate of this key to the app (createSelfSignedCertificate makes one).',
      hint: { kind: 'key-certificate-mismatch' },
      details: { certificateSha256Fingerprint: cert.fingerprint256 },
    },
  );
}

/**
 * Compares SubjectPublicKeyInfo DER rather than calling `cert.checkPrivateKey`: polyfilled `node:crypto`s (Bun, Deno,
 * Workers-style runtimes) may lack `checkPrivateKey` or `KeyObject.equals`, while `createPublicKey` and `export` are
 * everywhere `X509Certificate` is. The same public key means the same key pair.
 */
function keyMatches(cert: X509Certificate, privateKey: KeyObject): boolean {
  if (privateKey.type !== 'private') return false;
  try {
    const fromKey = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
    const fromCert = cert.publicKey.export({ type: 'spki', format: 'der' });
    return Buffer.compare(fromKey, fromCert) === 0;
  } catch {
    return false; // not a private key, or one node:crypto cannot read: not this certificate's
  }
}

/**
 * RFC 5280 §6.1: self-issued (issuer = subject) and signed by its own key. Not `checkIssued`, which also demands the
 * keyCertSign usage that an end-entity certificate like ours rightly lacks.
 */
function isSelfSigned(cert: X509Certificate): boolean {
  try {
    return cert.issuer === cert.subject && cert.verify(cert.publicKey);
  } catch {
    return false;
  }
}

/** node:crypto prints names one `KEY=value` per line (values escaped, multi-valued RDNs joined by `+`). */
function nameLines(name: string): [string, string][] {
  return name
    .split('\n')
    .filter((line) => line.includes('='))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]);
}

function nameFields(name: string): Partial<DistinguishedName> {
  const fields: Partial<Record<keyof DistinguishedName, string>> = {};
  for (const [short, value] of nameLines(name)) {
    const field = FIELD_BY_SHORT_NAME[short];
    if (field !== undefined) fields[field] ??= value;
  }
  return fields;
}

function nameString(name: string): string {
  return nameLines(name)
    .map(([short, value]) => `${short}=${value}`)
    .join(', ');
}
