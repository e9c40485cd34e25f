/**
 * The certificate an app carries for the JWT bearer flow. Salesforce verifies assertions with the public key of this
 * X.509 certificate, which must be RSA of at least 2048 bits (other key types are refused or silently never match).
 * Wrong inputs are named before anything is written: the private key (which must never leave the client), a CSR,
 * a bare public key, an EC or RSA-PSS certificate, a small key.
 */
import type { X509Certificate } from 'node:crypto';
import { isJwtCoreError } from '../errors.js';
import { parsePem } from '../internal/pem.js';
import { isPrivateKeyKind, pemKind } from '../internal/pem-kinds.js';
import { inputAsText } from '../internal/text-input.js';
import { readCertificate } from '../certs/read-certificate.js';
import { MINIMUM_RSA_BITS } from '../keys/key-errors.js';
import { normalizePem } from '../keys/normalize-pem.js';
import { AppMetadataError } from './app-metadata-error.js';

const GIVE_CERT =
  'Give the certificate (PEM text whose first line reads "BEGIN CERTIFICATE" between dashes, or DER bytes) made from the private key the client signs with.';

/** A certificate checked for an app: its canonical PEM and what was checked. */
export interface AppCertificate {
  /** The certificate alone, re-encoded from its DER: no text around it, `\n` line ends, no trailing newline. */
  readonly pem: string;
  /** RSA modulus length. */
  readonly keyBits: number;
}

/**
 * Reads and checks the certificate for an app.
 *
 * @throws {@link AppMetadataError} `ERR_APP_CERTIFICATE_IS_PRIVATE_KEY`, `ERR_APP_CERTIFICATE_IS_CSR`,
 *   `ERR_APP_CERTIFICATE_IS_PUBLIC_KEY`, `ERR_APP_CERTIFICATE_NOT_RSA`, `ERR_APP_CERTIFICATE_KEY_TOO_SMALL`,
 *   `ERR_APP_CERTIFICATE_INVALID` (empty, not PEM, damaged, anything else).
 */
export function readAppCertificate(input: string | Uint8Array): AppCertificate {
  refuseWrongKind(input);
  let cert: X509Certificate;
  try {
    cert = readCertificate(input);
  } catch (err) {
    if (!isJwtCoreError(err)) throw err;
    if (err.code === 'ERR_CERT_IS_PRIVATE_KEY') throw isPrivateKey();
    throw new AppMetadataError(
      'ERR_APP_CERTIFICATE_INVALID',
      `The certificate (\`certificate\`) cannot be used: ${err.message}`,
      {
        fix: err.fix,
        cause: err,
      },
    );
  }
  const { publicKey } = cert;
  if (publicKey.asymmetricKeyType !== 'rsa') {
    throw new AppMetadataError(
      'ERR_APP_CERTIFICATE_NOT_RSA',
      `The certificate (\`certificate\`) holds a ${publicKey.asymmetricKeyType ?? 'unknown'} key; Salesforce verifies JWT bearer assertions (RS256) only with an RSA certificate.`,
      {
        fix: `Make an RSA key of at least ${MINIMUM_RSA_BITS} bits and a certificate for it, and sign assertions with that key.`,
        details: { keyType: publicKey.asymmetricKeyType },
      },
    );
  }
  const keyBits = publicKey.asymmetricKeyDetails?.modulusLength ?? 0;
  if (keyBits < MINIMUM_RSA_BITS) {
    throw new AppMetadataError(
      'ERR_APP_CERTIFICATE_KEY_TOO_SMALL',
      `The certificate (\`certificate\`) holds a ${keyBits}-bit RSA key; Salesforce needs at least ${MINIMUM_RSA_BITS} bits.`,
      {
        fix: `Make an RSA key of ${MINIMUM_RSA_BITS} bits or more and a certificate for it.`,
        details: { keyBits },
      },
    );
  }
  return { pem: cert.toString().trim(), keyBits };
}

/** Names a private key, CSR or public key given as the certificate, before the certificate parser sees it. */
function refuseWrongKind(input: string | Uint8Array): void {
  const text = inputAsText(input);
  if (text === undefined) return;
  const { blocks, unterminated } = parsePem(normalizePem(text));
  const kinds = blocks.map(pemKind);
  if (unterminated !== undefined) kinds.push(pemKind({ label: unterminated, headers: {}, body: '' }));
  if (kinds.includes('certificate')) return;
  if (kinds.some(isPrivateKeyKind)) throw isPrivateKey();
  if (kinds.includes('csr')) {
    throw new AppMetadataError(
      'ERR_APP_CERTIFICATE_IS_CSR',
      'The certificate (`certificate`) is a certificate signing request (CSR), not a certificate.',
      {
        fix: 'Have your CA sign the CSR and give the certificate it returns, or give a self-signed certificate made from the same key.',
      },
    );
  }
  if (kinds.includes('public-key')) {
    throw new AppMetadataError(
      'ERR_APP_CERTIFICATE_IS_PUBLIC_KEY',
      'The certificate (`certificate`) is a bare public key; an app takes an X.509 certificate.',
      { fix: `Wrap the key pair's public key in a certificate (self-signed is fine). ${GIVE_CERT}` },
    );
  }
}

function isPrivateKey(): AppMetadataError {
  return new AppMetadataError(
    'ERR_APP_CERTIFICATE_IS_PRIVATE_KEY',
    'The certificate (`certificate`) is a private key. The app gets the certificate; the private key stays with the client and is never written into metadata.',
    { fix: GIVE_CERT },
  );
}
