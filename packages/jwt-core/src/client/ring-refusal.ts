import type { DiagnosedCause, Diagnosis } from '../diagnose/diagnosis-types.js';
import type { TokenExchangeError } from '../errors.js';
import type { ExchangeAttempt } from '../exchange/types.js';

const CAUSE = 'key-certificate-mismatch';

/** The key-mismatch cause, said of every key of a ring (the single key's words would speak of "this key"). */
function ringCause(cause: DiagnosedCause, fingerprints: readonly string[]): DiagnosedCause {
  return {
    ...cause,
    likelihood: 'likely',
    title: `none of the ${fingerprints.length} private keys tried belongs to the certificate uploaded to the app.`,
    evidence: [
      `Salesforce refused the assertion of each key (public-key SHA-256): ${fingerprints.join(', ')}.`,
      ...cause.evidence,
    ],
    fix: `Upload to the app the certificate of the key that should sign (in a rotation the new one, tried first: ${fingerprints[0]}): App Manager → the app → Edit → API (Enable OAuth Settings) → Use digital signatures → Choose File (External Client App: Settings → OAuth Settings → Enable JWT Bearer Flow → upload). describeCertificate(certificate).publicKeySha256Fingerprint names a certificate's key the way the attempts name each key.`,
  };
}

/** The diagnosis of a rejection every key of a ring met: its key-mismatch cause (and summary) speak of the ring. */
function ringDiagnosis(diagnosis: Diagnosis, fingerprints: readonly string[]): Diagnosis {
  const single = diagnosis.causes.find((c) => c.id === CAUSE);
  if (single === undefined) return diagnosis;
  const ring = ringCause(single, fingerprints);
  const others = diagnosis.causes.filter((c) => c !== single);
  return {
    ...diagnosis,
    summary: diagnosis.summary.replace(single.title, () => ring.title),
    // Likely now (each key was refused with the answer that points at the key), so it leads the likely ones.
    causes: [ring, ...others],
    ...(diagnosis.quoted === undefined ? {} : { quoted: { ...diagnosis.quoted, keyFingerprints: fingerprints } }),
  };
}

/**
 * The final error of a key ring whose every key Salesforce refused as not matching the app's certificate: the last
 * key's rejection, with every key's attempts and a diagnosis that names each key by its fingerprint.
 */
export function ringRefused(
  last: TokenExchangeError,
  attempts: readonly ExchangeAttempt[],
  fingerprints: readonly string[],
): TokenExchangeError {
  return last.withAttempts(
    attempts,
    last.diagnosis === undefined ? undefined : ringDiagnosis(last.diagnosis, fingerprints),
  );
}
