/**
 * `sf jwt inspect`: describe a private key and/or a certificate and whether they belong together. The certificate
 * file is read once; its description comes first, so a bad certificate fails before a passphrase is asked for.
 */
import {
  assertCertificateMatchesKey,
  certificateMatchesKey,
  describeCertificate,
  publicKeyFingerprint,
  type CertificateDescription,
} from '@sfjwt/jwt-core';
import { Messages } from '@salesforce/core/messages';
import { PartialResult } from '../errors/partial-result.js';
import { commandError } from '../errors/plugin-error.js';
import { readInputFile } from '../io/bounded-read.js';
import { hasKeyInput, resolvePrivateKey } from '../io/key-input.js';
import type { InspectedCertificate, InspectResult } from '../results/inspect.js';
import type { ServiceContext } from './context.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@sfjwt/plugin-jwt', 'jwt.inspect');

/** Flag values. */
export interface InspectInput {
  /** `--jwt-key-file`; undefined falls back to SFJWT_KEY when set. */
  readonly jwtKeyFile: string | undefined;
  readonly certFile: string | undefined;
}

/** What was found, and the failure to raise once it has been shown (a key that is not the certificate's). */
export interface Inspection {
  readonly result: InspectResult;
  readonly mismatch: PartialResult<InspectResult> | undefined;
}

/**
 * Describes what was given.
 *
 * @throws {@link PartialResult} carrying what was described before the failure (sf shows it in --json).
 */
export async function inspectKeyAndCertificate(input: InspectInput, context: ServiceContext): Promise<Inspection> {
  const wantKey = hasKeyInput(input.jwtKeyFile, context.env);
  let result: InspectResult = { key: null, certificate: null, matches: null };
  try {
    if (!wantKey && input.certFile === undefined)
      throw commandError(messages, 'NothingToInspect', 'ERR_NOTHING_TO_INSPECT');
    let certBytes: Uint8Array | undefined;
    if (input.certFile !== undefined) {
      const { path, bytes } = await readInputFile(input.certFile);
      certBytes = bytes;
      result = {
        ...result,
        certificate: certificateResult(path, describeCertificate(bytes, { now: context.now })),
      };
    }
    if (!wantKey) return { result, mismatch: undefined };
    const resolved = await resolvePrivateKey({ jwtKeyFile: input.jwtKeyFile, ...context.secrets });
    const { key } = resolved;
    result = {
      ...result,
      key: {
        source: resolved.source,
        path: resolved.path ?? null,
        format: key.format,
        encrypted: key.encrypted,
        bits: key.bits,
        publicKeySha256Fingerprint: publicKeyFingerprint(key.keyObject),
      },
    };
    if (certBytes === undefined) return { result, mismatch: undefined };
    result = { ...result, matches: certificateMatchesKey(certBytes, key.keyObject) };
    if (result.matches) return { result, mismatch: undefined };
    try {
      // jwt-core's ERR_CERT_KEY_MISMATCH, with its message, fix and details.
      assertCertificateMatchesKey(certBytes, key.keyObject);
    } catch (err) {
      return { result, mismatch: new PartialResult(err, result) };
    }
    return { result, mismatch: undefined };
  } catch (err) {
    throw new PartialResult(err, result);
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
