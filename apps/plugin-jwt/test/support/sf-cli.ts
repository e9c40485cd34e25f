/**
 * Runs the real Salesforce CLI (the `@salesforce/cli` devDependency) in an isolated HOME, on the project's Node 22,
 * with our plugin linked into it. Shared by every end-to-end test and by the login benchmark's expectations.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pluginDir, sfBin, sfEnv, stagePlugin } from '@sfjwt/test-support';

export { pluginDir, sfBin, sfEnv };
export const runJs = join(pluginDir, 'bin', 'run.js');

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a program to completion and collects its output; never rejects on a non-zero exit. */
export function run(
  file: string,
  args: readonly string[],
  options: { env: NodeJS.ProcessEnv; cwd?: string; input?: string; timeoutMs?: number },
): Promise<RunResult> {
  return new Promise((resolvePromise) => {
    const child = execFile(
      file,
      args,
      { env: options.env, cwd: options.cwd, timeout: options.timeoutMs ?? 60_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolvePromise({ code, stdout, stderr });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
  });
}

/** An isolated sf CLI home with our plugin linked; `dispose()` removes it. */
export class SfSandbox {
  readonly home = mkdtempSync(join(tmpdir(), 'sfjwt-sf-home-'));

  env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    return sfEnv(this.home, extra);
  }

  /**
   * Links a release-shaped copy of the built plugin (compiled lib/ and its manifest: what users install), without
   * `--install`: pnpm already installed the dependencies.
   */
  async linkPlugin(): Promise<void> {
    const result = await this.sf(['plugins', 'link', stagePlugin(this.home), '--no-install']);
    if (result.code !== 0) throw new Error(`sf plugins link failed (${result.code}): ${result.stderr}`);
  }

  sf(
    args: readonly string[],
    options: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string } = {},
  ): Promise<RunResult> {
    return run(sfBin, args, {
      env: this.env(options.env),
      cwd: options.cwd ?? this.home,
      ...(options.input === undefined ? {} : { input: options.input }),
    });
  }

  /** Runs `sf … --json` and parses the envelope. */
  async sfJson<T>(
    args: readonly string[],
    options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
  ): Promise<{ code: number; json: T; stderr: string }> {
    const result = await this.sf([...args, '--json'], options);
    try {
      return { code: result.code, json: JSON.parse(result.stdout) as T, stderr: result.stderr };
    } catch {
      throw new Error(
        `sf ${args.join(' ')} printed no JSON (exit ${result.code}):\n${result.stdout}\n${result.stderr}`,
      );
    }
  }

  dispose(): void {
    rmSync(this.home, { recursive: true, force: true });
  }
}
