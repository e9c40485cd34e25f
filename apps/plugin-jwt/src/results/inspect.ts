/** The `--json` result of `sf jwt inspect`. */
import type { DistinguishedName } from '@sfjwt/jwt-core';
import type { KeySource } from '../io/key-input.js';

/** The private key as inspected: never its material. */
export type InspectedKey = {
  source: KeySource;
  /** Absolute path when read from a file. */
  path: string | null;
  format: 'pkcs1' | 'pkcs8' | 'pkcs1-encrypted' | 'pkcs8-encrypted';
  encrypted: boolean;
  bits: number;
  publicKeySha256Fingerprint: string;
};

/** The certificate as inspected (see jwt-core's CertificateDescription). */
export type InspectedCertificate = {
  path: string;
  subject: Partial<DistinguishedName>;
  subjectString: string;
  issuer: Partial<DistinguishedName>;
  issuerString: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  daysLeft: number;
  expired: boolean;
  notYetValid: boolean;
  keyType: string;
  keyBits: number | null;
  sha1Fingerprint: string;
  sha256Fingerprint: string;
  publicKeySha256Fingerprint: string;
  x5t: string;
  x5tS256: string;
  selfSigned: boolean;
};

/** `--json` result of `sf jwt inspect`; the same shape whatever was given (absent parts are null). */
export type InspectResult = {
  key: InspectedKey | null;
  certificate: InspectedCertificate | null;
  /** Whether the key matches the certificate; null unless both were given. */
  matches: boolean | null;
};
