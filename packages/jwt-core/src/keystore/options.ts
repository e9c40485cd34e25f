/** The inputs every keystore writer takes, checked once against the rules of keytool and Salesforce. */
import type { KeyObject, X509Certificate } from 'node:crypto';
import { assertCertificateMatchesKey } from '../certs/describe-certificate.js';
import { KeystoreError } from '../errors.js';
import { RSA_KEY_SIZES } from '../keys/generate-key-pair.js';
import { privateKeyInfo } from '../keys/private-key-info.js';
import { validateKeystoreAlias, validateKeystorePassword } from './alias.js';
import { readCertificateChain } from './chain.js';

/** Options of {@link createJavaKeyStore} and {@link createPkcs12}. */
export interface KeystoreOptions {
  /** The RSA private key (2048, 3072 or 4096 bits). */
  readonly key: KeyObject;
  /** The key's certificate as PEM (optionally followed by its CA chain, in order), or DER bytes. */
  readonly certificatePem: string | Uint8Array;
  /** Entry name; Salesforce makes it the certificate's Unique Name (see {@link validateKeystoreAlias}). */
  readonly alias: string;
  /** Protects both the store and the key: Salesforce asks only for the store password. At least 6 characters. */
  readonly password: string;
}

/** Checked inputs: the key as unencrypted PKCS#8 DER, the chain (key's certificate first) and the alias. */
export interface CheckedKeystoreInput {
  readonly pkcs8: Uint8Array;
  readonly chain: readonly [X509Certificate, ...X509Certificate[]];
  readonly alias: string;
}

/**
 * Checks everything before any bytes are made: alias, password, key type and size, certificate chain, and that the
 * key belongs to the certificate.
 *
 * @throws {@link KeystoreError} `ERR_KEYSTORE_INVALID_OPTIONS`, `ERR_KEYSTORE_KEY_SIZE`; {@link KeyError}
 *   `ERR_KEY_NOT_RSA`, `ERR_KEY_TOO_SMALL`, `ERR_KEY_IS_PUBLIC_KEY`; {@link CertificateError} reading errors and
 *   `ERR_CERT_KEY_MISMATCH`.
 */
export function checkKeystoreInput(options: KeystoreOptions): CheckedKeystoreInput {
  const alias = validateKeystoreAlias(options.alias);
  validateKeystorePassword(options.password);
  const keyObject = validateKeystoreKey(options.key);
  const [leaf, ...issuers] = readCertificateChain(options.certificatePem);
  if (leaf === undefined) throw new TypeError('readCertificateChain returned no certificate'); // cannot happen
  // "The private key does not match the certificate chain in the keystore." is Salesforce's answer otherwise.
  assertCertificateMatchesKey(leaf.raw, keyObject);
  // PKCS#8, as Salesforce requires ("The key must be in PKCS#8 format.").
  const pkcs8 = keyObject.export({ type: 'pkcs8', format: 'der' });
  return { pkcs8, chain: [leaf, ...issuers], alias };
}

/**
 * Checks that a key can go into a keystore Salesforce imports: an RSA private key of 2048, 3072 or 4096 bits.
 *
 * @param key - The private key.
 * @returns The same key.
 * @throws {@link KeystoreError} `ERR_KEYSTORE_KEY_SIZE`; {@link KeyError} `ERR_KEY_NOT_RSA`, `ERR_KEY_TOO_SMALL`,
 *   `ERR_KEY_IS_PUBLIC_KEY`, `ERR_KEY_INVALID`.
 *
 * @example
 * ```ts
 * validateKeystoreKey(loaded.keyObject) // before asking for the keystore password
 * ```
 */
export function validateKeystoreKey(key: KeyObject): KeyObject {
  const { keyObject, bits } = privateKeyInfo(key);
  if ((RSA_KEY_SIZES as readonly number[]).includes(bits)) return keyObject;
  throw new KeystoreError(
    'ERR_KEYSTORE_KEY_SIZE',
    `The RSA key has ${bits} bits; Salesforce imports only keys of 2048, 3072 or 4096 bits ("Imported keys must have a bit size of 2048, 3072, or 4096.").`,
    {
      fix: 'Make a new key pair of 2048, 3072 or 4096 bits (generateRsaKeyPair) and its certificate (createSelfSignedCertificate), and upload the new certificate to the app.',
      hint: { kind: 'keystore-key-size', supportedBits: [...RSA_KEY_SIZES] },
      details: { bits, supportedBits: [...RSA_KEY_SIZES] },
    },
  );
}
