/**
 * Every error a command throws goes through {@link toSfError}: jwt-core's coded errors become `SfError`s named by
 * their code, with the fix (in CLI words, see cli-advice.ts) as the action and their class's exit code (exit-codes.ts); anything unexpected becomes `ERR_UNEXPECTED` with a clean
 * message. No `TypeError` may survive in the cause chain: sf maps one anywhere in it to exit 10 ("a bug in the CLI").
 */
import { SfError } from '@salesforce/core/sfError';
import { cliFix, cliMessage } from './cli-advice.js';
import { exitCodeOf } from './exit-codes.js';
import { isJwtCoreError } from './core-errors.js';
import { jsonObject } from './json-data.js';
import { pluginError } from './plugin-error.js';

/**
 * Converts anything thrown into an `SfError` sf can show: name = stable code, message, actions, exit code, and
 * `data` = jwt-core's non-secret details. oclif's own errors (flag parsing, exit 2) pass through unchanged.
 *
 * @param err - Whatever was thrown.
 * @returns An error to rethrow from `run()`.
 */
export function toSfError(err: unknown): Error {
  if (isOclifError(err)) return err;
  if (isJwtCoreError(err)) {
    return SfError.create({
      name: err.code,
      message: cliMessage(err),
      actions: [cliFix(err)],
      exitCode: exitCodeOf(err.code),
      data: jsonObject(err.details),
    });
  }
  if (err instanceof SfError && !hasTypeError(err)) return err;
  // A raw abort (an AbortSignal fired in code that does not wrap it, e.g. Ctrl-C or a timer) is not a bug.
  if (err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError')) return pluginError('Aborted');
  const message = err instanceof Error ? `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}` : String(err);
  // The name "TypeError" itself would send sf to exit 10, so the class name is spelled out differently.
  return pluginError('Unexpected', [message.replace(/TypeError/g, 'type error')]);
}

function isOclifError(err: unknown): err is Error {
  return (
    err instanceof Error && 'oclif' in err && typeof (err as { oclif?: { exit?: unknown } }).oclif?.exit === 'number'
  );
}

function hasTypeError(err: Error): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 10; e = e.cause, depth++) {
    if (e instanceof TypeError || e.name === 'TypeError' || e.message.includes('TypeError')) return true;
  }
  return false;
}
