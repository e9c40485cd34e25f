/**
 * The messages of every private-key error, in one place so the wording stays consistent. Messages name the cause;
 * `fix` names the action. Nothing here may include key material or a passphrase: not even part of the input.
 */
import { KeyError, type ErrorHint } from '../errors.js';

/** Salesforce wants RSA of at least 2048 bits; the sf CLI's jsonwebtoken also refuses less for RS256. */
export const MINIMUM_RSA_BITS = 2048;

const MAKE_KEY = `Make a new RSA key pair (generateRsaKeyPair, ${MINIMUM_RSA_BITS} bits or more) with its certificate (createSelfSignedCertificate) and upload the certificate to the app.`;

/** How to recognise a private key file. Worded without the literal PEM header, which secret scanners flag. */
export const GIVE_PRIVATE_KEY =
  'Give the private key file (its first line reads "BEGIN PRIVATE KEY" or "BEGIN RSA PRIVATE KEY" between dashes).';

/** Factories for the key errors, keyed by the reason. */
export const keyErrors = {
  empty: () =>
    new KeyError('ERR_KEY_EMPTY', 'The private key is empty.', {
      fix: GIVE_PRIVATE_KEY,
    }),

  binary: () =>
    new KeyError(
      'ERR_KEY_BINARY',
      'The private key is binary data (for example DER or a PKCS#12 .p12/.pfx file), not PEM text.',
      {
        fix: 'Convert it to PEM: `openssl pkey -inform DER -in key.der -out key.pem` for DER, `openssl pkcs12 -in file.p12 -nocerts -out key.pem` for PKCS#12.',
      },
    ),

  notPem: () =>
    new KeyError('ERR_KEY_NOT_PEM', 'The private key is not PEM: no "-----BEGIN … PRIVATE KEY-----" line was found.', {
      fix: `Give the whole key text, from its BEGIN line through its END line. ${MAKE_KEY}`,
      hint: { kind: 'key-not-pem' },
    }),

  unterminated: (label: string) =>
    new KeyError(
      'ERR_KEY_TRUNCATED',
      `The private key is truncated: "-----BEGIN ${label}-----" has no matching "-----END ${label}-----" line.`,
      {
        fix: 'Copy the whole key again, from the BEGIN line through the END line.',
        details: { label },
      },
    ),

  damagedBody: (label: string) =>
    new KeyError(
      'ERR_KEY_TRUNCATED',
      `The private key is damaged: the body of the "${label}" block is not valid base64 or is shorter than it says (lines lost when copying?).`,
      {
        fix: 'Copy the whole key again, from the BEGIN line through the END line, without adding or removing characters.',
        details: { label },
      },
    ),

  isCertificate: () =>
    new KeyError(
      'ERR_KEY_IS_CERTIFICATE',
      'This is a certificate, not a private key: the app gets the certificate; the client needs the private key.',
      {
        fix: 'Give the private key made together with this certificate (for example server.key); upload the certificate (server.crt) to the app.',
      },
    ),

  isCsr: () =>
    new KeyError('ERR_KEY_IS_CSR', 'This is a certificate signing request (CSR), not a private key.', {
      fix: 'Give the private key the CSR was made from (for example server.key).',
    }),

  isPublicKey: () =>
    new KeyError(
      'ERR_KEY_IS_PUBLIC_KEY',
      'This is a public key, not a private key: the assertion is signed with the private key.',
      {
        fix: GIVE_PRIVATE_KEY,
      },
    ),

  notRsa: (algorithm: string, details: Readonly<Record<string, unknown>>) =>
    new KeyError(
      'ERR_KEY_NOT_RSA',
      `This is ${algorithm} key; Salesforce's JWT bearer flow needs an RSA key of at least ${MINIMUM_RSA_BITS} bits (RS256).`,
      {
        fix: MAKE_KEY,
        hint: { kind: 'new-key-pair', minimumBits: MINIMUM_RSA_BITS },
        details,
      },
    ),

  tooSmall: (bits: number) =>
    new KeyError(
      'ERR_KEY_TOO_SMALL',
      `The RSA key has ${bits} bits; Salesforce needs at least ${MINIMUM_RSA_BITS} bits (RS256).`,
      {
        fix: MAKE_KEY,
        hint: { kind: 'new-key-pair', minimumBits: MINIMUM_RSA_BITS },
        details: { bits, minimumBits: MINIMUM_RSA_BITS },
      },
    ),

  passphraseRequired: (format: string) =>
    new KeyError(
      'ERR_KEY_PASSPHRASE_REQUIRED',
      `The private key is encrypted (${format}) and no passphrase was given.`,
      {
        fix: 'Pass its passphrase as the `passphrase` option.',
        hint: { kind: 'passphrase-required' },
        details: { format },
      },
    ),

  passphraseWrong: (format: string, cause: unknown) =>
    new KeyError(
      'ERR_KEY_PASSPHRASE_WRONG',
      `The passphrase does not decrypt the private key (${format}): it is wrong, or the key is damaged.`,
      {
        fix: 'Check the `passphrase` option: it must be the one the key was encrypted with.',
        hint: { kind: 'passphrase-wrong' },
        cause: plainCause(cause),
        details: { format },
      },
    ),

  invalid: (reason: string, fix: string, cause?: unknown, hint?: ErrorHint) =>
    new KeyError('ERR_KEY_INVALID', `The private key cannot be used: ${reason}`, {
      fix,
      hint,
      ...(cause === undefined ? {} : { cause: plainCause(cause) }),
    }),
} as const;

/**
 * Keeps an underlying error for debugging without its class: Node throws `TypeError` for some malformed inputs,
 * and a `TypeError` anywhere in a cause chain makes sf report "a bug in the CLI" (exit 10).
 */
export function plainCause(cause: unknown): Error {
  const message = cause instanceof Error ? cause.message : String(cause);
  const code = (cause as { code?: unknown } | null)?.code;
  return new Error(typeof code === 'string' ? `${code}: ${message}` : message);
}
