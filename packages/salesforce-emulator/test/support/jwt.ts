// Hand-rolled RS256 signing for tests (node:crypto only), so the emulator is checked against first principles.
import { sign } from 'node:crypto';

export function b64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

export function signJws(
  privateKeyPem: string,
  claims: Record<string, unknown>,
  header: Record<string, unknown> = { alg: 'RS256', typ: 'JWT' },
): string {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  return `${input}.${sign('sha256', Buffer.from(input), privateKeyPem).toString('base64url')}`;
}
