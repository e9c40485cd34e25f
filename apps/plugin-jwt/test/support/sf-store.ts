// A planted sf state for the sf-auth-files properties (issue 27): a fresh HOME per input holding what sf keeps in
// ~/.sfdx and ~/.sf (the generic keychain's key.json, auth files, alias.json, config files), written from a
// description, and @salesforce/core's per-process state forgotten before each input.
//
// Encryption is done here with node:crypto from core's documented format (`<iv hex><cipher hex>:<tag hex>`,
// aes-256-gcm; v1: a 32-character key used as UTF-8 and a 12-character IV, v2: a 64-hex-character key and a
// 12-byte IV), not by core: a valid field is one core must decrypt, an independent check of the format.
import { createCipheriv, createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// Core's keychain cache and crypto module are not in its exports map: reached by file, as the same CJS instances.
const require = createRequire(import.meta.url);
const coreLib = dirname(require.resolve('@salesforce/core'));
const { Cache } = require(join(coreLib, 'util', 'cache.js')) as { Cache: { instance(): Map<unknown, unknown> } };
const { Crypto } = require(join(coreLib, 'crypto', 'crypto.js')) as { Crypto: { unsetCryptoVersion(): void } };

export type KeyVersion = 'v1' | 'v2';

/** One file of the planted state, by its path under HOME. */
export type PlantedEntry =
  | { readonly kind: 'file'; readonly path: string; readonly content: string; readonly mode?: number }
  | { readonly kind: 'directory'; readonly path: string }
  | { readonly kind: 'symlink'; readonly path: string; readonly content: string }
  | { readonly kind: 'dangling-symlink'; readonly path: string };

/** The key of core's generic keychain (`~/.sfdx/key.json`) for a version. */
export function keychainKey(version: KeyVersion, seed: number): string {
  const hex = Buffer.from(Array.from({ length: 32 }, (_, i) => (seed * 31 + i * 17) & 0xff)).toString('hex');
  return version === 'v1' ? hex.slice(0, 32) : hex;
}

/** `key.json` as core's generic keychain writes it. */
export function keychainFile(key: string): string {
  return JSON.stringify({ account: 'local', key, service: 'sfdx' }, null, 4);
}

/** `text` encrypted the way core stores a token field under `key`. */
export function encryptField(text: string, key: string): string {
  const v2 = key.length === 64;
  // The IV derived from the input, so that a seed replays the same files (core draws a random one).
  const digest = createHash('sha256').update(`${key}:${text}`).digest();
  const iv = v2 ? digest.subarray(0, 12) : digest.subarray(0, 6).toString('hex');
  const cipher = createCipheriv('aes-256-gcm', v2 ? Buffer.from(key, 'hex') : Buffer.from(key, 'utf8'), iv);
  const encrypted = cipher.update(text, 'utf8', 'hex') + cipher.final('hex');
  const ivHex = typeof iv === 'string' ? iv : iv.toString('hex');
  return `${ivHex}${encrypted}:${cipher.getAuthTag().toString('hex')}`;
}

/** A fresh HOME under `root` holding `entries`. */
export function plantHome(root: string, entries: readonly PlantedEntry[]): string {
  const home = mkdtempSync(join(root, 'home-'));
  const outside = mkdtempSync(join(root, 'outside-'));
  entries.forEach((entry, index) => {
    const path = join(home, entry.path);
    // A later entry at a path an earlier one made a file or directory of is skipped: one thing per path.
    try {
      mkdirSync(dirname(path), { recursive: true });
      if (entry.kind === 'file') writeFileSync(path, entry.content, { flag: 'wx', mode: entry.mode ?? 0o600 });
      else if (entry.kind === 'directory') mkdirSync(path);
      else if (entry.kind === 'symlink') {
        const target = join(outside, `target-${index}`);
        writeFileSync(target, entry.content);
        symlinkSync(target, path);
      } else symlinkSync(join(outside, `missing-${index}`), path);
    } catch (error) {
      if (!['EEXIST', 'ENOTDIR', 'EISDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    }
  });
  return home;
}

/** Removes a planted HOME and its outside folder. */
export function removeHome(home: string): void {
  rmSync(home, { recursive: true, force: true });
  rmSync(home.replace(/home-([^/]*)$/, 'outside-'), { recursive: true, force: true });
}

/**
 * Points sf at `home` and forgets everything @salesforce/core keeps per process about the previous one: the
 * StateAggregator and ConfigAggregator instances, the projects, the keychain password cache and the crypto version
 * detected from the first key (a module variable; core's own tests reset it through the same hook). The
 * independence property in sf-auth-files.property.test.ts is what shows this list is complete.
 */
export async function switchSfHome(home: string): Promise<void> {
  const core = await import('@salesforce/core');
  core.StateAggregator.clearInstance();
  process.env.HOME = home;
  process.env.USERPROFILE = home;
  core.StateAggregator.clearInstance();
  await core.ConfigAggregator.clearInstance();
  core.SfProject.clearInstances();
  Cache.instance().clear();
  Crypto.unsetCryptoVersion();
}

/** sf's settings for an offline, quiet sandbox (see sf-cli-behaviour.md §8). */
const SANDBOX_ENV = {
  SF_USE_GENERIC_UNIX_KEYCHAIN: 'true',
  SF_DISABLE_LOG_FILE: 'true',
  SF_DISABLE_TELEMETRY: 'true',
  SF_DISABLE_DNS_CHECK: 'true',
  SF_DISABLE_AUTOUPDATE: 'true',
  // With the version fixed, and orgEdition and namespacePrefix in an auth file, core's Org.create asks the org
  // nothing (it would otherwise query it, outside any deadline of ours): tests over planted HOMEs stay offline.
  SF_ORG_API_VERSION: '66.0',
};

/** Sets the sandbox's settings; the returned function puts HOME and them back and forgets core's state. */
export function enterSfSandbox(): () => Promise<void> {
  const names = ['HOME', 'USERPROFILE', ...Object.keys(SANDBOX_ENV)];
  const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
  Object.assign(process.env, SANDBOX_ENV);
  return async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    const core = await import('@salesforce/core');
    core.StateAggregator.clearInstance();
    await core.ConfigAggregator.clearInstance();
  };
}
