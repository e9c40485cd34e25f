/**
 * How long the network may take: `--timeout` (seconds), else SFJWT_TIMEOUT from the environment (for CI, where one
 * setting covers every command), else 30 s. It bounds the token exchange as a whole (every attempt, backoff and
 * fallback pair together) and, for `login`, the org lookups after it.
 */
import { pluginError } from '../errors/plugin-error.js';

/** The environment variable CI can set instead of `--timeout` (not a secret; SFJWT_ like the others). */
export const TIMEOUT_ENV = 'SFJWT_TIMEOUT';

/** Default timeout, seconds (jwt-core's default overall deadline). */
export const DEFAULT_TIMEOUT_SECONDS = 30;

/** Largest timeout accepted, seconds. */
export const MAX_TIMEOUT_SECONDS = 3600;

/**
 * The timeout in milliseconds.
 *
 * @param flagSeconds - `--timeout`, already an integer in range (oclif checks it).
 * @param env - Usually `process.env`.
 * @throws `ERR_TIMEOUT_INVALID` when SFJWT_TIMEOUT is not a whole number of seconds from 1 to 3600.
 */
export function resolveTimeoutMs(flagSeconds: number | undefined, env: NodeJS.ProcessEnv): number {
  if (flagSeconds !== undefined) return flagSeconds * 1000;
  const raw = env[TIMEOUT_ENV];
  if (raw === undefined || raw.trim() === '') return DEFAULT_TIMEOUT_SECONDS * 1000;
  const seconds = /^\s*\d{1,4}\s*$/.test(raw) ? Number(raw) : NaN;
  if (!(seconds >= 1 && seconds <= MAX_TIMEOUT_SECONDS))
    throw pluginError('TimeoutInvalid', [`${TIMEOUT_ENV}=${JSON.stringify(raw)}`]);
  return seconds * 1000;
}
