/**
 * Where passphrases come from: env SFJWT_KEY_PASSPHRASE, else a hidden prompt in an interactive terminal. Never a
 * flag value (it would land in shell history and process lists).
 */
import { pluginError } from '../errors/plugin-error.js';
import { PASSPHRASE_ENV } from './secret-env.js';

export { PASSPHRASE_ENV } from './secret-env.js';

/** Asks for a secret without echoing it; commands pass `(message) => this.secretPrompt({ message })`. */
export type SecretPrompt = (message: string) => Promise<string>;

/** How a command can obtain secrets. */
export interface SecretSources {
  /** Environment to read; `process.env` in commands. */
  readonly env: NodeJS.ProcessEnv;
  /** The hidden prompt, or `undefined` when prompting is impossible (not a terminal). */
  readonly prompt: SecretPrompt | undefined;
}

/**
 * The default {@link SecretSources} of a command: the environment (`process.env`), and the prompt only when stdin and stdout are both
 * terminals (stdout too, so a prompt never lands in piped `--json` output).
 */
export function secretSources(prompt: SecretPrompt, env: NodeJS.ProcessEnv = process.env): SecretSources {
  const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;
  return { env, prompt: interactive ? prompt : undefined };
}

/** The passphrase from the environment; an empty value counts as unset. */
export function passphraseFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  const value = env[PASSPHRASE_ENV];
  return value === undefined || value === '' ? undefined : value;
}

/** What a new secret is for: where it may come from, how to ask for it, and the errors to give. */
export interface NewSecretSpec {
  /** The environment variable that may hold it (an empty value counts as unset). */
  readonly envVar: string;
  /** First prompt, e.g. `Passphrase for the new private key:`. */
  readonly prompt: string;
  /** Second prompt, e.g. `Type the passphrase again:`. */
  readonly again: string;
  /** Neither the variable nor a terminal. */
  readonly missing: () => Error;
  /** The two typed values differ. */
  readonly mismatch: () => Error;
  /** Nothing was typed. */
  readonly empty: () => Error;
}

/**
 * A secret for something about to be created (an encrypted key, a keystore): from its environment variable, else
 * asked twice at a hidden prompt. Never from a flag.
 */
export async function newSecret(sources: SecretSources, spec: NewSecretSpec): Promise<string> {
  const fromEnv = sources.env[spec.envVar];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (sources.prompt === undefined) throw spec.missing();
  const first = await sources.prompt(spec.prompt);
  if (first === '') throw spec.empty();
  const second = await sources.prompt(spec.again);
  if (first !== second) throw spec.mismatch();
  return first;
}

/**
 * A passphrase for a new encrypted key: from the environment, else asked twice at a hidden prompt.
 *
 * @throws `ERR_PASSPHRASE_MISSING` (no env, no terminal), `ERR_PASSPHRASE_EMPTY`, `ERR_PASSPHRASE_MISMATCH`.
 */
export async function newPassphrase(sources: SecretSources): Promise<string> {
  return newSecret(sources, {
    envVar: PASSPHRASE_ENV,
    prompt: 'Passphrase for the new private key:',
    again: 'Type the passphrase again:',
    missing: () => pluginError('NewPassphraseMissing'),
    mismatch: () => pluginError('PassphraseMismatch'),
    empty: () => pluginError('PassphraseEmpty'),
  });
}
