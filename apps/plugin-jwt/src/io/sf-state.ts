/**
 * sf's saved state as the plugin reads it through @salesforce/core: the auth files (~/.sfdx/<username>.json),
 * alias.json, the generic keychain's key.json and sf's config files. Core reads each whole, and answers a broken one
 * with its own errors (a JsonParseError that quotes the broken line, a TypeError from a malformed field, an error
 * named after a keychain permission). Here the files are checked before core reads them (regular files under
 * {@link MAX_SF_STATE_FILE_BYTES}; sf writes each in a few KiB), and what core throws while reading them becomes one
 * of our coded errors whose text is chosen here: never core's message, which may quote a file's content.
 */
import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { SfError } from '@salesforce/core/sfError';
import { pluginError } from '../errors/plugin-error.js';
import { projectConfig } from './sf-locks.js';

/** Largest sf state file read: sf writes an auth file, alias.json or a config in a few KiB. */
export const MAX_SF_STATE_FILE_BYTES = 1024 * 1024;

/** sf's folder of auth files, aliases and key.json under `home`. */
export function sfdxDir(home: string = homedir()): string {
  return join(home, '.sfdx');
}

/** sf's config files, which sf-plugins-core reads before every command (global, legacy global, the project's). */
export function sfConfigFiles(home: string, cwd: string): string[] {
  const files = [join(home, '.sf', 'config.json'), join(sfdxDir(home), 'sfdx-config.json')];
  const project = projectConfig(cwd);
  return project === undefined ? files : [...files, project];
}

/** The state files every read of a login goes through: the key, the aliases and the config files. */
export function sfStateFiles(home: string, cwd: string): string[] {
  return [join(sfdxDir(home), 'key.json'), join(sfdxDir(home), 'alias.json'), ...sfConfigFiles(home, cwd)];
}

/** The auth file core reads for `username`. */
export function authFileOf(username: string, home: string = homedir()): string {
  return join(sfdxDir(home), `${username}.json`);
}

/**
 * Refuses, before core reads them, a state file that is not a regular file (a folder, a device) or is larger than
 * {@link MAX_SF_STATE_FILE_BYTES}. A missing file is fine: core treats it as empty. Symlinks are followed, as sf does
 * (a dotfiles-managed ~/.sfdx is common).
 *
 * @throws `ERR_SF_STATE_UNREADABLE`, `ERR_SF_STATE_TOO_LARGE`.
 */
export async function assertSfStateBounded(files: readonly string[]): Promise<void> {
  for (const file of files) {
    const found = await stat(file).catch((error: NodeJS.ErrnoException) =>
      error.code === 'ENOENT' ? undefined : Promise.reject(unreadable(reasonOf(error))),
    );
    if (found === undefined) continue;
    if (!found.isFile()) throw unreadable(`${file} is not a file`);
    if (found.size > MAX_SF_STATE_FILE_BYTES)
      throw pluginError('SfStateTooLarge', [file, String(found.size), String(MAX_SF_STATE_FILE_BYTES)], [], {
        file,
        bytes: found.size,
        maxBytes: MAX_SF_STATE_FILE_BYTES,
      });
  }
}

/** Core's answers for "no such login", by name. */
const NOT_FOUND = new Set([
  'NamedOrgNotFoundError',
  'NoAuthInfoFound',
  'NoUsernameFoundError',
  'AuthInfoCreationError',
]);

/**
 * The error to show for `error`, thrown by core while it read sf's state for `name` (an alias or username, when one
 * was given): ours pass unchanged; "no such login" becomes `ERR_SF_TARGET_ORG_NOT_FOUND`; anything else
 * `ERR_SF_STATE_UNREADABLE` with a reason chosen by kind.
 */
export function sfStateError(error: unknown, name: string | undefined): Error {
  if (error instanceof Error && error.name.startsWith('ERR_')) return error;
  const errorName = error instanceof Error ? error.name : '';
  if (NOT_FOUND.has(errorName) && name !== undefined)
    return pluginError('SfTargetOrgNotFound', [name, sfdxDir()], [name], { targetOrg: name });
  return unreadable(reasonOf(error));
}

/** `ERR_SF_STATE_UNREADABLE` for `reason` (our words, never a file's content). */
export function unreadable(reason: string): SfError {
  return pluginError('SfStateUnreadable', [sfdxDir(), reason], [sfdxDir()], { reason });
}

/** Why core could not read the state, in our words (core's message may quote the file). */
function reasonOf(error: unknown): string {
  const e = error as NodeJS.ErrnoException | undefined;
  const name = e instanceof Error ? e.name : typeof error;
  if (name === 'JsonParseError' || e instanceof SyntaxError) return 'a file there is not valid JSON';
  if (name === 'GenericKeychainInvalidPermsError')
    return 'its key file key.json may be readable by other users (sf requires mode 600)';
  if (name === 'AuthDecryptError' || name === 'InvalidEncryptedFormatError' || name === 'DecryptionError')
    return "a saved token does not decrypt with this computer's key (key.json)";
  if (name === 'GenericKeychainServiceError' || name === 'PasswordNotFoundError')
    return 'its key file key.json is not valid';
  const codes: Record<string, string> = {
    EISDIR: 'a folder is where a file should be',
    ENOTDIR: 'a file is where a folder should be',
    ELOOP: 'a symbolic link there loops',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
  };
  if (e?.code !== undefined && codes[e.code] !== undefined) return codes[e.code]!;
  // Only the error's class, spelled so that sf does not take it for a bug of its own (see to-sf-error.ts).
  return `a saved value is malformed (${name.replace(/TypeError/g, 'type error')})`;
}
