/**
 * The last step before sf prints an error (human or `--json`): the message and actions go through the same rule as
 * every printed text (no escapes or control characters, no forged lines, long lines cut with their length said),
 * and the error's `data` keeps its values as data but with long strings cut. Server text (error_description, a
 * 2 MB instance_url) and echoed flag values reach the terminal only this way.
 */
import { capData, displayBlock } from '../render/sanitize.js';

type PrintableError = Error & { actions?: unknown; data?: unknown };

/**
 * Sanitizes `error` in place (oclif's parse errors keep their class and exit code) and returns it.
 *
 * @param error - The error about to be printed.
 */
export function sanitizeError<E extends Error>(error: E): E {
  const e = error as E & PrintableError;
  const message = displayBlock(e.message);
  if (message !== e.message) {
    // A stack begins with the message, and sf prints it (and a wrapped error's, as `cause`) in --json: rebuild it
    // from the sanitized message and the frames.
    if (typeof e.stack === 'string')
      e.stack = [`${e.name}: ${message}`, ...e.stack.split('\n').filter((l) => l.startsWith('    at '))].join('\n');
    e.message = message;
  }
  if (Array.isArray(e.actions))
    e.actions = e.actions.map((a: unknown) => (typeof a === 'string' ? displayBlock(a) : a));
  if (e.data !== undefined && e.data !== null) e.data = capData(e.data);
  return error;
}
