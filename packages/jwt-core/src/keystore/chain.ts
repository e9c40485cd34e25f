/**
 * The certificate chain a keystore entry carries: the key's certificate first, then (optionally) the CA certificates
 * that issued it, in order. Salesforce checks the key against this chain on import.
 */
import { X509Certificate } from 'node:crypto';
import { CertificateError } from '../errors.js';
import { readCertificate } from '../certs/read-certificate.js';
import { decodePemBody, parsePem } from '../internal/pem.js';
import { pemKind } from '../internal/pem-kinds.js';
import { inputAsText } from '../internal/text-input.js';
import { normalizePem } from '../keys/normalize-pem.js';

/**
 * Reads the certificate and any issuer certificates after it (PEM), or one DER certificate.
 *
 * @throws {@link CertificateError} the errors of {@link readCertificate} for the first certificate; `ERR_CERT_INVALID`
 *   when a later one is damaged or is not the issuer of the one before it.
 */
export function readCertificateChain(input: string | Uint8Array): X509Certificate[] {
  const leaf = readCertificate(input); // names wrong inputs: a key, a CSR, a truncated PEM, …
  const text = inputAsText(input);
  if (text === undefined) return [leaf]; // DER holds one certificate
  const blocks = parsePem(normalizePem(text)).blocks.filter((block) => pemKind(block) === 'certificate');
  const chain = [leaf];
  for (const [index, block] of blocks.entries()) {
    if (index === 0) continue;
    const der = decodePemBody(block);
    let cert: X509Certificate | undefined;
    try {
      cert = der === undefined ? undefined : new X509Certificate(der);
    } catch {
      cert = undefined;
    }
    if (cert === undefined)
      throw chainError(
        `certificate ${index + 1} of the file is damaged (not valid base64, or shorter than it says: lines lost when copying?).`,
      );
    const child = chain[chain.length - 1]!;
    if (!issued(cert, child)) {
      throw chainError(
        `certificate ${index + 1} of the file (${oneLine(cert.subject)}) did not issue certificate ${index} (${oneLine(child.subject)}).`,
      );
    }
    chain.push(cert);
  }
  return chain;
}

function issued(issuer: X509Certificate, child: X509Certificate): boolean {
  try {
    return child.checkIssued(issuer) && child.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

function oneLine(name: string): string {
  return name.split('\n').filter(Boolean).join(', ');
}

function chainError(reason: string): CertificateError {
  return new CertificateError('ERR_CERT_INVALID', `The certificate chain cannot be used: ${reason}`, {
    fix: 'Give the certificate of the key first, then each CA certificate that issued the one before it (or only the certificate).',
  });
}
