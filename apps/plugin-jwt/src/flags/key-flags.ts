/**
 * Flags shared by several commands, so `--jwt-key-file` means the same everywhere. Secrets are never flag values:
 * the passphrase comes from SFJWT_KEY_PASSPHRASE or a prompt (see io/secrets.ts).
 */
import { Messages } from '@salesforce/core/messages';
import { Flags } from '@salesforce/sf-plugins-core';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@sfjwt/plugin-jwt', 'flags');

/** `--jwt-key-file` / `-f`: a PEM path or `-` for stdin; optional (SFJWT_KEY is the fallback). Not checked at parse time, so `-` works. */
export const jwtKeyFileFlag = Flags.string({
  char: 'f',
  summary: messages.getMessage('flags.jwt-key-file.summary'),
  description: messages.getMessage('flags.jwt-key-file.description'),
  helpValue: '<path|->',
});

/**
 * `--jwt-key-file` / `-f` of the commands that log in (`token`, `login`, `doctor`): repeatable, in order, for a
 * certificate rotation (new key first); the same semantics as {@link jwtKeyFileFlag} for one key.
 */
export const jwtKeyFilesFlag = Flags.string({
  char: 'f',
  multiple: true,
  summary: messages.getMessage('flags.jwt-key-files.summary'),
  description: messages.getMessage('flags.jwt-key-files.description'),
  helpValue: '<path|->',
});

/** `--cert-file`: a certificate path. Existence is checked when read, with an error naming the absolute path. */
export const certFileFlag = Flags.string({
  summary: messages.getMessage('flags.cert-file.summary'),
  helpValue: '<path>',
});
