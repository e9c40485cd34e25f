/**
 * The exchange every network command shares (`sf jwt token`, `login`, `doctor`): load the key, optionally compare it
 * with a certificate, resolve (token host, aud) candidates, sign per candidate, exchange with fallback and diagnosis.
 * jwt-core does the work; this module feeds it files, the environment and the clock.
 */
import {
  describeCertificate,
  mintAccessToken,
  publicKeyFingerprint,
  resolveEndpoints,
  type ResolvedEndpoints,
  type TokenResult,
} from '@sfjwt/jwt-core';
import { readInputFile } from '../io/bounded-read.js';
import { fetchFromEnv } from '../io/http.js';
import { resolvePrivateKeys, type ResolvedPrivateKey } from '../io/key-input.js';
import type { SecretSources } from '../io/secrets.js';
import { resolveTimeoutMs } from '../io/timeout.js';
import type { ServiceContext } from './context.js';

/** Inputs shared by the exchange commands (flag values). */
export interface ExchangeInput {
  readonly clientId: string;
  readonly username: string;
  /** The `--jwt-key-file` values in order (several during a certificate rotation); empty = SFJWT_KEY. */
  readonly jwtKeyFiles: readonly string[];
  readonly instanceUrl: string | undefined;
  readonly audience: string | undefined;
  readonly certFile: string | undefined;
  /** `--timeout` in seconds; undefined = SFJWT_TIMEOUT or the default. */
  readonly timeoutSeconds?: number | undefined;
}

/** What the comparison of key and certificate found. */
export interface CertificateCheck {
  readonly path: string;
  readonly matchesKey: boolean;
  /** SHA-256 of the certificate DER, as the Salesforce UI and openssl show it. */
  readonly sha256Fingerprint: string;
  /** SHA-256 of the public keys (SPKI DER): comparable between key and certificate. */
  readonly certificateKeyFingerprint: string;
  readonly keyFingerprint: string;
  readonly notAfter: string;
  readonly daysLeft: number;
  readonly expired: boolean;
}

/** Everything needed to exchange, and what was learned on the way. No network yet. */
export interface PreparedExchange {
  readonly input: ExchangeInput;
  /** The first key (the one a certificate is compared with). */
  readonly key: ResolvedPrivateKey;
  /** Every key, in the order they are tried; `[key]` when one was given. */
  readonly keys?: readonly ResolvedPrivateKey[];
  readonly endpoints: ResolvedEndpoints;
  readonly certificate?: CertificateCheck;
  /** Sentences for the user (resolver and claim warnings). */
  readonly warnings: readonly string[];
}

/** Reads a certificate and compares it with the key (fingerprints in the same SPKI format for both). */
export async function checkCertificate(
  certFile: string,
  key: ResolvedPrivateKey,
  now: () => number,
): Promise<CertificateCheck> {
  const file = await readInputFile(certFile);
  const described = describeCertificate(file.bytes, { now, privateKey: key.key.keyObject });
  return {
    path: file.path,
    matchesKey: described.matchesKey === true,
    sha256Fingerprint: described.sha256Fingerprint,
    certificateKeyFingerprint: described.publicKeySha256Fingerprint,
    keyFingerprint: publicKeyFingerprint(key.key.keyObject),
    notAfter: described.notAfter,
    daysLeft: described.daysLeft,
    expired: described.expired,
  };
}

/** Loads the key (and the certificate, when given) and resolves the endpoints. */
export async function prepareExchange(
  input: ExchangeInput,
  sources: SecretSources,
  now: () => number,
): Promise<PreparedExchange> {
  const keys = await resolvePrivateKeys(input.jwtKeyFiles, sources);
  const key = keys[0]!;
  const endpoints = resolveEndpoints({ instanceUrl: input.instanceUrl, audience: input.audience });
  const warnings = [...endpoints.warnings];
  if (input.certFile === undefined) return { input, key, keys, endpoints, warnings };
  return { input, key, keys, endpoints, certificate: await checkCertificate(input.certFile, key, now), warnings };
}

/** Options of {@link runExchange}. */
export interface RunExchangeOptions extends Pick<ServiceContext, 'env' | 'now' | 'signal'> {
  /** Per-attempt timeout in ms (default jwt-core's 30 s). */
  readonly timeoutMs?: number;
}

/**
 * Signs and exchanges, falling back through the candidates when Salesforce's answer says the pair was wrong:
 * jwt-core's `mintAccessToken`, fed with the key, the resolved candidates, the certificate evidence and the
 * environment's (proxy-aware) fetch.
 *
 * @throws jwt-core's `TokenExchangeError` (with a diagnosis) or `TransportError`; claim errors for bad flags.
 */
export async function runExchange(
  prepared: PreparedExchange,
  options: RunExchangeOptions,
): Promise<TokenResult & { warnings: string[]; keyFingerprint?: string }> {
  const cert = prepared.certificate;
  const keys = prepared.keys ?? [prepared.key];
  const { warnings: claimWarnings, ...token } = await mintAccessToken({
    clientId: prepared.input.clientId,
    username: prepared.input.username,
    // Several keys: tried in order when Salesforce says the signature does not match the app's certificate.
    privateKey: keys.length === 1 ? prepared.key.key.keyObject : keys.map((k) => k.key.keyObject),
    candidates: prepared.endpoints.candidates,
    fetch: fetchFromEnv(options.env),
    now: options.now,
    deadlineMs: resolveTimeoutMs(prepared.input.timeoutSeconds, options.env),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    // Ctrl-C / SIGTERM: no further attempt starts, the one in flight is abandoned.
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(cert === undefined
      ? {}
      : {
          keyMatchesCertificate: cert.matchesKey,
          keyFingerprint: cert.keyFingerprint,
          certificateFingerprint: cert.certificateKeyFingerprint,
        }),
  });
  const warnings = [...prepared.warnings];
  for (const w of claimWarnings) if (!warnings.includes(w)) warnings.push(w);
  return { ...token, warnings };
}

/** The key whose public-key fingerprint is `fingerprint` (the one that worked), or the first when none matches. */
export function keyThatWorked(prepared: PreparedExchange, fingerprint: string | undefined): ResolvedPrivateKey {
  const keys = prepared.keys ?? [prepared.key];
  return keys.find((k) => publicKeyFingerprint(k.key.keyObject) === fingerprint) ?? prepared.key;
}

/** Where a key came from, for messages: its file, stdin, or SFJWT_KEY. */
export function keyOrigin(key: ResolvedPrivateKey): string {
  return key.source === 'file' ? (key.path ?? 'a file') : key.source === 'env' ? 'SFJWT_KEY' : 'stdin';
}
