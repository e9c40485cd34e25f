/**
 * The command that leaves sf a key file it can refresh from, for a login that could not store one: the same login
 * again with --write-key-file. It is printed for the user to run as it is (test/services/refresh-advice.test.ts runs
 * it on each input that triggers it), so every value is quoted for a POSIX shell.
 */
import type { ResolvedPrivateKey } from '../io/key-input.js';
import type { NoRefreshReason } from '../results/login.js';
import type { LoginInput } from './login.js';

/** `value` as one POSIX shell word: as it is when it holds only safe characters, else single-quoted. */
export function shellWord(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Where the plain copy goes: next to the key file (`server.key` → `server.plain.key`), or in the current folder. */
function plainKeyPath(used: ResolvedPrivateKey): string {
  if (used.path === undefined) return 'sfjwt-refresh.key';
  const dot = used.path.lastIndexOf('.');
  const slash = used.path.lastIndexOf('/');
  return dot > slash + 1 ? `${used.path.slice(0, dot)}.plain${used.path.slice(dot)}` : `${used.path}.plain`;
}

/**
 * The login to run again, or undefined when no command can fix it (an encrypted key is never written decrypted; a
 * key from stdin is gone; an unreadable file needs the user first).
 */
export function refreshCommand(
  input: LoginInput,
  used: ResolvedPrivateKey,
  reason: NoRefreshReason,
): string | undefined {
  if (reason !== 'key-from-env' && reason !== 'key-file-needs-repair') return undefined;
  const words = ['sf', 'jwt', 'login', '--client-id', input.clientId.trim(), '--username', input.username.trim()];
  if (used.path !== undefined) words.push('--jwt-key-file', used.path);
  if (input.instanceUrl !== undefined) words.push('--instance-url', input.instanceUrl);
  if (input.audience !== undefined) words.push('--audience', input.audience);
  if (input.alias !== undefined) words.push('--alias', input.alias);
  words.push('--write-key-file', plainKeyPath(used));
  return words.map(shellWord).join(' ');
}
