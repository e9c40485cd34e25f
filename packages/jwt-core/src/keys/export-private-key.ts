import type { KeyObject } from 'node:crypto';
import { KeyGenerationError } from '../errors.js';
import { privateKeyInfo } from './private-key-info.js';

/** Options of {@link exportPrivateKeyPem}. */
export interface ExportPrivateKeyOptions {
  /** Encrypts the key with this passphrase (PBES2: PBKDF2-HMAC-SHA256 + AES-256-CBC). Not echoed in errors. */
  readonly passphrase?: string | undefined;
}

/**
 * Writes a private RSA key as PKCS#8 PEM (`BEGIN PRIVATE KEY`), the format `jose`, the sf CLI and OpenSSL 3 all read.
 * With a passphrase the result is encrypted PKCS#8 (`BEGIN ENCRYPTED PRIVATE KEY`) using PBES2 with AES-256-CBC
 * (RFC 8018), which `loadPrivateKey`, `openssl pkey` and Java read back; not legacy `Proc-Type` encryption.
 *
 * @param keyObject - A private RSA key of at least 2048 bits.
 * @param options - `passphrase` to encrypt the output.
 * @returns PEM text ending in a newline.
 * @throws {@link KeyError} when the key is not a usable RSA private key; {@link KeyGenerationError}
 *   `ERR_KEYGEN_INVALID_OPTIONS` for an empty passphrase.
 *
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises'
 * const { privateKey } = await generateRsaKeyPair()
 * await writeFile('server.key', exportPrivateKeyPem(privateKey, { passphrase: process.env.KEY_PASSPHRASE }), { mode: 0o600 })
 * ```
 */
export function exportPrivateKeyPem(keyObject: KeyObject, options: ExportPrivateKeyOptions = {}): string {
  privateKeyInfo(keyObject);
  const { passphrase } = options;
  if (passphrase === undefined) return keyObject.export({ type: 'pkcs8', format: 'pem' }) as string;
  if (passphrase.length === 0) {
    throw new KeyGenerationError('ERR_KEYGEN_INVALID_OPTIONS', 'The passphrase to encrypt the key with is empty.', {
      fix: 'Give a non-empty passphrase, or export the key unencrypted.',
    });
  }
  return keyObject.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }) as string;
}
