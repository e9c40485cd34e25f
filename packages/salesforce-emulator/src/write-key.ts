// Writes the demo's private key (mode 0600) and certificate, atomically, never overwriting without `force`.
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { DemoSetup } from './demo.js';

function writeAtomic(path: string, content: string, mode: number, force: boolean): void {
  if (!force && existsSync(path)) throw new Error(`${path} already exists: pass --force to overwrite it`);
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temp, content, { mode, flag: 'wx' });
  renameSync(temp, path);
}

/** Writes `server.key` (0600) and `server.crt` into `dir` (created if missing). Returns the key's path. */
export function writeDemoKey(dir: string, demo: DemoSetup, force: boolean): string {
  const target = resolve(dir);
  mkdirSync(target, { recursive: true, mode: 0o700 });
  const keyPath = join(target, 'server.key');
  const certPath = join(target, 'server.crt');
  if (!force) {
    for (const p of [keyPath, certPath])
      if (existsSync(p)) throw new Error(`${p} already exists: pass --force to overwrite it`);
  }
  writeAtomic(keyPath, demo.privateKeyPem, 0o600, force);
  writeAtomic(certPath, demo.certificatePem, 0o644, force);
  return keyPath;
}
