/**
 * GitHub Actions masking: with GITHUB_ACTIONS=true, a secret is announced as `::add-mask::<secret>` before it is
 * printed or written, so the runner replaces it with *** in every later log line, this step's or a later one's (an
 * `echo`, `set -x`). The line goes to stderr: the runner reads workflow commands from both streams, and stdout stays
 * what scripts parse (`TOKEN=$(sf jwt token …)`, `--json | jq`).
 */

/** Announces `secret` to the GitHub Actions runner; does nothing elsewhere. */
export function maskInCi(
  secret: string,
  env: NodeJS.ProcessEnv,
  write: (line: string) => unknown = (line) => process.stderr.write(line),
): void {
  if (env.GITHUB_ACTIONS !== 'true' || secret === '') return;
  // A workflow command is one line: a secret with a line break is masked line by line.
  for (const part of secret.split(/\r?\n/)) if (part !== '') write(`::add-mask::${part}\n`);
}
