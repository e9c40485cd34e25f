/**
 * A demo emulator for the plugin's exchange tests: a throwaway key and certificate on disk, the app and user from
 * `createDemoConfig`, and the flags that point `sf jwt token|login|doctor` at it. The emulator package is built
 * when its dist is missing or stale (turbo builds it first in `npm test`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DemoOptions, Emulator, EmulatorConfig, StartOptions } from '@sfjwt/salesforce-emulator';
import { pluginDir } from './sf-cli.js';

const emulatorDir = join(pluginDir, '..', '..', 'packages', 'salesforce-emulator');

function newest(dir: string): number {
  return Math.max(
    0,
    ...readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => statSync(join(e.parentPath, e.name)).mtimeMs),
  );
}

/** Builds the emulator's dist when it is missing or older than its sources. */
export function ensureEmulatorBuilt(): void {
  const built = join(emulatorDir, 'dist', 'index.js');
  if (existsSync(built) && statSync(built).mtimeMs >= newest(join(emulatorDir, 'src'))) return;
  try {
    execFileSync(join(emulatorDir, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json'], {
      cwd: emulatorDir,
      stdio: 'pipe',
    });
  } catch (err) {
    if (!existsSync(built)) throw err;
  }
}

/** A running demo emulator with its key and certificate on disk. */
export interface DemoEmulator {
  readonly emulator: Emulator;
  readonly dir: string;
  readonly keyPath: string;
  readonly certPath: string;
  readonly privateKeyPem: string;
  readonly consumerKey: string;
  readonly username: string;
  readonly orgId: string;
  readonly userId: string;
  /** `--client-id … --username … --jwt-key-file … --instance-url <emulator>`. */
  flags(): string[];
  stop(): Promise<void>;
}

/** Starts an emulator with the demo org, app (a Connected App unless told otherwise) and user. */
export async function startDemo(
  options: DemoOptions = {},
  tweak: (config: EmulatorConfig) => EmulatorConfig = (c) => c,
  start: StartOptions = {},
): Promise<DemoEmulator> {
  ensureEmulatorBuilt();
  const { createDemoConfig, startEmulator } = await import('@sfjwt/salesforce-emulator');
  const demo = createDemoConfig({ appType: 'connected-app', ...options });
  const emulator = await startEmulator(tweak(demo.config), start);
  const dir = mkdtempSync(join(tmpdir(), 'plugin-jwt-emu-'));
  const keyPath = join(dir, 'server.key');
  const certPath = join(dir, 'server.crt');
  writeFileSync(keyPath, demo.privateKeyPem, { mode: 0o600 });
  writeFileSync(certPath, demo.certificatePem);
  return {
    emulator,
    dir,
    keyPath,
    certPath,
    privateKeyPem: demo.privateKeyPem,
    consumerKey: demo.consumerKey,
    username: demo.username,
    orgId: demo.orgId,
    userId: demo.userId,
    flags: () => [
      '--client-id',
      demo.consumerKey,
      '--username',
      demo.username,
      '--jwt-key-file',
      keyPath,
      '--instance-url',
      emulator.url,
    ],
    stop: async () => {
      await emulator.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
