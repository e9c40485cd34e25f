// Self-signed X.509 certificates (node-forge) for the demo app and for optional TLS. Keys come from node:crypto
// (fast, native); node-forge only assembles and signs the certificate.
import { randomBytes } from 'node:crypto';
import forge from 'node-forge';

export interface CertificateOptions {
  privateKeyPem: string;
  publicKeyPem: string;
  commonName: string;
  days: number;
  now: number;
  /** Subject alternative names for a TLS server certificate. */
  dnsNames?: string[];
  ipAddresses?: string[];
}

/** A SHA-256 self-signed certificate PEM for the given RSA key pair. */
export function selfSignedCertificate(options: CertificateOptions): string {
  const { pki, md } = forge;
  const cert = pki.createCertificate();
  cert.publicKey = pki.publicKeyFromPem(options.publicKeyPem);
  // A positive serial: first byte below 0x80.
  cert.serialNumber = `01${randomBytes(15).toString('hex')}`;
  cert.validity.notBefore = new Date(options.now - 60_000);
  cert.validity.notAfter = new Date(options.now + options.days * 86_400_000);
  const subject = [
    { name: 'commonName', value: options.commonName },
    { name: 'organizationName', value: 'sfjwt salesforce-emulator' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  const altNames = [
    ...(options.dnsNames ?? []).map((value) => ({ type: 2, value })),
    ...(options.ipAddresses ?? []).map((ip) => ({ type: 7, ip })),
  ];
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    ...(altNames.length > 0 ? [{ name: 'subjectAltName', altNames }] : []),
  ]);
  cert.sign(pki.privateKeyFromPem(options.privateKeyPem), md.sha256.create());
  return pki.certificateToPem(cert);
}
