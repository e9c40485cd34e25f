/**
 * The names and passwords a keystore may have. The alias becomes the certificate's Unique Name when Salesforce imports
 * the keystore, so it follows Salesforce's unique-name rule rather than keytool's looser one.
 */
import { KeystoreError } from '../errors.js';
import { previewText } from '../text/preview.js';

/** The alias used when the certificate's common name yields none. */
export const DEFAULT_KEYSTORE_ALIAS = 'sfjwt';

/** keytool refuses shorter store passwords ("Password is too short - must be at least 6 characters"). */
export const KEYSTORE_MIN_PASSWORD_LENGTH = 6;

// Salesforce unique names are at most 80 characters [INFER: the limit of developer names in Setup].
const MAX_ALIAS_LENGTH = 80;

const WHY =
  "Salesforce's Import from Keystore turns the alias into the certificate's Unique Name, which takes only letters, digits and underscores, begins with a letter, and has no trailing or doubled underscore.";

/**
 * Checks a keystore alias (the future certificate name) and returns it unchanged.
 *
 * @param alias - For example `my_integration`.
 * @returns The alias.
 * @throws {@link KeystoreError} `ERR_KEYSTORE_INVALID_OPTIONS` naming what is wrong and suggesting a valid alias.
 *
 * @example
 * ```ts
 * validateKeystoreAlias('Acme_CI') // 'Acme_CI'
 * validateKeystoreAlias('acme-ci') // throws: suggests acme_ci
 * ```
 */
export function validateKeystoreAlias(alias: string): string {
  const problem = aliasProblem(alias);
  if (problem === undefined) return alias;
  const suggestion = keystoreAliasFromCommonName(alias);
  throw new KeystoreError(
    'ERR_KEYSTORE_INVALID_OPTIONS',
    `The keystore alias "${previewText(alias)}" cannot be used: ${problem}. ${WHY}`,
    {
      fix: `Choose an alias such as ${suggestion}.`,
      details: { option: 'alias', suggestion },
    },
  );
}

function aliasProblem(alias: string): string | undefined {
  if (alias === '') return 'it is empty';
  if (alias.length > MAX_ALIAS_LENGTH) return `it is longer than ${MAX_ALIAS_LENGTH} characters`;
  if (!/^[A-Za-z0-9_]+$/.test(alias)) return 'it may contain only letters, digits and underscores';
  if (!/^[A-Za-z]/.test(alias)) return 'it must begin with a letter';
  if (alias.endsWith('_') || alias.includes('__'))
    return 'it must not end with an underscore or contain two underscores in a row';
  return undefined;
}

/**
 * Makes a valid alias from a certificate's common name: accents dropped, every run of other characters turned into
 * one underscore, leading characters up to the first letter removed, at most 80 characters; {@link DEFAULT_KEYSTORE_ALIAS}
 * when nothing is left.
 *
 * @param commonName - The certificate's CN, or undefined when it has none.
 * @returns An alias that {@link validateKeystoreAlias} accepts.
 *
 * @example
 * ```ts
 * keystoreAliasFromCommonName('Acme CI (prod)') // 'Acme_CI_prod'
 * keystoreAliasFromCommonName('*.example.com')  // 'example_com'
 * ```
 */
export function keystoreAliasFromCommonName(commonName: string | undefined): string {
  const alias = (commonName ?? '')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '') // é → e
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^[^A-Za-z]+/, '')
    .slice(0, MAX_ALIAS_LENGTH)
    .replace(/_+$/, '');
  return alias === '' ? DEFAULT_KEYSTORE_ALIAS : alias;
}

/**
 * Checks a keystore password. The key is protected with the same password as the store, because Salesforce asks only
 * for the store password.
 *
 * @throws {@link KeystoreError} `ERR_KEYSTORE_INVALID_OPTIONS` when it is shorter than
 *   {@link KEYSTORE_MIN_PASSWORD_LENGTH} or holds characters other than printable ASCII.
 */
export function validateKeystorePassword(password: string): void {
  if (password.length < KEYSTORE_MIN_PASSWORD_LENGTH) {
    throw passwordError(
      `The keystore password is too short: keytool needs at least ${KEYSTORE_MIN_PASSWORD_LENGTH} characters.`,
      `Choose a password of at least ${KEYSTORE_MIN_PASSWORD_LENGTH} characters; Salesforce asks for it when importing the keystore.`,
    );
  }
  // Java opens a PKCS#12 only with an ASCII password (keytool: "getSecretKey failed: Password is not ASCII"), even one
  // that openssl wrote; one rule for both formats keeps a converted keystore usable.
  if (!/^[\x20-\x7e]+$/.test(password)) {
    throw passwordError(
      'The keystore password may contain only printable ASCII characters (letters, digits, punctuation, spaces): Java refuses other characters in PKCS#12 passwords.',
      'Choose a password made of ASCII letters, digits and punctuation.',
    );
  }
}

function passwordError(message: string, fix: string): KeystoreError {
  return new KeystoreError('ERR_KEYSTORE_INVALID_OPTIONS', message, {
    fix,
    details: { option: 'password', minimumLength: KEYSTORE_MIN_PASSWORD_LENGTH },
  });
}
