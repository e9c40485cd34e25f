// Crafts assertions with any header and claims, so every validator finding can be triggered on purpose.
import { createHmac, sign, type KeyObject } from 'node:crypto';

const b64 = (value: unknown): string =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** `header.claims.signature`; RS* with `rsaKey`, HS256 with a fixed secret, anything else unsigned (empty signature). */
export function craftToken(
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
  rsaKey?: KeyObject,
): string {
  const input = `${b64(header)}.${b64(claims)}`;
  const alg = header['alg'];
  if (alg === 'HS256') return `${input}.${createHmac('sha256', 'shared-secret').update(input).digest('base64url')}`;
  const hash = { RS256: 'sha256', RS384: 'sha384', RS512: 'sha512', ES256: 'sha256' }[String(alg)];
  if (hash === undefined || rsaKey === undefined) return `${input}.`;
  return `${input}.${sign(hash, Buffer.from(input), rsaKey).toString('base64url')}`;
}
