// The openssl binary: makes keys the way the seeds' recipes do and checks our output independently of node:crypto.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runTool, runToolAll } from './run-tool.js';
import { inTempDir, tempDir } from './temp-files.js';

/** Runs `openssl …args` and returns stdout; `input` is passed on stdin. Throws with stderr on failure. */
export function openssl(args: readonly string[], input?: string): string {
  return runTool('openssl', args, input);
}

/** Runs `openssl …args`; returns stdout and stderr together (`pkcs12 -info` reports on stderr). */
export function opensslAll(args: readonly string[]): string {
  return runToolAll('openssl', args);
}

/** The outcome of `openssl dgst -verify`: its exit status as `ok`, and what it printed (`Verified OK`). */
export interface OpensslVerdict {
  readonly ok: boolean;
  readonly output: string;
}

/**
 * `openssl dgst -sha256 -verify pub.pem -signature sig.bin data.txt` on a compact JWS (RS256). The three files are
 * written into `workDir` when given (and left there), else into a temp dir that is removed.
 */
export function opensslVerifyJws(jws: string, publicKeyPem: string, workDir?: string): OpensslVerdict {
  const verify = (dir: string): OpensslVerdict => {
    const [header, payload, signature] = jws.split('.');
    writeFileSync(join(dir, 'data.txt'), `${header}.${payload}`);
    writeFileSync(join(dir, 'sig.bin'), Buffer.from(signature ?? '', 'base64url'));
    writeFileSync(join(dir, 'pub.pem'), publicKeyPem);
    const args = [
      'dgst',
      '-sha256',
      '-verify',
      join(dir, 'pub.pem'),
      '-signature',
      join(dir, 'sig.bin'),
      join(dir, 'data.txt'),
    ];
    const r = spawnSync('openssl', args, { encoding: 'utf8' });
    return { ok: r.status === 0, output: r.stdout.trim() };
  };
  return workDir === undefined ? inTempDir(verify) : verify(workDir);
}

/** `openssl dgst -sha256 -sign key.pem` of `data`: the raw RS256 signature openssl makes. */
export function opensslSign(data: string, keyPath: string): Buffer {
  return inTempDir((dir) => {
    writeFileSync(join(dir, 'data.txt'), data);
    openssl(['dgst', '-sha256', '-sign', keyPath, '-out', join(dir, 'sig.bin'), join(dir, 'data.txt')]);
    return readFileSync(join(dir, 'sig.bin'));
  });
}

/** The public key (PEM) of a certificate file, as openssl extracts it. */
export const certificatePublicKey = (certPath: string): string =>
  openssl(['x509', '-in', certPath, '-pubkey', '-noout']);

/** The RSA modulus line (`Modulus=…`) of a PEM key or certificate file, as openssl prints it. */
export function modulusOf(pemFile: string, kind: 'rsa' | 'x509'): string {
  return openssl([kind, '-noout', '-modulus', '-in', pemFile]).trim();
}

/** A CA and a leaf certificate it issued, made by openssl: PEM texts and the leaf's key. */
export interface OpensslChain {
  readonly leafKeyPem: string;
  readonly leafPem: string;
  readonly caPem: string;
}

/** `openssl req -x509` makes the CA; `openssl x509 -req -CA` issues the leaf (CN=chain-leaf) from a CSR. */
export function makeChain(): OpensslChain {
  const dir = tempDir();
  try {
    const newKey = ['-newkey', 'rsa:2048', '-nodes'];
    openssl([
      'req',
      '-x509',
      ...newKey,
      '-keyout',
      dir.path('ca.key'),
      '-out',
      dir.path('ca.crt'),
      '-days',
      '30',
      '-subj',
      '/CN=chain-ca',
    ]);
    openssl([
      'req',
      '-new',
      ...newKey,
      '-keyout',
      dir.path('leaf.key'),
      '-out',
      dir.path('leaf.csr'),
      '-subj',
      '/CN=chain-leaf',
    ]);
    const issuer = ['-CA', dir.path('ca.crt'), '-CAkey', dir.path('ca.key'), '-CAcreateserial'];
    openssl(['x509', '-req', '-in', dir.path('leaf.csr'), ...issuer, '-days', '30', '-out', dir.path('leaf.crt')]);
    return {
      leafKeyPem: dir.read('leaf.key').toString(),
      leafPem: dir.read('leaf.crt').toString(),
      caPem: dir.read('ca.crt').toString(),
    };
  } finally {
    dir.remove();
  }
}
