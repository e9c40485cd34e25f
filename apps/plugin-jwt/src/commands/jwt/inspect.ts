import type { KeyObject } from 'node:crypto';
import { Messages } from '@salesforce/core/messages';
import { SfCommand } from '@salesforce/sf-plugins-core';
import type { CertificateDescription, DistinguishedName } from '@sfjwt/jwt-core';
import { commandError, toSfError } from '../../shared/errors.js';
import { readInputFile } from '../../shared/files.js';
import { certFileFlag, jwtKeyFileFlag } from '../../shared/flags.js';
import { hasKeyInput, resolvePrivateKey, type KeySource } from '../../shared/key-input.js';
import { secretSources } from '../../shared/passphrase.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@sfjwt/plugin-jwt', 'jwt.inspect');

/** The private key as inspected: never its material. */
export type InspectedKey = {
  source: KeySource;
  /** Absolute path when read from a file. */
  path: string | null;
  format: 'pkcs1' | 'pkcs8' | 'pkcs1-encrypted' | 'pkcs8-encrypted';
  encrypted: boolean;
  bits: number;
  publicKeySha256Fingerprint: string;
};

/** The certificate as inspected (see jwt-core's CertificateDescription). */
export type InspectedCertificate = {
  path: string;
  subject: Partial<DistinguishedName>;
  subjectString: string;
  issuer: Partial<DistinguishedName>;
  issuerString: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  daysLeft: number;
  expired: boolean;
  notYetValid: boolean;
  keyType: string;
  keyBits: number | null;
  sha1Fingerprint: string;
  sha256Fingerprint: string;
  publicKeySha256Fingerprint: string;
  x5t: string;
  x5tS256: string;
  selfSigned: boolean;
};

/** `--json` result of `sf jwt inspect`; the same shape whatever was given (absent parts are null). */
export type InspectResult = {
  key: InspectedKey | null;
  certificate: InspectedCertificate | null;
  /** Whether the key matches the certificate; null unless both were given. */
  matches: boolean | null;
};

export default class Inspect extends SfCommand<InspectResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');

  public static override readonly flags = {
    'jwt-key-file': jwtKeyFileFlag,
    'cert-file': certFileFlag,
  };

  public async run(): Promise<InspectResult> {
    const { flags } = await this.parse(Inspect);
    const wantKey = hasKeyInput(flags['jwt-key-file'], process.env);
    let result: InspectResult = { key: null, certificate: null, matches: null };
    try {
      if (!wantKey && flags['cert-file'] === undefined) throw commandError(messages, 'NothingToInspect', 'ERR_NOTHING_TO_INSPECT');
      const core = await import('@sfjwt/jwt-core');
      let certBytes: Uint8Array | undefined;
      let keyObject: KeyObject | undefined;
      if (flags['cert-file'] !== undefined) {
        const { path, bytes } = await readInputFile(flags['cert-file']);
        certBytes = bytes;
        result = { ...result, certificate: certificateResult(path, core.describeCertificate(bytes, { now: Date.now })) };
      }
      if (wantKey) {
        const prompt = (message: string): Promise<string> => this.secretPrompt({ message });
        const resolved = await resolvePrivateKey({ jwtKeyFile: flags['jwt-key-file'], ...secretSources(prompt) });
        const { key } = resolved;
        keyObject = key.keyObject;
        result = {
          ...result,
          key: {
            source: resolved.source,
            path: resolved.path ?? null,
            format: key.format,
            encrypted: key.encrypted,
            bits: key.bits,
            publicKeySha256Fingerprint: core.publicKeyFingerprint(key.keyObject),
          },
        };
        if (certBytes !== undefined) result = { ...result, matches: core.certificateMatchesKey(certBytes, key.keyObject) };
      }
      this.render(result);
      // Exit non-zero on a mismatch, with jwt-core's ERR_CERT_KEY_MISMATCH.
      if (certBytes !== undefined && keyObject !== undefined) core.assertCertificateMatchesKey(certBytes, keyObject);
      return result;
    } catch (err) {
      // The error's `result` appears in --json output, so a mismatch still shows both descriptions.
      throw Object.assign(toSfError(err), { result });
    }
  }

  private render(r: InspectResult): void {
    if (r.key !== null) {
      this.styledHeader(messages.getMessage('info.keyHeader', [r.key.path ?? r.key.source]));
      this.log(messages.getMessage('info.keyFormat', [r.key.format, r.key.encrypted ? 'encrypted' : 'unencrypted']));
      this.log(messages.getMessage('info.keyBits', [String(r.key.bits)]));
      this.log(messages.getMessage('info.publicKeySha256', [r.key.publicKeySha256Fingerprint]));
    }
    const c = r.certificate;
    if (c !== null) {
      this.styledHeader(messages.getMessage('info.certHeader', [c.path]));
      this.log(messages.getMessage('info.certSubject', [c.subjectString]));
      this.log(messages.getMessage('info.certIssuer', [c.issuerString, c.selfSigned ? ' (self-signed)' : '']));
      this.log(messages.getMessage('info.certSerial', [c.serialNumber]));
      this.log(messages.getMessage('info.certValidity', [c.notBefore, c.notAfter]));
      this.log(messages.getMessage('info.certDaysLeft', [String(c.daysLeft)]));
      this.log(messages.getMessage('info.certKey', [c.keyBits === null ? c.keyType : `${c.keyBits}-bit ${c.keyType.toUpperCase()}`]));
      this.log(messages.getMessage('info.certSha1', [c.sha1Fingerprint]));
      this.log(messages.getMessage('info.certSha256', [c.sha256Fingerprint]));
      this.log(messages.getMessage('info.publicKeySha256', [c.publicKeySha256Fingerprint]));
      this.log(messages.getMessage('info.certX5t', [c.x5t]));
      this.log(messages.getMessage('info.certX5tS256', [c.x5tS256]));
      if (c.expired) this.warn(messages.getMessage('warning.expired', [String(-c.daysLeft)]));
      if (c.notYetValid) this.warn(messages.getMessage('warning.notYetValid', [c.notBefore]));
      if (c.keyType !== 'rsa' || (c.keyBits ?? 0) < 2048) {
        this.warn(messages.getMessage('warning.keyNotUsable', [c.keyBits === null ? `a ${c.keyType} key` : `a ${c.keyBits}-bit ${c.keyType} key`]));
      }
    }
    if (r.matches === true) this.log(`\n${messages.getMessage('info.match')}`);
  }
}

function certificateResult(path: string, d: CertificateDescription): InspectedCertificate {
  return {
    path,
    subject: d.subject,
    subjectString: d.subjectString,
    issuer: d.issuer,
    issuerString: d.issuerString,
    serialNumber: d.serialNumber,
    notBefore: d.notBefore,
    notAfter: d.notAfter,
    daysLeft: d.daysLeft,
    expired: d.expired,
    notYetValid: d.notYetValid,
    keyType: d.keyType,
    keyBits: d.keyBits ?? null,
    sha1Fingerprint: d.sha1Fingerprint,
    sha256Fingerprint: d.sha256Fingerprint,
    publicKeySha256Fingerprint: d.publicKeySha256Fingerprint,
    x5t: d.x5t,
    x5tS256: d.x5tS256,
    selfSigned: d.selfSigned,
  };
}
