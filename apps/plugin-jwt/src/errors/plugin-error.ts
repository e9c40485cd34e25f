/**
 * The plugin's own coded errors: messages from messages/errors.md (shared) or a command's bundle, each with a stable
 * `ERR_*` name, its actions and its failure class's exit code (exit-codes.ts).
 */
import { Messages } from '@salesforce/core/messages';
import { SfError } from '@salesforce/core/sfError';
import { exitCodeOf } from './exit-codes.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);

/** Stable names of the plugin's own errors (jwt-core's codes are used as they are). */
export const pluginErrors = {
  FileExists: 'ERR_FILE_EXISTS',
  FileNotFound: 'ERR_FILE_NOT_FOUND',
  NotAFile: 'ERR_NOT_A_FILE',
  FileUnreadable: 'ERR_FILE_UNREADABLE',
  NotARegularFile: 'ERR_NOT_A_REGULAR_FILE',
  FileTooLarge: 'ERR_FILE_TOO_LARGE',
  SymlinkExists: 'ERR_FILE_EXISTS',
  OutputIsInput: 'ERR_OUTPUT_IS_INPUT',
  FolderLocked: 'ERR_FOLDER_LOCKED',
  FolderNotOurs: 'ERR_FOLDER_NOT_OURS',
  SymlinkInPath: 'ERR_SYMLINK_IN_PATH',
  OutsideOutputDir: 'ERR_OUTSIDE_OUTPUT_DIR',
  ReplaceMarkerForeign: 'ERR_REPLACE_MARKER_FOREIGN',
  ReplaceInterrupted: 'ERR_REPLACE_INTERRUPTED',
  FileUnwritable: 'ERR_FILE_UNWRITABLE',
  StdinIsTerminal: 'ERR_STDIN_IS_TERMINAL',
  StdinEmpty: 'ERR_STDIN_EMPTY',
  StdinTwice: 'ERR_STDIN_TWICE',
  KeyInputMissing: 'ERR_KEY_INPUT_MISSING',
  PassphraseNoPrompt: 'ERR_KEY_PASSPHRASE_REQUIRED',
  PassphraseWrong: 'ERR_KEY_PASSPHRASE_WRONG',
  NewPassphraseMissing: 'ERR_PASSPHRASE_MISSING',
  PassphraseMismatch: 'ERR_PASSPHRASE_MISMATCH',
  PassphraseEmpty: 'ERR_PASSPHRASE_EMPTY',
  InsecureInstanceUrl: 'ERR_INSECURE_INSTANCE_URL',
  OrgResponseTooLarge: 'ERR_ORG_RESPONSE_TOO_LARGE',
  OrgLookupTimeout: 'ERR_ORG_LOOKUP_TIMEOUT',
  TimeoutInvalid: 'ERR_TIMEOUT_INVALID',
  AuthStoreLocked: 'ERR_AUTH_STORE_LOCKED',
  SfStateLocked: 'ERR_SF_STATE_LOCKED',
  SfStateUnreadable: 'ERR_SF_STATE_UNREADABLE',
  SfStateTooLarge: 'ERR_SF_STATE_TOO_LARGE',
  SfTargetOrgNotFound: 'ERR_SF_TARGET_ORG_NOT_FOUND',
  SfTargetOrgMissing: 'ERR_SF_TARGET_ORG_MISSING',
  LoginIncomplete: 'ERR_LOGIN_INCOMPLETE',
  HandOffFileUnset: 'ERR_HANDOFF_FILE_UNSET',
  HandOffValueInvalid: 'ERR_HANDOFF_VALUE_INVALID',
  KeyWriteEncrypted: 'ERR_KEY_WRITE_ENCRYPTED',
  Aborted: 'ERR_ABORTED',
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
    exitCode: exitCodeOf(pluginErrors[key]),
  });
  if (data !== undefined) error.setData(data);
  return error;
}

/**
 * Creates a command's own error from its message bundle (`error.<Key>` and `error.<Key>.actions`) with a stable
 * `ERR_*` name, like every other error of the plugin (Messages.createError would name it `<Key>Error`).
 */
export function commandError(
  bundle: Messages<string>,
  key: string,
  name: `ERR_${string}`,
  tokens: readonly string[] = [],
): SfError {
  return SfError.create({
    name,
    message: bundle.getMessage(`error.${key}`, [...tokens]),
    actions: bundle.getMessages(`error.${key}.actions`),
    exitCode: exitCodeOf(name),
  });
}
