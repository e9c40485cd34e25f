/**
 * What a service gets from its command instead of reaching for globals: the environment, the clock, where secrets
 * come from, and a way to warn the user. Commands build it (JwtCommand.services()); tests can build their own.
 */
import type { SecretSources } from '../io/secrets.js';

export interface ServiceContext {
  /** Environment to read; `process.env` in commands. */
  readonly env: NodeJS.ProcessEnv;
  /** The clock, epoch ms; `Date.now` in commands. */
  readonly now: () => number;
  /** Environment and hidden prompt for keys' passphrases and new secrets. */
  readonly secrets: SecretSources;
  /** Shows a warning as it happens (so one given before a failure still reaches the error's envelope). */
  readonly warn: (message: string) => void;
  /** Aborted when the user interrupts (Ctrl-C, SIGTERM); network work should stop on it. Absent in some tests. */
  readonly signal?: AbortSignal;
  /**
   * Called with an access token before it is printed or written anywhere: in GitHub Actions it registers the token
   * as a secret (::add-mask::), so the log never shows it. Absent in some tests.
   */
  readonly mask?: (secret: string) => void;
  /**
   * Until the returned function is called, a Ctrl-C's one line says this (what the interruption leaves and the
   * command that repairs it) instead of "nothing was left half-written"; sanitized by the command. Absent in tests.
   */
  readonly explainInterrupt?: (sentence: string) => () => void;
}
