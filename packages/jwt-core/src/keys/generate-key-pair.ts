import { generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { KeyGenerationError } from '../errors.js';

const generate = promisify(generateKeyPair);

/** RSA key sizes Salesforce accepts. */
export const RSA_KEY_SIZES = [2048, 3072, 4096] as const;

/** One of {@link RSA_KEY_SIZES}. */
export type RsaKeySize = (typeof RSA_KEY_SIZES)[number];

/** Options of {@link generateRsaKeyPair}. */
export interface GenerateRsaKeyPairOptions {
  /** Modulus length; 2048 when omitted. */
  readonly bits?: RsaKeySize | undefined;
}

/** A freshly generated RSA key pair. */
export interface RsaKeyPair {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly bits: RsaKeySize;
}

/**
 * Generates an RSA key pair with `node:crypto` (public exponent 65537) on the libuv thread pool, so the event loop
 * stays free while OpenSSL searches for primes.
 *
 * @param options - `bits`: 2048 (default), 3072 or 4096.
 * @returns The private and public `KeyObject`s.
 * @throws {@link KeyGenerationError} `ERR_KEYGEN_INVALID_OPTIONS` for any other size.
 *
 * @example
 * ```ts
 * const { privateKey } = await generateRsaKeyPair({ bits: 2048 })
 * const pem = exportPrivateKeyPem(privateKey)
 * ```
 */
export async function generateRsaKeyPair(options: GenerateRsaKeyPairOptions = {}): Promise<RsaKeyPair> {
  const bits = options.bits ?? 2048;
  if (!(RSA_KEY_SIZES as readonly number[]).includes(bits)) {
    throw new KeyGenerationError('ERR_KEYGEN_INVALID_OPTIONS', `An RSA key of ${String(bits)} bits is not supported.`, {
      fix: 'Use 2048, 3072 or 4096 bits: the sizes Salesforce accepts.',
      details: { bits },
    });
  }
  const { privateKey, publicKey } = await generate('rsa', { modulusLength: bits, publicExponent: 0x10001 });
  return { privateKey, publicKey, bits };
}
