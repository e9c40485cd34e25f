// Two ways to run a command in tests: in-process (fast; result, output and exit code) and as a child process
// (real stdin pipes and the exact bytes on stdout).
import { fileURLToPath } from 'node:url';

export { pluginDir, runInProcess, type Outcome } from '../../support/run-command.js';
import { runNodeChild } from '../../support/child-run.js';
import { pluginDir, type Outcome } from '../../support/run-command.js';

/** Runs `sf jwt <name> …argv` as a child process through cli-entry.ts (isolated HOME), feeding `input` on stdin. */
export function runProcess(
  name: string,
  argv: string[],
  options: { input?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<Outcome<never>> {
  return runNodeChild(['--import', 'tsx', fileURLToPath(new URL('cli-entry.ts', import.meta.url)), name, ...argv], {
    cwd: pluginDir,
    env: options.env,
    input: options.input,
  });
}
