// Runs the real sf CLI (devDependency @salesforce/cli) on this Node, in an isolated HOME, asynchronously (the
// emulator serves from this same process).
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PACKAGE_DIR } from './spawn.js';

export const SF = join(PACKAGE_DIR, 'node_modules', '.bin', 'sf');
const OFFLINE_GUARD = join(PACKAGE_DIR, 'test', 'support', 'offline-guard.mjs');

export interface SfResult {
  code: number;
  json: Record<string, unknown>;
  stdout: string;
  stderr: string;
}

export function isolatedHome(): string {
  return mkdtempSync(join(tmpdir(), 'emu-sf-home-'));
}

export function runSf(home: string, args: string[]): Promise<SfResult> {
  const env = {
    ...process.env,
    HOME: home,
    // This Node (22) first on PATH: the sf CLI needs Node ≥ 22 (sf-cli-behaviour.md §0).
    PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`,
    SF_DISABLE_AUTOUPDATE: 'true',
    SF_AUTOUPDATE_DISABLE: 'true',
    SF_DISABLE_LOG_FILE: 'true',
    SF_USE_GENERIC_UNIX_KEYCHAIN: 'true',
    SF_DISABLE_TELEMETRY: 'true',
    SF_DISABLE_DNS_CHECK: 'true',
    // No request may leave the machine: sf falls back to login./test.salesforce.com after a failed attempt.
    NODE_OPTIONS: `--import ${pathToFileURL(OFFLINE_GUARD).href}`,
  };
  return new Promise((resolve) => {
    execFile(
      SF,
      [...args, '--json'],
      { env, cwd: home, encoding: 'utf8', timeout: 60_000 },
      (error, stdout, stderr) => {
        let json: Record<string, unknown> = {};
        try {
          json = JSON.parse(stdout) as Record<string, unknown>;
        } catch {
          json = { unparsed: stdout };
        }
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, json, stdout, stderr });
      },
    );
  });
}
