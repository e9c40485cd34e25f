// Two ways to run a command in tests: in-process (fast; result, output and exit code) and as a child process
// (real stdin pipes and the exact bytes on stdout).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export { pluginDir, runInProcess, type Outcome } from '../../support/run-command.js';
import { pluginDir, type Outcome } from '../../support/run-command.js';

/** Runs `sf jwt <name> …argv` as a child process through cli-entry.ts (isolated HOME), feeding `input` on stdin. */
export function runProcess(
  name: string,
  argv: string[],
  options: { input?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<Outcome<never>> {
  const home = mkdtempSync(join(tmpdir(), 'plugin-jwt-home-'));
  return new Promise<Outcome<never>>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('cli-entry.ts', import.meta.url)), name, ...argv],
      {
        cwd: pluginDir,
        env: {
          PATH: process.env.PATH,
          HOME: home,
          SF_DISABLE_AUTOUPDATE: 'true',
          SF_DISABLE_TELEMETRY: 'true',
          SF_DISABLE_LOG_FILE: 'true',
          NO_COLOR: '1',
          ...options.env,
        },
      },
    );
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(), exitCode: code ?? 1 }),
    );
    child.stdin.end(options.input ?? '');
  }).finally(() => rmSync(home, { recursive: true, force: true }));
}
