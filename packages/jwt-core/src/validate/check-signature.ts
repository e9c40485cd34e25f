import { verify } from 'node:crypto';
import type { PreparedCandidate } from './candidates.js';
import type { DecodedAssertion } from './decode.js';
import { finding, type Finding } from './findings.js';

/** What the signature check found. */
export interface SignatureCheck {
  /** False when there was nothing to check against, or the alg is not RSA. */
  readonly checked: boolean;
  /** True when some candidate verifies the signature. Absent when not checked. */
  readonly verified?: boolean;
  /** The candidate that verifies it. */
  readonly matchedCandidate?: { readonly label: string; readonly fingerprint: string };
  /** Every candidate and whether it verifies. */
  readonly candidates: ReadonlyArray<{
    readonly label: string;
    readonly kind: string;
    readonly fingerprint: string;
    readonly verified: boolean;
  }>;
}

const HASHES: Readonly<Record<string, string>> = { RS256: 'sha256', RS384: 'sha384', RS512: 'sha512' };

/**
 * Verify the signature against each candidate; the first candidate is the expected one (the app's certificate).
 * Salesforce answers a wrong key with `invalid assertion`; naming the key that did sign tells which
 * certificate to upload.
 */
export function checkSignature(
  decoded: DecodedAssertion,
  candidates: readonly PreparedCandidate[],
  nowMs: number,
): { check: SignatureCheck; findings: Finding[] } {
  const out: Finding[] = [];
  if (decoded.signature.length === 0) {
    out.push(
      finding(
        'SIGNATURE_MISSING',
        'The assertion has no signature (its third part is empty).',
        'Sign it with RS256: createAssertion or signAssertion.',
        { kind: 'signature-missing' },
      ),
    );
  }
  const alg = decoded.header['alg'];
  const hash = typeof alg === 'string' ? HASHES[alg] : undefined;
  if (candidates.length === 0 || hash === undefined || decoded.signature.length === 0) {
    if (decoded.signature.length > 0) {
      const why =
        candidates.length === 0
          ? 'no certificate or public key was given'
          : alg === undefined
            ? 'the header has no alg'
            : `alg ${JSON.stringify(alg)} is not an RSA signature`;
      out.push(
        finding(
          'SIGNATURE_NOT_CHECKED',
          `The signature was not checked: ${why}.`,
          "Pass the app's certificate (the `certificates` option) to check it.",
          { kind: 'signature-not-checked' },
        ),
      );
    }
    return { check: { checked: false, candidates: [] }, findings: out };
  }

  const data = Buffer.from(decoded.signingInput);
  const results = candidates.map((c) => ({ candidate: c, verified: safeVerify(hash, data, c, decoded.signature) }));
  const expected = candidates[0]!;
  const matched = results.find((r) => r.verified)?.candidate;
  const name = (c: PreparedCandidate): string => `${c.label} (${c.kind} SHA-256 ${c.fingerprint})`;
  if (matched === expected) {
    out.push(finding('SIGNATURE_VERIFIED', `The signature verifies with ${name(expected)}.`, 'Nothing to do.'));
  } else if (matched !== undefined) {
    out.push(
      finding(
        'SIGNATURE_MATCHES_OTHER',
        `The signature does not verify with ${name(expected)}; it was made with the key of ${name(matched)}. Salesforce would answer "invalid assertion".`,
        `Sign with the private key of ${expected.label}, or upload the certificate of ${matched.label} to the app.`,
      ),
    );
  } else {
    out.push(
      finding(
        'SIGNATURE_INVALID',
        `The signature verifies with none of: ${candidates.map(name).join('; ')}. Salesforce would answer "invalid assertion".`,
        "Sign with the private key that belongs to the app's certificate; compare fingerprints with `openssl x509 -noout -fingerprint -sha256 -in <certificate>`.",
      ),
    );
  }
  // Salesforce keeps accepting expired app certificates (by design): worth knowing, not fatal.
  for (const c of new Set([expected, ...(matched === undefined ? [] : [matched])])) {
    if (c.notAfter !== undefined && c.notAfter < nowMs) {
      out.push(
        finding(
          'CERT_EXPIRED',
          `The certificate ${c.label} expired on ${new Date(c.notAfter).toISOString()}; Salesforce does not enforce certificate expiry for the JWT bearer flow.`,
          'Plan a rotation (one certificate per app: a short gap, or a second app), but logins keep working meanwhile.',
        ),
      );
    }
  }
  const check: SignatureCheck = {
    checked: true,
    verified: matched !== undefined,
    ...(matched === undefined ? {} : { matchedCandidate: { label: matched.label, fingerprint: matched.fingerprint } }),
    candidates: results.map((r) => ({
      label: r.candidate.label,
      kind: r.candidate.kind,
      fingerprint: r.candidate.fingerprint,
      verified: r.verified,
    })),
  };
  return { check, findings: out };
}

function safeVerify(hash: string, data: Buffer, candidate: PreparedCandidate, signature: Buffer): boolean {
  if (candidate.publicKey.asymmetricKeyType !== 'rsa') return false;
  try {
    return verify(hash, data, candidate.publicKey, signature);
  } catch {
    return false;
  }
}
