/**
 * Every error a command throws goes through {@link toSfError}: jwt-core's coded errors become `SfError`s named by
 * their code, with the fix as the action and exit code 1; anything unexpected becomes `ERR_UNEXPECTED` with a clean
 * message. No `TypeError` may survive in the cause chain: sf maps one anywhere in it to exit 10 ("a bug in the CLI").
 */
import { Messages } from '@salesforce/core/messages';
import { SfError } from '@salesforce/core/sfError';
import type { JwtCoreError } from '@sfjwt/jwt-core';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);

/** Stable names of the plugin's own errors (jwt-core's codes are used as they are). */
export const pluginErrors = {
  FileExists: 'ERR_FILE_EXISTS',
  FileNotFound: 'ERR_FILE_NOT_FOUND',
  NotAFile: 'ERR_NOT_A_FILE',
  FileUnreadable: 'ERR_FILE_UNREADABLE',
  FileTooLarge: 'ERR_FILE_TOO_LARGE',
  FileUnwritable: 'ERR_FILE_UNWRITABLE',
  StdinIsTerminal: 'ERR_STDIN_IS_TERMINAL',
  StdinEmpty: 'ERR_STDIN_EMPTY',
  KeyInputMissing: 'ERR_KEY_INPUT_MISSING',
  PassphraseNoPrompt: 'ERR_KEY_PASSPHRASE_REQUIRED',
  NewPassphraseMissing: 'ERR_PASSPHRASE_MISSING',
  PassphraseMismatch: 'ERR_PASSPHRASE_MISMATCH',
  PassphraseEmpty: 'ERR_PASSPHRASE_EMPTY',
  Unexpected: 'ERR_UNEXPECTED',
} as const;

/** Key of a plugin error in messages/errors.md (`error.<Key>`). */
export type PluginErrorKey = keyof typeof pluginErrors;

let bundle: Messages<string> | undefined;
const messages = (): Messages<string> => (bundle ??= Messages.loadMessages('@sfjwt/plugin-jwt', 'errors'));

/**
 * Creates one of the plugin's own errors from messages/errors.md.
 *
 * @param key - The error's key (`FileExists`, …); its `name` is the stable code in {@link pluginErrors}.
 * @param tokens - Values for the message's `%s` placeholders. Never secrets.
 * @param actionTokens - Values for the actions' placeholders.
 * @param data - Structured, non-secret context for `--json`.
 */
export function pluginError(
  key: PluginErrorKey,
  tokens: readonly string[] = [],
  actionTokens: readonly string[] = [],
  data?: Record<string, string | number | boolean | null>,
): SfError {
  const error = SfError.create({
    name: pluginErrors[key],
    message: messages().getMessage(`error.${key}`, [...tokens]),
    actions: messages().getMessages(`error.${key}.actions`, [...actionTokens]),
    exitCode: 1,
  });
  if (data !== undefined) error.setData(data);
  return error;
}

/**
 * Creates a command's own error from its message bundle (`error.<Key>` and `error.<Key>.actions`) with a stable
 * `ERR_*` name, like every other error of the plugin (Messages.createError would name it `<Key>Error`).
 */
export function commandError(bundle: Messages<string>, key: string, name: `ERR_${string}`, tokens: readonly string[] = []): SfError {
  return SfError.create({
    name,
    message: bundle.getMessage(`error.${key}`, [...tokens]),
    actions: bundle.getMessages(`error.${key}.actions`),
    exitCode: 1,
  });
}

/** True for jwt-core's errors, recognised by shape so this module need not load jwt-core. */
export function isJwtCoreError(err: unknown): err is JwtCoreError {
  return (
    err instanceof Error &&
    typeof (err as Partial<JwtCoreError>).code === 'string' &&
    typeof (err as Partial<JwtCoreError>).fix === 'string' &&
    typeof (err as Partial<JwtCoreError>).details === 'object'
  );
}

/**
 * Converts anything thrown into an `SfError` sf can show: name = stable code, message, actions, exit code 1, and
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
      message: err.message,
      actions: [err.fix],
      exitCode: 1,
      data: JSON.parse(JSON.stringify(err.details)) as Record<string, never>,
    });
  }
  if (err instanceof SfError && !hasTypeError(err)) return err;
  const message = err instanceof Error ? `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}` : String(err);
  // The name "TypeError" itself would send sf to exit 10, so the class name is spelled out differently.
  return pluginError('Unexpected', [message.replace(/TypeError/g, 'type error')]);
}

function isOclifError(err: unknown): err is Error {
  return err instanceof Error && 'oclif' in err && typeof (err as { oclif?: { exit?: unknown } }).oclif?.exit === 'number';
}

function hasTypeError(err: Error): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 10; e = e.cause, depth++) {
    if (e instanceof TypeError || e.name === 'TypeError' || e.message.includes('TypeError')) return true;
  }
  return false;
}
