import { X509Certificate } from 'node:crypto';
import { CertificateError, type ErrorHint } from '../errors.js';
import { decodePemBody, derLengthMatches, parsePem, type PemBlock } from '../internal/pem.js';
import { isPrivateKeyKind, pemKind } from '../internal/pem-kinds.js';
import { inputAsText, isBlank } from '../internal/text-input.js';
import { plainCause } from '../keys/key-errors.js';
import { normalizePem } from '../keys/normalize-pem.js';

const GIVE_CERT =
  'Give the certificate (PEM text starting with "-----BEGIN CERTIFICATE-----", or DER bytes), such as the one createSelfSignedCertificate made.';
const CERT_HINT = { kind: 'certificate-expected' } as const;

const certErrors = {
  empty: () => new CertificateError('ERR_CERT_EMPTY', 'The certificate is empty.', { fix: GIVE_CERT, hint: CERT_HINT }),
  notPem: () =>
    new CertificateError(
      'ERR_CERT_NOT_PEM',
      'The certificate is not PEM: no "-----BEGIN CERTIFICATE-----" line was found.',
      {
        fix: GIVE_CERT,
        hint: CERT_HINT,
      },
    ),
  isPrivateKey: () =>
    new CertificateError(
      'ERR_CERT_IS_PRIVATE_KEY',
      'This is a private key, not a certificate: the app gets the certificate; the client keeps the private key.',
      {
        fix: 'Give the certificate made from this key, and keep the key itself out of the app and out of source control.',
        hint: { kind: 'certificate-is-private-key' },
      },
    ),
  invalid: (
    reason: string,
    fix = GIVE_CERT,
    cause?: unknown,
    hint: ErrorHint | undefined = fix === GIVE_CERT ? CERT_HINT : undefined,
  ) =>
    new CertificateError('ERR_CERT_INVALID', `The certificate cannot be read: ${reason}`, {
      fix,
      hint,
      ...(cause === undefined ? {} : { cause: plainCause(cause) }),
    }),
} as const;

/**
 * Reads one X.509 certificate from PEM text or DER bytes (the first certificate of a chain), naming wrong inputs.
 *
 * @param input - PEM text (repaired like {@link normalizePem}), or the bytes of a PEM or DER file.
 * @returns node:crypto's parsed certificate.
 * @throws {@link CertificateError} `ERR_CERT_EMPTY`, `ERR_CERT_NOT_PEM`, `ERR_CERT_IS_PRIVATE_KEY`,
 *   `ERR_CERT_INVALID` (a CSR, a public key, a truncated or damaged PEM, or content that is not a certificate).
 *
 * @example
 * ```ts
 * const cert = readCertificate(pemText)
 * cert.checkPrivateKey(keyObject)
 * ```
 */
export function readCertificate(input: string | Uint8Array): X509Certificate {
  if (isBlank(input)) throw certErrors.empty();
  const text = inputAsText(input);
  if (text === undefined) {
    // Salesforce also takes DER certificate uploads, so binary input is tried as DER.
    if (typeof input !== 'string' && derLengthMatches(input)) return parse(input);
    throw certErrors.invalid('it is binary data that is not a DER certificate.');
  }
  const { blocks, unterminated } = parsePem(normalizePem(text));
  const block = blocks.find((b) => pemKind(b) === 'certificate');
  if (block === undefined) throw wrongKind(blocks, unterminated);
  const der = decodePemBody(block);
  if (der === undefined) {
    throw certErrors.invalid(
      `the body of the "${block.label}" block is not valid base64 or is shorter than it says (lines lost when copying?).`,
      'Copy the whole certificate again, from the BEGIN line through the END line.',
    );
  }
  return parse(der);
}

function parse(der: Uint8Array): X509Certificate {
  try {
    return new X509Certificate(der);
  } catch (err) {
    throw certErrors.invalid('OpenSSL could not parse it as an X.509 certificate.', GIVE_CERT, err);
  }
}

function wrongKind(blocks: readonly PemBlock[], unterminated: string | undefined): CertificateError {
  const kinds = blocks.map(pemKind);
  if (unterminated !== undefined) kinds.push(pemKind({ label: unterminated, headers: {}, body: '' }));
  if (kinds.some(isPrivateKeyKind)) return certErrors.isPrivateKey();
  if (kinds.includes('csr')) {
    return certErrors.invalid(
      'this is a certificate signing request (CSR), not a certificate.',
      'Have your CA sign the CSR and give the certificate it returns, or make a self-signed one with createSelfSignedCertificate.',
      undefined,
      { kind: 'certificate-from-csr' },
    );
  }
  if (kinds.includes('public-key')) {
    return certErrors.invalid('this is a bare public key, not a certificate.', GIVE_CERT);
  }
  if (unterminated !== undefined) {
    return certErrors.invalid(
      `it is truncated: "-----BEGIN ${unterminated}-----" has no matching "-----END ${unterminated}-----" line.`,
      'Copy the whole certificate again, from the BEGIN line through the END line.',
    );
  }
  if (blocks.length === 0) return certErrors.notPem();
  return certErrors.invalid(`the PEM holds "${blocks.map((b) => b.label).join('", "')}", not a certificate.`);
}
