import { basename, extname } from 'node:path';
import { Messages } from '@salesforce/core/messages';
import type { SfError } from '@salesforce/core/sfError';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { commandError, toSfError } from '../../shared/errors.js';
import { checkTargets, readInputFile, writeFilesAtomically } from '../../shared/files.js';
import { jwtKeyFileFlag } from '../../shared/flags.js';
import { resolvePrivateKey } from '../../shared/key-input.js';
import { newSecret, secretSources, type SecretSources } from '../../shared/passphrase.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@sfjwt/plugin-jwt', 'jwt.keystore');

/** The environment variable that may hold the new keystore's password. */
export const KEYSTORE_PASSWORD_ENV = 'SF_JWT_KEYSTORE_PASSWORD';

/** Keystore formats: `jks` is what Salesforce imports; `pkcs12` for other tools. */
export type KeystoreFormat = 'jks' | 'pkcs12';

/** `--json` result of `sf jwt keystore`. Never contains the password or key material. */
export type KeystoreResult = {
  path: string;
  format: KeystoreFormat;
  /** The alias as stored (lower case in a JKS): the certificate's name after Salesforce's import. */
  alias: string;
  subject: string;
  notAfter: string;
  sha1Fingerprint: string;
  sha256Fingerprint: string;
  publicKeySha256Fingerprint: string;
};

const FORMAT_BY_EXTENSION: Readonly<Record<string, KeystoreFormat>> = { '.jks': 'jks', '.p12': 'pkcs12', '.pfx': 'pkcs12' };
const FORMAT_NAME: Readonly<Record<KeystoreFormat, string>> = { jks: 'JKS', pkcs12: 'PKCS#12' };

export default class Keystore extends SfCommand<KeystoreResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');

  public static override readonly flags = {
    'jwt-key-file': jwtKeyFileFlag,
    'cert-file': Flags.string({ required: true, summary: messages.getMessage('flags.cert-file.summary'), helpValue: '<path>' }),
    'output-file': Flags.string({ required: true, summary: messages.getMessage('flags.output-file.summary'), helpValue: '<path>' }),
    format: Flags.option({ options: ['jks', 'pkcs12'] as const, summary: messages.getMessage('flags.format.summary') })(),
    // Not --alias: across sf jwt (and sf) that names an org alias.
    'key-alias': Flags.string({ summary: messages.getMessage('flags.key-alias.summary') }),
    force: Flags.boolean({ summary: messages.getMessage('flags.force.summary') }),
  };

  public async run(): Promise<KeystoreResult> {
    const { flags } = await this.parse(Keystore);
    try {
      const output = flags['output-file'];
      const byName = FORMAT_BY_EXTENSION[extname(output).toLowerCase()];
      const format = flags.format ?? byName;
      if (format === undefined) throw commandError(messages, 'FormatUnknown', 'ERR_KEYSTORE_FORMAT_UNKNOWN', [basename(output)]);
      if (byName !== undefined && byName !== format) {
        this.warn(messages.getMessage('warning.extensionMismatch', [basename(output), FORMAT_NAME[byName], FORMAT_NAME[format]]));
      }
      // Fail before the password prompt: an existing file, a bad alias, a key Salesforce refuses or not the certificate's.
      await checkTargets([output], { force: flags.force });
      const core = await import('@sfjwt/jwt-core');
      const cert = await readInputFile(flags['cert-file']);
      const described = core.describeCertificate(cert.bytes, { now: Date.now });
      const alias = core.validateKeystoreAlias(flags['key-alias'] ?? core.keystoreAliasFromCommonName(described.subject.commonName));
      const sources = secretSources((message) => this.secretPrompt({ message }));
      const { key } = await resolvePrivateKey({ jwtKeyFile: flags['jwt-key-file'], ...sources });
      core.validateKeystoreKey(key.keyObject);
      core.assertCertificateMatchesKey(cert.bytes, key.keyObject);
      const password = await keystorePassword(sources);
      core.validateKeystorePassword(password);

      const options = { key: key.keyObject, certificatePem: cert.bytes, alias, password };
      const bytes = format === 'jks' ? core.createJavaKeyStore({ ...options, now: Date.now }) : core.createPkcs12(options);
      const [path = ''] = await writeFilesAtomically([{ path: output, content: bytes, mode: 0o600 }], { force: flags.force });
      const result: KeystoreResult = {
        path,
        format,
        alias: format === 'jks' ? core.javaKeyStoreAlias(alias) : alias,
        subject: described.subjectString,
        notAfter: described.notAfter,
        sha1Fingerprint: described.sha1Fingerprint,
        sha256Fingerprint: described.sha256Fingerprint,
        publicKeySha256Fingerprint: described.publicKeySha256Fingerprint,
      };
      this.render(result, alias);
      return result;
    } catch (err) {
      const error = toSfError(err);
      // The shared action names keygen's flags; say this command's instead.
      if (error.name === 'ERR_FILE_EXISTS') (error as SfError).actions = [messages.getMessage('error.FileExists.actions')];
      throw error;
    }
  }

  private render(r: KeystoreResult, requestedAlias: string): void {
    this.log(messages.getMessage('info.written', [FORMAT_NAME[r.format], r.path]));
    this.log(messages.getMessage('info.alias', [r.alias]));
    this.log(messages.getMessage('info.subject', [r.subject]));
    this.log(messages.getMessage('info.expires', [r.notAfter]));
    this.log(messages.getMessage('info.sha1', [r.sha1Fingerprint]));
    this.log(messages.getMessage('info.sha256', [r.sha256Fingerprint]));
    if (r.alias !== requestedAlias) this.log(messages.getMessage('info.lowercased', [requestedAlias, r.alias]));
    this.log('');
    const file = basename(r.path);
    this.log(r.format === 'jks' ? messages.getMessage('info.nextStepJks', [file, r.alias]) : messages.getMessage('info.nextStepPkcs12', [file, file]));
  }
}

/** SF_JWT_KEYSTORE_PASSWORD, else a hidden prompt asked twice. */
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
