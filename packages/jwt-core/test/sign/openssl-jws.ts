// Checks RS256 signatures with the openssl binary, independently of node:crypto.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function inTempDir<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'jwt-core-jws-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `openssl dgst -sha256 -verify pub.pem -signature sig.bin data.txt` on a compact JWS; returns exit status and stdout. */
export function opensslVerifyJws(token: string, publicPem: string): { readonly ok: boolean; readonly output: string } {
  const [header, payload, signature] = token.split('.');
  return inTempDir((dir) => {
    writeFileSync(join(dir, 'data.txt'), `${header}.${payload}`);
    writeFileSync(join(dir, 'sig.bin'), Buffer.from(signature ?? '', 'base64url'));
    writeFileSync(join(dir, 'pub.pem'), publicPem);
    const r = spawnSync('openssl', ['dgst', '-sha256', '-verify', join(dir, 'pub.pem'), '-signature', join(dir, 'sig.bin'), join(dir, 'data.txt')], {
      encoding: 'utf8',
    });
    return { ok: r.status === 0, output: r.stdout.trim() };
  });
}

/** `openssl dgst -sha256 -sign key.pem` of `data`: the raw RS256 signature openssl makes. */
export function opensslSign(data: string, keyPath: string): Buffer {
  return inTempDir((dir) => {
    writeFileSync(join(dir, 'data.txt'), data);
    const r = spawnSync('openssl', ['dgst', '-sha256', '-sign', keyPath, '-out', join(dir, 'sig.bin'), join(dir, 'data.txt')], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`openssl dgst -sign failed: ${r.stderr}`);
    return readFileSync(join(dir, 'sig.bin'));
  });
}
