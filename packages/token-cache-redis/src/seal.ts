// AES-256-GCM sealing of cache values: a Redis dump then holds no usable bearer token.
import { createCipheriv, createDecipheriv, randomBytes, type KeyObject } from 'node:crypto';
import { RedisTokenCacheError } from './errors.js';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The encryption key as 32 bytes (a copy), or a coded error for anything else. */
export function sealingKey(input: Uint8Array | KeyObject): Buffer {
  const bytes = input instanceof Uint8Array ? Buffer.from(input) : secretBytes(input);
  if (bytes?.length !== KEY_BYTES) {
    throw new RedisTokenCacheError(
      'ERR_CACHE_ENCRYPTION_KEY',
      `encryptionKey must be ${KEY_BYTES} bytes (AES-256), got ${bytes === undefined ? 'a key that is not a secret key' : `${bytes.length} bytes`}.`,
      'Pass 32 random bytes, e.g. Buffer.from(secretBase64, "base64") of `openssl rand -base64 32`, the same in every process.',
    );
  }
  return bytes;
}

function secretBytes(key: unknown): Buffer | undefined {
  const k = key as KeyObject;
  return typeof k?.export === 'function' && k.type === 'secret' ? k.export() : undefined;
}

/**
 * Seals `plaintext`: base64url of IV (12 random bytes) ‖ ciphertext ‖ GCM tag. `aad` (the Redis key and the token's
 * hash) is authenticated, so a value copied to another key, or with another hash in front, does not open.
 */
export function seal(key: Buffer, plaintext: string, aad: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
}

/** Opens what {@link seal} made, or returns undefined (wrong key, tampered, another key's value, not ours). */
export function open(key: Buffer, sealed: string, aad: string): string | undefined {
  const bytes = Buffer.from(sealed, 'base64url');
  if (bytes.length < IV_BYTES + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    const plain = Buffer.concat([
      decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)),
      decipher.final(),
    ]);
    return plain.toString('utf8');
  } catch {
    return undefined;
  }
}
