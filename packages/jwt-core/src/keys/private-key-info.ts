import { KeyObject } from 'node:crypto';
import { keyErrors, MINIMUM_RSA_BITS } from './key-errors.js';

/** A private key checked to be usable for Salesforce's JWT bearer flow: RSA, at least 2048 bits. */
export interface PrivateKeyInfo {
  /** The key, ready for `crypto.sign`, jose or `exportPrivateKeyPem`. */
  readonly keyObject: KeyObject;
  /** Modulus length in bits (2048, 3072, 4096, …). */
  readonly bits: number;
}

// OpenSSL curve names → the names people know (RFC 8422 / NIST).
const CURVES: Readonly<Record<string, string>> = {
  prime256v1: 'P-256',
  secp384r1: 'P-384',
  secp521r1: 'P-521',
};

/**
 * Checks that a `KeyObject` is a private RSA key of at least 2048 bits, the only kind Salesforce accepts for the
 * JWT bearer flow (RS256), and returns it with its size.
 *
 * @param keyObject - A key from `crypto.createPrivateKey`, `generateRsaKeyPair` or `loadPrivateKey`.
 * @returns The key and its size in bits.
 * @throws {@link KeyError} `ERR_KEY_IS_PUBLIC_KEY`, `ERR_KEY_INVALID` (a secret key), `ERR_KEY_NOT_RSA`,
 *   `ERR_KEY_TOO_SMALL`.
 *
 * @example
 * ```ts
 * import { createPrivateKey } from 'node:crypto'
 * const { bits } = privateKeyInfo(createPrivateKey(pem)) // 2048
 * ```
 */
export function privateKeyInfo(keyObject: KeyObject): PrivateKeyInfo {
  if (!(keyObject instanceof KeyObject)) throw new TypeError('privateKeyInfo: expected a KeyObject');
  if (keyObject.type === 'public') throw keyErrors.isPublicKey();
  if (keyObject.type !== 'private') {
    throw keyErrors.invalid('it is a secret (symmetric) key, not a private key.', 'Give an RSA private key.');
  }
  const type = keyObject.asymmetricKeyType ?? 'unknown';
  if (type !== 'rsa') throw notRsa(type, keyObject.asymmetricKeyDetails?.namedCurve);
  const bits = keyObject.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MINIMUM_RSA_BITS) throw keyErrors.tooSmall(bits);
  return { keyObject, bits };
}

function notRsa(type: string, curve: string | undefined) {
  switch (type) {
    case 'ec': {
      const name = curve === undefined ? 'EC' : `EC (${CURVES[curve] ?? curve})`;
      return keyErrors.notRsa(`an ${name}`, { keyType: 'ec', ...(curve === undefined ? {} : { curve }) });
    }
    case 'ed25519':
      return keyErrors.notRsa('an Ed25519', { keyType: type });
    case 'ed448':
      return keyErrors.notRsa('an Ed448', { keyType: type });
    case 'dsa':
      return keyErrors.notRsa('a DSA', { keyType: type });
    case 'rsa-pss':
      // RSA-PSS keys are restricted to PSS padding; RS256 uses PKCS#1 v1.5 (RFC 7518 §3.3).
      return keyErrors.notRsa('an RSA-PSS (restricted to PSS signatures)', { keyType: type });
    default:
      return keyErrors.notRsa(`a ${type.toUpperCase()}`, { keyType: type });
  }
}
