/**
 * `sf jwt keystore`: a JKS (what Salesforce imports) or PKCS#12 holding the key and its certificate, written
 * atomically with mode 0600. Everything checkable is checked before the password prompt.
 */
import { basename, extname } from 'node:path';
import { Messages } from '@salesforce/core/messages';
import {
  assertCertificateMatchesKey,
  createJavaKeyStore,
  createPkcs12,
  describeCertificate,
  javaKeyStoreAlias,
  keystoreAliasFromCommonName,
  validateKeystoreAlias,
  validateKeystoreKey,
  validateKeystorePassword,
} from '@sfjwt/jwt-core';
import { commandError } from '../errors/plugin-error.js';
import { readInputFile } from '../io/bounded-read.js';
import { checkTargets, writeFilesAtomically } from '../io/crash-safe-write.js';
import { resolvePrivateKey } from '../io/key-input.js';
import { KEYSTORE_PASSWORD_ENV } from '../io/secret-env.js';
import { newSecret, type SecretSources } from '../io/secrets.js';
import { FORMAT_NAME, type KeystoreFormat, type KeystoreResult } from '../results/keystore.js';
import type { ServiceContext } from './context.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@sfjwt/plugin-jwt', 'jwt.keystore');

export { KEYSTORE_PASSWORD_ENV } from '../io/secret-env.js';

const FORMAT_BY_EXTENSION: Readonly<Record<string, KeystoreFormat>> = {
  '.jks': 'jks',
  '.p12': 'pkcs12',
  '.pfx': 'pkcs12',
};

/** Flag values. */
export interface KeystoreInput {
  readonly jwtKeyFile: string | undefined;
  readonly certFile: string;
  readonly outputFile: string;
  /** Undefined: from the output file's extension. */
  readonly format: KeystoreFormat | undefined;
  /** Undefined: from the certificate's common name. */
  readonly keyAlias: string | undefined;
  readonly force: boolean;
}

/** The keystore written, and the alias as asked for (a JKS stores it lower-cased). */
export interface WrittenKeystore {
  readonly result: KeystoreResult;
  readonly requestedAlias: string;
}

export async function writeKeystore(input: KeystoreInput, context: ServiceContext): Promise<WrittenKeystore> {
  const output = input.outputFile;
  const byName = FORMAT_BY_EXTENSION[extname(output).toLowerCase()];
  const format = input.format ?? byName;
  if (format === undefined)
    throw commandError(messages, 'FormatUnknown', 'ERR_KEYSTORE_FORMAT_UNKNOWN', [basename(output)]);
  if (byName !== undefined && byName !== format) {
    context.warn(
      messages.getMessage('warning.extensionMismatch', [basename(output), FORMAT_NAME[byName], FORMAT_NAME[format]]),
    );
  }
  // Fail before the password prompt: an existing file, a bad alias, a key Salesforce refuses or not the certificate's.
  // Never over the key or certificate it reads (same file by device and inode, so links and ../ count too).
  const inputs = [input.certFile, ...(input.jwtKeyFile === undefined ? [] : [input.jwtKeyFile])];
  await checkTargets([output], { force: input.force, inputs });
  const cert = await readInputFile(input.certFile);
  const described = describeCertificate(cert.bytes, { now: context.now });
  const alias = validateKeystoreAlias(input.keyAlias ?? keystoreAliasFromCommonName(described.subject.commonName));
  const { key } = await resolvePrivateKey({ jwtKeyFile: input.jwtKeyFile, ...context.secrets });
  validateKeystoreKey(key.keyObject);
  assertCertificateMatchesKey(cert.bytes, key.keyObject);
  const password = await keystorePassword(context.secrets);
  validateKeystorePassword(password);

  const options = { key: key.keyObject, certificatePem: cert.bytes, alias, password };
  const bytes = format === 'jks' ? createJavaKeyStore({ ...options, now: context.now }) : createPkcs12(options);
  const [path = ''] = await writeFilesAtomically([{ path: output, content: bytes, mode: 0o600 }], {
    force: input.force,
    inputs,
    warn: context.warn,
  });
  const result: KeystoreResult = {
    path,
    format,
    alias: format === 'jks' ? javaKeyStoreAlias(alias) : alias,
    subject: described.subjectString,
    notAfter: described.notAfter,
    sha1Fingerprint: described.sha1Fingerprint,
    sha256Fingerprint: described.sha256Fingerprint,
    publicKeySha256Fingerprint: described.publicKeySha256Fingerprint,
  };
  return { result, requestedAlias: alias };
}

/** SFJWT_KEYSTORE_PASSWORD, else a hidden prompt asked twice. */
function keystorePassword(sources: SecretSources): Promise<string> {
  return newSecret(sources, {
    envVar: KEYSTORE_PASSWORD_ENV,
    prompt: messages.getMessage('prompt.password'),
    again: messages.getMessage('prompt.passwordAgain'),
    missing: () => commandError(messages, 'PasswordMissing', 'ERR_KEYSTORE_PASSWORD_MISSING'),
    mismatch: () => commandError(messages, 'PasswordMismatch', 'ERR_KEYSTORE_PASSWORD_MISMATCH'),
    empty: () => commandError(messages, 'PasswordEmpty', 'ERR_KEYSTORE_PASSWORD_EMPTY'),
  });
}
