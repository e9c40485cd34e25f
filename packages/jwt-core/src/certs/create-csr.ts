import { sign, type KeyObject } from 'node:crypto';
import { bitString, contextConstructed, sequence, smallInteger } from '../internal/der.js';
import { derToPem } from '../internal/pem.js';
import { privateKeyInfo } from '../keys/private-key-info.js';
import { SHA256_WITH_RSA } from './create-certificate.js';
import { publicKeyParts } from './public-key-parts.js';
import { encodeName, validateSubject, type DistinguishedName } from './subject.js';

/** Options of {@link createCsr}. */
export interface CsrOptions {
  /** The private RSA key (≥ 2048 bits) the CA's certificate will be for; it signs the request. */
  readonly key: KeyObject;
  /** The subject to ask the CA for. */
  readonly subject: DistinguishedName;
}

/**
 * Makes a PKCS#10 certificate signing request (RFC 2986), signed with SHA-256 and RSA, for companies whose CA issues
 * the certificate uploaded to the app (the seeds' `openssl req -new -key server.key -out server.csr`).
 *
 * @param options - key and subject.
 * @returns The request as PEM (`-----BEGIN CERTIFICATE REQUEST-----`), ending in a newline.
 * @throws {@link KeyGenerationError} `ERR_KEYGEN_INVALID_OPTIONS` for a bad subject; {@link KeyError} for an
 *   unusable key.
 *
 * @example
 * ```ts
 * const csr = createCsr({ key: loadPrivateKey(pem).keyObject, subject: { commonName: 'integration', organization: 'Acme', country: 'US' } })
 * ```
 */
export function createCsr(options: CsrOptions): string {
  const { keyObject } = privateKeyInfo(options.key);
  const subject = validateSubject(options.subject);
  const { spki } = publicKeyParts(keyObject);
  const info = sequence(
    smallInteger(0), // version v1
    encodeName(subject),
    spki,
    contextConstructed(0, new Uint8Array()), // attributes [0] IMPLICIT SET OF Attribute: none
  );
  const signature = sign('sha256', info, keyObject);
  return derToPem('CERTIFICATE REQUEST', sequence(info, SHA256_WITH_RSA, bitString(signature)));
}
