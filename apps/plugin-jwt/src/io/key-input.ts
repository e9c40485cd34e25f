/**
 * Finds the private key a command should use: `--jwt-key-file <path>`, `--jwt-key-file -` (stdin), else the PEM
 * text in env SFJWT_KEY. An encrypted key's passphrase comes from env SFJWT_KEY_PASSPHRASE, else a hidden prompt.
 * Results say where the key came from but never carry its text.
 */
import { resolve } from 'node:path';
import { loadPrivateKey, publicKeyFingerprint, type LoadedPrivateKey } from '@sfjwt/jwt-core';
import { isJwtCoreError } from '../errors/core-errors.js';
import { pluginError } from '../errors/plugin-error.js';
import { readInputFile, readStdin } from './bounded-read.js';
import { KEY_ENV } from './secret-env.js';
import { passphraseFromEnv, type SecretSources } from './secrets.js';

export { KEY_ENV } from './secret-env.js';

/** Where the key was found. */
export type KeySource = 'file' | 'stdin' | 'env';

/** A loaded private key and its origin. */
export interface ResolvedPrivateKey {
  readonly key: LoadedPrivateKey;
  readonly source: KeySource;
  /** Absolute path when `source` is `file`. */
  readonly path?: string;
}

/** Inputs of {@link resolvePrivateKey}. */
export interface KeyInput extends SecretSources {
  /** The `--jwt-key-file` value: a path, `-` for stdin, or undefined to use SFJWT_KEY. */
  readonly jwtKeyFile: string | undefined;
  /** Stream to read for `-`; process.stdin by default. */
  readonly stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
}

/**
 * Reads and loads the private key, asking for the passphrase if the key is encrypted and none is in the environment.
 *
 * @throws SfError-ready errors: jwt-core's key codes (see `loadPrivateKey`), `ERR_KEY_INPUT_MISSING`,
 *   `ERR_FILE_NOT_FOUND` (naming the absolute path), `ERR_STDIN_EMPTY`, `ERR_STDIN_TWICE`, `ERR_STDIN_IS_TERMINAL`,
 *   `ERR_KEY_PASSPHRASE_REQUIRED` when no prompt is possible.
 */
export async function resolvePrivateKey(input: KeyInput): Promise<ResolvedPrivateKey> {
  const { source, path, bytes } = await readKeyBytes(input);
  const key = await loadWithPassphrase(bytes, input);
  return path === undefined ? { key, source } : { key, source, path };
}

/**
 * The keys of a repeated `--jwt-key-file`, in order (read one after the other: a passphrase prompt at a time), each
 * key once (a path given twice is read once; a second file holding the same key is dropped); no file at all means
 * the one key of SFJWT_KEY.
 */
export async function resolvePrivateKeys(
  jwtKeyFiles: readonly string[],
  sources: Omit<KeyInput, 'jwtKeyFile'>,
): Promise<ResolvedPrivateKey[]> {
  if (jwtKeyFiles.length === 0) return [await resolvePrivateKey({ ...sources, jwtKeyFile: undefined })];
  // Checked before anything is read: the second "-" would otherwise find stdin drained and report it empty.
  const fromStdin = jwtKeyFiles.filter((f) => f === '-').length;
  if (fromStdin > 1) throw pluginError('StdinTwice', [String(fromStdin)]);
  // A key named twice (the same path, or another file with the same key) is tried once: each try costs a login.
  const paths = [...new Set(jwtKeyFiles.map((f) => (f === '-' ? f : resolve(f))))];
  const keys = new Map<string, ResolvedPrivateKey>();
  for (const jwtKeyFile of paths) {
    const key = await resolvePrivateKey({ ...sources, jwtKeyFile });
    const fingerprint = publicKeyFingerprint(key.key.keyObject);
    if (!keys.has(fingerprint)) keys.set(fingerprint, key);
  }
  return [...keys.values()];
}

/** True when a private key was given at all: `--jwt-key-file`, or a non-blank `SFJWT_KEY`. */
export function hasKeyInput(jwtKeyFile: string | undefined, env: NodeJS.ProcessEnv): boolean {
  return jwtKeyFile !== undefined || (env[KEY_ENV] ?? '').trim() !== '';
}

async function readKeyBytes(
  input: KeyInput,
): Promise<{ source: KeySource; path?: string; bytes: string | Uint8Array }> {
  if (input.jwtKeyFile === '-') return { source: 'stdin', bytes: await readStdin('private key', input.stdin) };
  if (input.jwtKeyFile !== undefined) {
    const { path, bytes } = await readInputFile(input.jwtKeyFile);
    return { source: 'file', path, bytes };
  }
  if (hasKeyInput(undefined, input.env)) return { source: 'env', bytes: input.env[KEY_ENV]! };
  throw pluginError('KeyInputMissing');
}

async function loadWithPassphrase(bytes: string | Uint8Array, input: KeyInput): Promise<LoadedPrivateKey> {
  const passphrase = passphraseFromEnv(input.env);
  try {
    return loadPrivateKey(bytes, passphrase === undefined ? {} : { passphrase });
  } catch (err) {
    if (!isJwtCoreError(err) || err.code !== 'ERR_KEY_PASSPHRASE_REQUIRED') throw wherePassphraseCameFrom(err);
    if (input.prompt === undefined)
      throw pluginError('PassphraseNoPrompt', [err.message], [], { ...err.details } as Record<string, string>);
    const typed = await input.prompt('Passphrase for the private key:');
    try {
      return loadPrivateKey(bytes, { passphrase: typed });
    } catch (retryErr) {
      throw wherePassphraseCameFrom(retryErr);
    }
  }
}

/** jwt-core's wrong-passphrase error, with the fix naming where this plugin takes the passphrase from. */
function wherePassphraseCameFrom(err: unknown): unknown {
  if (!isJwtCoreError(err) || err.code !== 'ERR_KEY_PASSPHRASE_WRONG') return err;
  return pluginError('PassphraseWrong', [err.message], [], { ...err.details } as Record<string, string>);
}
