/**
 * `sf jwt keygen`: an RSA key, a self-signed certificate for the app and optionally a CSR, written atomically
 * (key 0600). Everything that can fail cheaply (name, targets, passphrase) fails before the key is made.
 */
import { join } from 'node:path';
import { Messages } from '@salesforce/core/messages';
import type { DistinguishedName } from '@sfjwt/jwt-core';
import { commandError } from '../errors/plugin-error.js';
import { checkTargets, writeFilesAtomically, type FileToWrite } from '../io/crash-safe-write.js';
import { newPassphrase } from '../io/secrets.js';
import type { KeygenResult } from '../results/keygen.js';
import type { ServiceContext } from './context.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@sfjwt/plugin-jwt', 'jwt.keygen');

/** Flag values. */
export interface KeygenInput {
  readonly outputDir: string;
  /** Base name of the files (`<name>.key`, `.crt`, `.csr`). */
  readonly name: string;
  readonly bits: 2048 | 3072 | 4096;
  readonly days: number;
  /** The certificate's common name; default the name. */
  readonly commonName: string | undefined;
  /** The other subject fields that were given. */
  readonly subject: Partial<Omit<DistinguishedName, 'commonName'>>;
  readonly csr: boolean;
  readonly encrypt: boolean;
  readonly force: boolean;
}

export async function generateKeyFiles(input: KeygenInput, context: ServiceContext): Promise<KeygenResult> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(input.name)) {
    const { previewText } = await import('@sfjwt/jwt-core');
    throw commandError(messages, 'InvalidName', 'ERR_INVALID_NAME', [previewText(input.name)]);
  }
  const base = join(input.outputDir, input.name);
  const paths = { key: `${base}.key`, cert: `${base}.crt`, csr: input.csr ? `${base}.csr` : undefined };
  const subject: DistinguishedName = { commonName: input.commonName ?? input.name, ...input.subject };
  // Fail before the key is made or a passphrase asked for.
  await checkTargets([paths.key, paths.cert, ...(paths.csr ? [paths.csr] : [])], {
    force: input.force,
    within: input.outputDir,
  });
  const core = await import('@sfjwt/jwt-core');
  const passphrase = input.encrypt ? await newPassphrase(context.secrets) : undefined;

  const { privateKey } = await core.generateRsaKeyPair({ bits: input.bits });
  const certificate = core.createSelfSignedCertificate({
    key: privateKey,
    subject,
    days: input.days,
    now: context.now,
  });
  const files: FileToWrite[] = [
    {
      path: paths.key,
      content: core.exportPrivateKeyPem(privateKey, passphrase === undefined ? {} : { passphrase }),
      mode: 0o600,
    },
    { path: paths.cert, content: certificate, mode: 0o644 },
  ];
  if (paths.csr) files.push({ path: paths.csr, content: core.createCsr({ key: privateKey, subject }), mode: 0o644 });
  // A replaced pair stays recoverable as NAME.previous.key/.crt until the new pair is complete (see io/files.ts).
  const [keyFile = '', certificateFile = '', csrFile] = await writeFilesAtomically(files, {
    force: input.force,
    within: input.outputDir,
    keepPrevious: [paths.key, paths.cert],
    warn: context.warn,
  });

  const d = core.describeCertificate(certificate, { now: context.now });
  return {
    keyFile,
    certificateFile,
    csrFile: csrFile ?? null,
    bits: input.bits,
    encrypted: passphrase !== undefined,
    subject: d.subjectString,
    notBefore: d.notBefore,
    notAfter: d.notAfter,
    days: input.days,
    sha1Fingerprint: d.sha1Fingerprint,
    sha256Fingerprint: d.sha256Fingerprint,
    publicKeySha256Fingerprint: d.publicKeySha256Fingerprint,
    x5t: d.x5t,
    x5tS256: d.x5tS256,
  };
}
