import { createPrivateKey, type KeyObject } from 'node:crypto';
import { decodePemBody, formatPemBlock, isBase64, parsePem, type PemBlock } from '../internal/pem.js';
import { hasLegacyEncryption, isPrivateKeyKind, isSshPublicKeyLine, pemKind } from '../internal/pem-kinds.js';
import { inputAsText, isBlank } from '../internal/text-input.js';
import type { JwtCoreError } from '../errors.js';
import { GIVE_PRIVATE_KEY, keyErrors } from './key-errors.js';
import { normalizePem } from './normalize-pem.js';
import { privateKeyInfo, type PrivateKeyInfo } from './private-key-info.js';

/** The container a private key came in. */
export type PrivateKeyFormat = 'pkcs1' | 'pkcs8' | 'pkcs1-encrypted' | 'pkcs8-encrypted';

/** A loaded, checked private key (RSA, ≥ 2048 bits) and the format it was stored in. */
export interface LoadedPrivateKey extends PrivateKeyInfo {
  /** `pkcs1` (`BEGIN RSA PRIVATE KEY`), `pkcs8` (`BEGIN PRIVATE KEY`) or their encrypted forms. */
  readonly format: PrivateKeyFormat;
  /** True when the stored key was encrypted with a passphrase. */
  readonly encrypted: boolean;
}

/** Options of {@link loadPrivateKey}. */
export interface LoadPrivateKeyOptions {
  /**
   * Passphrase of an encrypted key. Ignored for unencrypted keys. Never echoed in errors. `undefined` is the same
   * as leaving it out, so a value read from the environment can be passed as it is.
   */
  readonly passphrase?: string | undefined;
}

/**
 * Loads an RSA private key from PEM text or bytes, as openssl and {@link exportPrivateKeyPem} write it:
 * PKCS#1 (`BEGIN RSA PRIVATE KEY`), PKCS#8 (`BEGIN PRIVATE KEY`), legacy encrypted PEM (`Proc-Type: 4,ENCRYPTED`,
 * e.g. `openssl genrsa -traditional -des3`) and encrypted PKCS#8 (`BEGIN ENCRYPTED PRIVATE KEY`, OpenSSL 3's
 * `genrsa -des3`). The text is first repaired with {@link normalizePem} (BOM, CRLF, literal `\n`, stripped newlines,
 * base64-wrapped PEM). A bundle holding a key and certificates (as `req -x509 -keyout` into one file) is fine: the
 * first private key is used.
 *
 * Every wrong input is a {@link KeyError} with its own code; messages never contain key material or the passphrase.
 *
 * @param input - PEM text, or the bytes of a PEM file.
 * @param options - `passphrase` for encrypted keys.
 * @returns The `KeyObject`, its size, its format and whether it was encrypted.
 * @throws {@link KeyError} `ERR_KEY_EMPTY`, `ERR_KEY_BINARY`, `ERR_KEY_NOT_PEM`, `ERR_KEY_TRUNCATED`,
 *   `ERR_KEY_IS_CERTIFICATE`, `ERR_KEY_IS_CSR`, `ERR_KEY_IS_PUBLIC_KEY`, `ERR_KEY_NOT_RSA`, `ERR_KEY_TOO_SMALL`,
 *   `ERR_KEY_PASSPHRASE_REQUIRED`, `ERR_KEY_PASSPHRASE_WRONG`, `ERR_KEY_INVALID`.
 *
 * @example
 * ```ts
 * const { keyObject, bits, format } = loadPrivateKey(pemText, { passphrase: process.env.JWT_KEY_PASSPHRASE })
 * ```
 */
export function loadPrivateKey(input: string | Uint8Array, options: LoadPrivateKeyOptions = {}): LoadedPrivateKey {
  if (isBlank(input)) throw keyErrors.empty();
  const raw = inputAsText(input);
  if (raw === undefined) throw keyErrors.binary();
  const text = normalizePem(raw);

  const { blocks, unterminated } = parsePem(text);
  const block = blocks.find((b) => isPrivateKeyKind(pemKind(b)));
  if (block === undefined) {
    if (unterminated !== undefined) throw keyErrors.unterminated(unterminated);
    throw wrongKind(blocks, text);
  }
  const kind = pemKind(block);
  if (kind === 'openssh-private-key') {
    throw keyErrors.invalid(
      'it is in OpenSSH format ("BEGIN OPENSSH PRIVATE KEY").',
      'Convert a copy to PEM with `ssh-keygen -p -m PEM -f <copy of the key>`, or make a new key pair with generateRsaKeyPair.',
      undefined,
      { kind: 'key-openssh' },
    );
  }
  const encrypted = kind === 'pkcs8-encrypted-private-key' || hasLegacyEncryption(block);
  // A legacy encrypted body is raw ciphertext, not DER: only its base64 can be checked.
  const intact = hasLegacyEncryption(block) ? isBase64(block.body) : decodePemBody(block) !== undefined;
  if (!intact) throw keyErrors.damagedBody(block.label);

  // Unencrypted EC/DSA keys are loaded below so the error can name the curve; encrypted ones need no passphrase prompt.
  if (encrypted && kind === 'ec-private-key') throw keyErrors.notRsa('an EC', { keyType: 'ec' });
  if (encrypted && kind === 'dsa-private-key') throw keyErrors.notRsa('a DSA', { keyType: 'dsa' });

  const format: PrivateKeyFormat =
    kind === 'pkcs1-private-key' ? (encrypted ? 'pkcs1-encrypted' : 'pkcs1') : encrypted ? 'pkcs8-encrypted' : 'pkcs8';
  // Checked before calling OpenSSL, whose answer to a missing passphrase is "interrupted or cancelled".
  if (encrypted && options.passphrase === undefined) throw keyErrors.passphraseRequired(format);

  const keyObject = decrypt(block, format, encrypted ? options.passphrase : undefined);
  return { ...privateKeyInfo(keyObject), format, encrypted };
}

function decrypt(block: PemBlock, format: PrivateKeyFormat, passphrase: string | undefined): KeyObject {
  const pem = formatPemBlock(block);
  try {
    return passphrase === undefined ? createPrivateKey(pem) : createPrivateKey({ key: pem, format: 'pem', passphrase });
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'ERR_OSSL_CRYPTO_INTERRUPTED_OR_CANCELLED') throw keyErrors.passphraseRequired(format);
    // With DES or AES-CBC a wrong passphrase usually fails the padding check (BAD_DECRYPT) and otherwise yields
    // garbage that fails to parse: for an encrypted key, any failure after decryption means "wrong passphrase".
    if (passphrase !== undefined) throw keyErrors.passphraseWrong(format, err);
    throw keyErrors.invalid(
      'OpenSSL could not parse it (the content is damaged or not a key).',
      'Copy the whole key again, or make a new key pair with generateRsaKeyPair.',
      err,
      { kind: 'key-unparseable' },
    );
  }
}

/** The error for text that holds PEM blocks (or none) but no private key. */
function wrongKind(blocks: readonly PemBlock[], text: string): JwtCoreError {
  const kinds = blocks.map(pemKind);
  if (kinds.includes('certificate')) return keyErrors.isCertificate();
  if (kinds.includes('csr')) return keyErrors.isCsr();
  if (kinds.includes('public-key') || isSshPublicKeyLine(text)) return keyErrors.isPublicKey();
  if (blocks.length === 0) return keyErrors.notPem();
  const labels = blocks.map((b) => b.label).join('", "');
  return keyErrors.invalid(`the PEM holds "${labels}", not a private key.`, GIVE_PRIVATE_KEY);
}
