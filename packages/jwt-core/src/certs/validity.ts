import type { X509Certificate } from 'node:crypto';
import { CertificateError } from '../errors.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** OpenSSL's `ASN1_TIME_print` form, which every node:crypto `validFrom`/`validTo` uses: `Nov  3 09:05:00 2026 GMT`. */
const OPENSSL_TIME = /^([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4}) GMT$/;

/**
 * A certificate's validity window in milliseconds since the epoch.
 *
 * Read from the `validFrom`/`validTo` strings rather than the `validFromDate`/`validToDate` getters: those exist only
 * from Node 22.10 (and 20.x never has them), and polyfilled `node:crypto`s (Workers-style runtimes) may lack them;
 * the strings are there wherever `X509Certificate` is.
 */
export function certificateValidity(cert: X509Certificate): { readonly notBefore: number; readonly notAfter: number } {
  return { notBefore: parseCertificateTime(cert.validFrom), notAfter: parseCertificateTime(cert.validTo) };
}

/** Parses `Nov  3 09:05:00 2026 GMT` exactly (no engine-dependent `Date.parse`). */
export function parseCertificateTime(text: string): number {
  const match = OPENSSL_TIME.exec(text.trim());
  const month = MONTHS.indexOf(match?.[1] ?? '');
  if (match === null || month < 0) {
    throw new CertificateError(
      'ERR_CERT_INVALID',
      `The certificate cannot be read: its validity time ${JSON.stringify(text.slice(0, 40))} is not in a known form.`,
      {
        fix: 'Give a certificate that OpenSSL can print (`openssl x509 -noout -dates`).',
      },
    );
  }
  const [day, hours, minutes, seconds, year] = match.slice(2).map(Number);
  return Date.UTC(year ?? 0, month, day, hours, minutes, seconds);
}
