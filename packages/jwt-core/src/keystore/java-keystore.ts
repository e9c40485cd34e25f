/**
 * A Java KeyStore (JKS, version 2) with one PrivateKeyEntry: the file Salesforce's Setup → Certificate and Key
 * Management → Import from Keystore takes (JKS only), and that Java tools such as MuleSoft read.
 * Replaces `openssl pkcs12 -export` + `keytool -importkeystore -deststoretype JKS` of the seed articles.
 */
import { createHash } from 'node:crypto';
import { Buffer } from 'node:buffer';
import { utf16be } from '../internal/der.js';
import { protectJksKey } from './jks-key-protector.js';
import { checkKeystoreInput, type KeystoreOptions } from './options.js';
import { certificateValidity } from '../certs/validity.js';

/** Options of {@link createJavaKeyStore}. */
export interface JavaKeyStoreOptions extends KeystoreOptions {
  /** The clock (ms since the epoch) for the entry's creation date; the certificate's notBefore when omitted. */
  readonly now?: (() => number) | undefined;
}

const MAGIC = 0xfeedfeed;
const VERSION = 2;
const PRIVATE_KEY_ENTRY = 1;
// The integrity check's fixed "whitener" (sun.security.provider.JavaKeyStore).
const WHITENER = 'Mighty Aphrodite';

/**
 * The alias as a JKS stores it: lower case. Java's JKS looks entries up by the lower-cased alias, so an entry written
 * in mixed case could be listed but never read (keytool lower-cases when it writes one, too).
 *
 * @example
 * ```ts
 * javaKeyStoreAlias('Acme_CI') // 'acme_ci'
 * ```
 */
export function javaKeyStoreAlias(alias: string): string {
  return alias.toLowerCase();
}

/**
 * Builds a JKS holding exactly one PrivateKeyEntry under `alias`: the RSA key as PKCS#8, protected with Sun's
 * KeyProtector under the store password (Salesforce asks only for the store password, so key password = store
 * password), and its certificate chain. The file ends with JKS's SHA-1 integrity digest over the password
 * (UTF-16BE), "Mighty Aphrodite" and the contents.
 *
 * @param options - key, certificate (PEM, optionally with its CA chain), alias, password, and optionally the clock.
 * @returns The keystore file's bytes (write them with mode 0600: they hold the private key).
 * @throws {@link KeystoreError} `ERR_KEYSTORE_INVALID_OPTIONS` (alias, password), `ERR_KEYSTORE_KEY_SIZE`;
 *   {@link KeyError} for a key that is not RSA ≥ 2048; {@link CertificateError} for an unreadable certificate or
 *   `ERR_CERT_KEY_MISMATCH`.
 *
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises'
 * const jks = createJavaKeyStore({ key: loaded.keyObject, certificatePem: certPem, alias: 'acme_ci', password, now: Date.now })
 * await writeFile('acme_ci.jks', jks, { mode: 0o600 }) // then Setup → Certificate and Key Management → Import from Keystore
 * ```
 */
export function createJavaKeyStore(options: JavaKeyStoreOptions): Uint8Array {
  const { pkcs8, chain, alias } = checkKeystoreInput(options);
  const created = Math.trunc(options.now?.() ?? certificateValidity(chain[0]).notBefore);
  const protectedKey = protectJksKey(pkcs8, options.password);
  const parts: Uint8Array[] = [
    int32(MAGIC),
    int32(VERSION),
    int32(1), // one entry
    int32(PRIVATE_KEY_ENTRY),
    javaUtf(javaKeyStoreAlias(alias)),
    int64(created),
    int32(protectedKey.length),
    protectedKey,
    int32(chain.length),
  ];
  for (const cert of chain) parts.push(javaUtf('X.509'), int32(cert.raw.length), cert.raw);
  const body = Buffer.concat(parts);
  const digest = createHash('sha1').update(utf16be(options.password)).update(WHITENER, 'utf8').update(body).digest();
  return Buffer.concat([body, digest]);
}

function int32(value: number): Uint8Array {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value >>> 0);
  return bytes;
}

function int64(value: number): Uint8Array {
  const bytes = Buffer.alloc(8);
  bytes.writeBigInt64BE(BigInt(value));
  return bytes;
}

/** `DataOutputStream.writeUTF`: a 16-bit length, then the bytes (aliases here are ASCII, where modified UTF-8 = ASCII). */
function javaUtf(text: string): Uint8Array {
  const bytes = Buffer.from(text, 'utf8');
  const length = Buffer.alloc(2);
  length.writeUInt16BE(bytes.length);
  return Buffer.concat([length, bytes]);
}
