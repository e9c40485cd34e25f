// Runs keytool (Java 17) and openssl on keystores written to a temp dir: the independent check of our bytes.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs `keytool …args`; returns stdout and stderr together (keytool reports on both). Throws with both on failure. */
export function keytool(args: readonly string[]): string {
  return run('keytool', args, { ...process.env, LC_ALL: 'C.UTF-8' });
}

/** Runs `openssl …args`; returns stdout and stderr together (`pkcs12 -info` reports on stderr). */
export function opensslAll(args: readonly string[]): string {
  return run('openssl', args, process.env);
}

function run(tool: string, args: readonly string[], env: NodeJS.ProcessEnv): string {
  const child = spawnSync(tool, args, { encoding: 'utf8', env });
  if (child.error !== undefined) throw child.error;
  const output = child.stdout + child.stderr;
  if (child.status !== 0) throw new Error(`${tool} ${args[0] ?? ''} exited with ${child.status}: ${output}`);
  return output;
}

/** Runs `openssl …args` on files; returns stdout. */
export function opensslFiles(args: readonly string[]): string {
  return execFileSync('openssl', args, { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

/** A temp dir for one test: `path(name)`, `write(name, bytes)`, `read(name)`, `remove()`. */
export function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), 'jwt-core-keystore-'));
  return {
    path: (name: string) => join(dir, name),
    write: (name: string, bytes: Uint8Array | string) => (writeFileSync(join(dir, name), bytes), join(dir, name)),
    read: (name: string) => readFileSync(join(dir, name)),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The RSA modulus line (`Modulus=…`) of a PEM key or certificate, as openssl prints it. */
export function modulusOf(pemFile: string, kind: 'rsa' | 'x509'): string {
  return opensslFiles([kind, '-noout', '-modulus', '-in', pemFile]).trim();
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
    const run = (args: string[]) => opensslFiles(args);
    run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', dir.path('ca.key'), '-out', dir.path('ca.crt'), '-days', '30', '-subj', '/CN=chain-ca']);
    run(['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', dir.path('leaf.key'), '-out', dir.path('leaf.csr'), '-subj', '/CN=chain-leaf']);
    run(['x509', '-req', '-in', dir.path('leaf.csr'), '-CA', dir.path('ca.crt'), '-CAkey', dir.path('ca.key'), '-CAcreateserial', '-days', '30', '-out', dir.path('leaf.crt')]);
    return { leafKeyPem: dir.read('leaf.key').toString(), leafPem: dir.read('leaf.crt').toString(), caPem: dir.read('ca.crt').toString() };
  } finally {
    dir.remove();
  }
}
