/**
 * Consumer keys (OAuth client ids) chosen before deploy.
 *
 * Salesforce generates keys like `3MVG9…` (85 characters of letters, digits, `.` and `_`) when an app is made in
 * Setup, but both app kinds accept a key set through metadata. Choosing it locally means the JWT's `iss` is known
 * the moment the files are written: nothing has to be read back from the org after the deploy, so no one needs the
 * permission to view consumer secrets, nobody opens "Manage Consumer Details" behind an email code, and the
 * integration can be configured before the app exists.
 */
import { randomInt } from 'node:crypto';
import { AppMetadataError } from './app-metadata-error.js';
import { printable } from './names.js';

/**
 * Prefix of generated keys: Salesforce's own, so tools that recognise consumer keys (and secret scanners) do.
 *
 * @example
 * ```ts
 * const looksGenerated = (key: string) => key.startsWith(CONSUMER_KEY_PREFIX)
 * ```
 */
export const CONSUMER_KEY_PREFIX = '3MVG9';

/**
 * Length of generated keys: the length of the keys Salesforce generates.
 *
 * @example
 * ```ts
 * const fresh = generateConsumerKey()
 * console.log(fresh.length === GENERATED_CONSUMER_KEY_LENGTH) // true
 * ```
 */
export const GENERATED_CONSUMER_KEY_LENGTH = 85;

/**
 * Shortest and longest consumer key Salesforce accepts through metadata.
 *
 * @example
 * ```ts
 * const fits = (key: string) => key.length >= CONSUMER_KEY_LENGTH.min && key.length <= CONSUMER_KEY_LENGTH.max
 * ```
 */
export const CONSUMER_KEY_LENGTH = { min: 8, max: 256 } as const;

// Generated keys use letters and digits only: the alphabet every app kind documents for a key set through metadata
// ("alphanumeric"), so a generated key is valid for an External Client App and a Connected App alike. 80 random
// characters of 62 give about 476 bits: collisions with any other key are out of the question.
const GENERATED_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

// Given keys may also hold `.` and `_`, which appear in the keys Salesforce generates (so an existing key can be kept).
const GIVEN_KEY = /^[A-Za-z0-9._]+$/;

/**
 * Generates a consumer key: `3MVG9` followed by 80 random letters and digits from node:crypto's CSPRNG (unbiased:
 * `randomInt` rejects out-of-range draws), 85 characters in all.
 *
 * The app builders call it when no `consumerKey` is given, so the client id (the JWT's `iss`) is known before the
 * deploy: nothing has to be read back from the org afterwards, so no one needs the permission to view consumer
 * secrets in metadata, and no one opens "Manage Consumer Details" behind an email code.
 *
 * @example
 * ```ts
 * const consumerKey = generateConsumerKey()
 * // '3MVG9' + 80 letters and digits; pass it as `consumerKey` to keep it across runs
 * ```
 */
export function generateConsumerKey(): string {
  let key = CONSUMER_KEY_PREFIX;
  while (key.length < GENERATED_CONSUMER_KEY_LENGTH) key += GENERATED_ALPHABET[randomInt(GENERATED_ALPHABET.length)];
  return key;
}

/**
 * Checks a consumer key given for an app: 8 to 256 characters, letters, digits, `.` and `_` only (the characters of
 * the keys Salesforce generates; metadata documents "alphanumeric").
 *
 * @param consumerKey - The key, exactly as it will be written (not trimmed).
 * @returns The same key.
 * @throws {@link AppMetadataError} `ERR_APP_CONSUMER_KEY_INVALID`
 *
 * @example
 * ```ts
 * validateConsumerKey('3MVG9' + 'A'.repeat(80)) // returns the key
 * ```
 */
export function validateConsumerKey(consumerKey: string): string {
  const fail = (problem: string): never => {
    throw new AppMetadataError('ERR_APP_CONSUMER_KEY_INVALID', `The consumer key (\`consumerKey\`) ${problem}.`, {
      fix: `Give ${CONSUMER_KEY_LENGTH.min} to ${CONSUMER_KEY_LENGTH.max} letters, digits, "." or "_" (for example the key of an existing app), or leave \`consumerKey\` out to have one generated.`,
    });
  };
  if (consumerKey === '') fail('is empty');
  if (/\s/.test(consumerKey)) fail('contains whitespace; a consumer key is one unbroken string');
  if (!GIVEN_KEY.test(consumerKey)) {
    const bad = [...consumerKey].find((ch) => !GIVEN_KEY.test(ch)) ?? '';
    fail(`contains "${printable(bad)}"; only letters, digits, "." and "_" are allowed`);
  }
  const { length } = consumerKey;
  if (length < CONSUMER_KEY_LENGTH.min || length > CONSUMER_KEY_LENGTH.max) {
    fail(`is ${length} characters long; ${CONSUMER_KEY_LENGTH.min} to ${CONSUMER_KEY_LENGTH.max} are allowed`);
  }
  return consumerKey;
}
