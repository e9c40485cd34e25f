/**
 * `sf jwt keygen`: an RSA key, a self-signed certificate for the app and optionally a CSR, written atomically
 * (key 0600). Everything that can fail cheaply (name, targets, passphrase) fails before anything is written; a key
 * of the default size may already be generating then (started with the command, see startDefaultKeyPair), in memory
 * only, and is dropped.
 */
import { join } from 'node:path';
import { Messages } from '@salesforce/core/messages';
import {
  createCsr,
  createSelfSignedCertificate,
  describeCertificate,
  exportPrivateKeyPem,
  generateRsaKeyPair,
  previewText,
  type DistinguishedName,
  type RsaKeyPair,
} from '@sfjwt/jwt-core';
import { commandError } from '../errors/plugin-error.js';
import { checkTargets, writeFilesAtomically, type FileToWrite } from '../io/crash-safe-write.js';
import { EARLY_KEY_BITS, startEarlyKeyPair, takeEarlyKeyPair } from '../io/early-key-pair.js';
import { newPassphrase } from '../io/secrets.js';
import type { KeygenResult } from '../results/keygen.js';
import type { ServiceContext } from './context.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@sfjwt/plugin-jwt', 'jwt.keygen');

/** The --bits flag's default: the size worth starting before the flags are read. */
export const DEFAULT_KEY_BITS = 2048;

/**
 * Starts the default-size pair now, for the first keygen in the process to take (io/early-key-pair): the keygen
 * command calls it as its module loads, the first moment our code runs inside sf.
 */
export function startDefaultKeyPairEarly(): void {
  if (DEFAULT_KEY_BITS === EARLY_KEY_BITS) startEarlyKeyPair();
}

/**
 * The key pair of the default size for this keygen: the one started early (by bin/run.js, or as the command's module
 * loaded), else one started now, on the libuv thread pool (the prime search: 10 to 70 ms of CPU), so that it runs
 * while the command is still starting (sf's init, flag parsing, the target checks) instead of after.
 * {@link generateKeyFiles} takes it when the size asked for is the default; otherwise it is never used.
 */
export function startDefaultKeyPair(): Promise<RsaKeyPair> {
  // Standalone, bin/run.js may have started it already, before oclif loaded (io/early-key-pair).
  const early = DEFAULT_KEY_BITS === EARLY_KEY_BITS ? takeEarlyKeyPair() : undefined;
  if (early !== undefined) return early;
  const pending = generateRsaKeyPair({ bits: DEFAULT_KEY_BITS });
  // Unused, or failed: generateKeyFiles then reports the failure when it awaits it, or never needs it.
  pending.catch(() => undefined);
  return pending;
}

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
  /** A pair of the default size started early ({@link startDefaultKeyPair}), used if `bits` is the default. */
  readonly earlyKeyPair?: Promise<RsaKeyPair> | undefined;
}

export async function generateKeyFiles(input: KeygenInput, context: ServiceContext): Promise<KeygenResult> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(input.name)) {
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
  const passphrase = input.encrypt ? await newPassphrase(context.secrets) : undefined;

  const { privateKey } = await (input.bits === DEFAULT_KEY_BITS && input.earlyKeyPair !== undefined
    ? input.earlyKeyPair
    : generateRsaKeyPair({ bits: input.bits }));
  const certificate = createSelfSignedCertificate({
    key: privateKey,
    subject,
    days: input.days,
    now: context.now,
  });
  const files: FileToWrite[] = [
    {
      path: paths.key,
      content: exportPrivateKeyPem(privateKey, passphrase === undefined ? {} : { passphrase }),
      mode: 0o600,
    },
    { path: paths.cert, content: certificate, mode: 0o644 },
  ];
  if (paths.csr) files.push({ path: paths.csr, content: createCsr({ key: privateKey, subject }), mode: 0o644 });
  // A replaced pair stays recoverable as NAME.previous.key/.crt until the new pair is complete (see io/files.ts).
  const [keyFile = '', certificateFile = '', csrFile] = await writeFilesAtomically(files, {
    force: input.force,
    within: input.outputDir,
    keepPrevious: [paths.key, paths.cert],
    warn: context.warn,
  });

  const d = describeCertificate(certificate, { now: context.now });
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
