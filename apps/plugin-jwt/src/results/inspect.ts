/** The `--json` result of `sf jwt inspect`. */
import type { CertificateDescription, PrivateKeyFormat } from '@sfjwt/jwt-core';
import type { KeySource } from '../io/key-input.js';

/** The private key as inspected: never its material. */
export type InspectedKey = {
  source: KeySource;
  /** Absolute path when read from a file. */
  path: string | null;
  format: PrivateKeyFormat;
  encrypted: boolean;
  bits: number;
  publicKeySha256Fingerprint: string;
};

/**
 * The certificate as inspected: jwt-core's description with the file's path, `keyBits` null (not absent) for non-RSA
 * keys, and no `matchesKey` (the result's `matches` says it).
 */
export type InspectedCertificate = { path: string } & Omit<CertificateDescription, 'keyBits' | 'matchesKey'> & {
    keyBits: number | null;
  };

/** `--json` result of `sf jwt inspect`; the same shape whatever was given (absent parts are null). */
export type InspectResult = {
  key: InspectedKey | null;
  certificate: InspectedCertificate | null;
  /** Whether the key matches the certificate; null unless both were given. */
  matches: boolean | null;
};
