import { basename, join } from 'node:path';
import { Messages } from '@salesforce/core/messages';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import type { DistinguishedName } from '@sfjwt/jwt-core';
import { commandError, toSfError } from '../../shared/errors.js';
import { checkTargets, writeFilesAtomically, type FileToWrite } from '../../shared/files.js';
import { newPassphrase, secretSources } from '../../shared/passphrase.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@sfjwt/plugin-jwt', 'jwt.keygen');

/** `--json` result of `sf jwt keygen`. Never contains key material. */
export type KeygenResult = {
  keyFile: string;
  certificateFile: string;
  /** Null unless --csr. */
  csrFile: string | null;
  bits: number;
  encrypted: boolean;
  subject: string;
  notBefore: string;
  notAfter: string;
  days: number;
  sha1Fingerprint: string;
  sha256Fingerprint: string;
  publicKeySha256Fingerprint: string;
  x5t: string;
  x5tS256: string;
};

export default class Keygen extends SfCommand<KeygenResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');

  public static override readonly flags = {
    'output-dir': Flags.directory({ char: 'd', required: true, summary: messages.getMessage('flags.output-dir.summary') }),
    name: Flags.string({ char: 'n', default: 'server', summary: messages.getMessage('flags.name.summary') }),
    bits: Flags.option({
      char: 'b',
      options: ['2048', '3072', '4096'] as const,
      default: '2048' as const,
      summary: messages.getMessage('flags.bits.summary'),
    })(),
    days: Flags.integer({ min: 1, max: 36_500, default: 365, summary: messages.getMessage('flags.days.summary') }),
    'common-name': Flags.string({ summary: messages.getMessage('flags.common-name.summary') }),
    organization: Flags.string({ summary: messages.getMessage('flags.organization.summary') }),
    'organizational-unit': Flags.string({ summary: messages.getMessage('flags.organizational-unit.summary') }),
    locality: Flags.string({ summary: messages.getMessage('flags.locality.summary') }),
    state: Flags.string({ summary: messages.getMessage('flags.state.summary') }),
    country: Flags.string({ summary: messages.getMessage('flags.country.summary') }),
    email: Flags.string({ summary: messages.getMessage('flags.email.summary') }),
    csr: Flags.boolean({ summary: messages.getMessage('flags.csr.summary') }),
    encrypt: Flags.boolean({ summary: messages.getMessage('flags.encrypt.summary') }),
    force: Flags.boolean({ summary: messages.getMessage('flags.force.summary') }),
  };

  public async run(): Promise<KeygenResult> {
    const { flags } = await this.parse(Keygen);
    try {
      if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(flags.name)) throw commandError(messages, 'InvalidName', 'ERR_INVALID_NAME', [flags.name]);
      const base = join(flags['output-dir'], flags.name);
      const paths = { key: `${base}.key`, cert: `${base}.crt`, csr: flags.csr ? `${base}.csr` : undefined };
      const subject: DistinguishedName = {
        commonName: flags['common-name'] ?? flags.name,
        ...optional('organization', flags.organization),
        ...optional('organizationalUnit', flags['organizational-unit']),
        ...optional('locality', flags.locality),
        ...optional('state', flags.state),
        ...optional('country', flags.country),
        ...optional('emailAddress', flags.email),
      };
      // Fail before the key is made or a passphrase asked for.
      await checkTargets([paths.key, paths.cert, ...(paths.csr ? [paths.csr] : [])], { force: flags.force });
      const core = await import('@sfjwt/jwt-core');
      const passphrase = flags.encrypt ? await newPassphrase(secretSources((message) => this.secretPrompt({ message }))) : undefined;

      const { privateKey } = await core.generateRsaKeyPair({ bits: Number(flags.bits) as 2048 | 3072 | 4096 });
      const certificate = core.createSelfSignedCertificate({ key: privateKey, subject, days: flags.days, now: Date.now });
      const files: FileToWrite[] = [
        { path: paths.key, content: core.exportPrivateKeyPem(privateKey, passphrase === undefined ? {} : { passphrase }), mode: 0o600 },
        { path: paths.cert, content: certificate, mode: 0o644 },
      ];
      if (paths.csr) files.push({ path: paths.csr, content: core.createCsr({ key: privateKey, subject }), mode: 0o644 });
      const [keyFile = '', certificateFile = '', csrFile] = await writeFilesAtomically(files, { force: flags.force });

      const d = core.describeCertificate(certificate, { now: Date.now });
      const result: KeygenResult = {
        keyFile,
        certificateFile,
        csrFile: csrFile ?? null,
        bits: Number(flags.bits),
        encrypted: passphrase !== undefined,
        subject: d.subjectString,
        notBefore: d.notBefore,
        notAfter: d.notAfter,
        days: flags.days,
        sha1Fingerprint: d.sha1Fingerprint,
        sha256Fingerprint: d.sha256Fingerprint,
        publicKeySha256Fingerprint: d.publicKeySha256Fingerprint,
        x5t: d.x5t,
        x5tS256: d.x5tS256,
      };
      this.render(result);
      return result;
    } catch (err) {
      throw toSfError(err);
    }
  }

  private render(r: KeygenResult): void {
    this.log(messages.getMessage('info.written', [String(r.bits)]));
    this.log(messages.getMessage('info.keyFile', [r.keyFile, r.encrypted ? 'encrypted' : 'unencrypted']));
    this.log(messages.getMessage('info.certFile', [r.certificateFile]));
    if (r.csrFile !== null) this.log(messages.getMessage('info.csrFile', [r.csrFile]));
    this.log('');
    this.log(messages.getMessage('info.subject', [r.subject]));
    this.log(messages.getMessage('info.expires', [r.notAfter, String(r.days)]));
    this.log(messages.getMessage('info.sha1', [r.sha1Fingerprint]));
    this.log(messages.getMessage('info.sha256', [r.sha256Fingerprint]));
    this.log('');
    const certName = basename(r.certificateFile);
    this.log(messages.getMessage('info.nextStep', [certName, basename(r.keyFile)]));
    if (r.csrFile !== null) this.log(messages.getMessage('info.nextStepCsr', [basename(r.csrFile), certName]));
  }
}

/** `{ [field]: value }` when the flag was given, so absent flags stay absent (exactOptionalPropertyTypes). */
function optional<K extends keyof DistinguishedName>(field: K, value: string | undefined): Partial<Pick<DistinguishedName, K>> {
  return value === undefined ? {} : ({ [field]: value } as Pick<DistinguishedName, K>);
}
