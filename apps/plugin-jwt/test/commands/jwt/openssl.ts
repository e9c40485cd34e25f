// The openssl binary, to make keys the way the seeds' recipes do and to verify signatures independently of Node.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const openssl = (args: readonly string[], input?: string): string =>
  execFileSync('openssl', args, { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });

/** Writes data.txt and sig.bin for a compact JWS into `dir` and runs `openssl dgst -sha256 -verify pub.pem`. */
export function opensslVerifyToken(token: string, publicKeyPem: string, dir: string): { ok: boolean; output: string } {
  const [header, payload, signature] = token.split('.');
  writeFileSync(join(dir, 'data.txt'), `${header}.${payload}`);
  writeFileSync(join(dir, 'sig.bin'), Buffer.from(signature ?? '', 'base64url'));
  writeFileSync(join(dir, 'pub.pem'), publicKeyPem);
  const r = spawnSync('openssl', ['dgst', '-sha256', '-verify', join(dir, 'pub.pem'), '-signature', join(dir, 'sig.bin'), join(dir, 'data.txt')], {
    encoding: 'utf8',
  });
  return { ok: r.status === 0, output: r.stdout.trim() };
}

/** The public key of a certificate file, as openssl extracts it. */
export const certificatePublicKey = (certPath: string): string => openssl(['x509', '-in', certPath, '-pubkey', '-noout']);

export const readText = (path: string): string => readFileSync(path, 'utf8');
