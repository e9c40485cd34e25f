import type { KeyObject } from 'node:crypto';
import { resolveEndpoints, type AppType, type EndpointCandidate } from '../audience/resolve.js';
import type { BuildClaimsOptions } from '../claims/build-claims.js';
import { describeCertificate } from '../certs/describe-certificate.js';
import { startBudget, type ExchangeBudget } from '../exchange/deadline.js';
import { exchangeWithFallbackWithin, type FallbackOptions } from '../exchange/fallback.js';
import type { ExchangeAttempt, TokenResult } from '../exchange/types.js';
import { KeyError, TokenExchangeError, TransportError } from '../errors.js';
import { findCatalogRow } from '../diagnose/catalog.js';
import { loadPrivateKey } from '../keys/load-private-key.js';
import { publicKeyFingerprint } from '../keys/public-key-fingerprint.js';
import { ringRefused } from './ring-refusal.js';
import { createAssertion } from '../sign/create-assertion.js';
import { platformFetch, platformNow } from '../internal/platform.js';

/**
 * A private key: a parsed `KeyObject`, or PEM text/bytes (PKCS#1 or PKCS#8, encrypted ones with `passphrase`).
 *
 * @example
 * ```ts
 * const key: PrivateKeyInput = loadPrivateKey(pem).keyObject // or the PEM text itself
 * ```
 */
export type PrivateKeyInput = KeyObject | string | Uint8Array;

/**
 * Options of {@link mintAccessToken}: who, with which key, where, and how the network is bounded.
 *
 * @example
 * ```ts
 * const options: MintOptions = {
 *   clientId: '3MVG9...', username: 'integration@acme.com', privateKey: privateKeyPem,
 *   instanceUrl: 'https://acme.my.salesforce.com', fetch, now: Date.now,
 *   deadlineMs: 10_000, signal: AbortSignal.timeout(15_000),
 * }
 * ```
 */
export interface MintOptions extends Pick<
  FallbackOptions,
  | 'fetch'
  | 'timeoutMs'
  | 'deadlineMs'
  | 'signal'
  | 'onAttempt'
  | 'retries'
  | 'backoffMs'
  | 'random'
  | 'sleep'
  | 'setTimer'
  | 'monotonic'
  | 'maxResponseBytes'
  | 'keyMatchesCertificate'
  | 'certificateFingerprint'
  | 'keyFingerprint'
> {
  /** The app's consumer key (`iss`). */
  readonly clientId: string;
  /** The Salesforce username to act as (`sub`). */
  readonly username: string;
  /**
   * The RSA private key whose certificate is uploaded to the app, or an ordered list of keys for a certificate
   * rotation (new first): when Salesforce rejects an assertion in a way that points at the key or certificate
   * ("invalid assertion"), the next key is tried within the same call and the same `deadlineMs` (one deadline for
   * the whole ring). A key given twice is tried once. The key that worked is named, by its public-key fingerprint, in
   * the result's `keyFingerprint`; every attempt (of a result or of an error) names its key the same way. When every
   * key is refused, the error lists each key's attempts and its diagnosis speaks of the ring.
   */
  readonly privateKey: PrivateKeyInput | readonly PrivateKeyInput[];
  /** Passphrase of an encrypted PEM key (ignored for a `KeyObject`). `undefined` is allowed, e.g. from an env lookup. */
  readonly passphrase?: string | undefined;
  /** Login, My Domain or site URL; the (token host, `aud`) pairs are derived from it. Default login.salesforce.com. */
  readonly instanceUrl?: string | undefined;
  /** An explicit `aud`, used as is with no fallback. */
  readonly audience?: string | undefined;
  /** Explicit (token host, `aud`) pairs, e.g. from `resolveEndpoints`; when given, `instanceUrl`/`audience` are ignored. */
  readonly candidates?: readonly EndpointCandidate[] | undefined;
  /** The app type, when known: it shapes the candidates and the diagnosis. */
  readonly appType?: AppType | undefined;
  /**
   * The certificate uploaded to the app (PEM or DER). Optional: when given, a rejected grant's diagnosis can say
   * whether the key matches it.
   */
  readonly certificate?: string | Uint8Array | undefined;
  /**
   * Wall clock in epoch milliseconds, for `iat`/`exp`, the cache's TTL and clock-skew checks. Default `Date.now`;
   * inject one to make tests and replays exact.
   */
  readonly now?: (() => number) | undefined;
  /** Assertion lifetime in seconds (default 180, Salesforce's maximum for a bearer assertion). */
  readonly lifetimeSeconds?: BuildClaimsOptions['lifetimeSeconds'] | undefined;
}

/**
 * A minted access token: the exchange's {@link TokenResult} and the warnings met on the way (resolver, claims).
 *
 * @example
 * ```ts
 * for (const warning of minted.warnings) console.warn(warning)
 * ```
 */
export interface MintedToken extends TokenResult {
  /** Sentences about questionable input (for example a username that looks like a sandbox one on production). */
  readonly warnings: readonly string[];
  /**
   * Public-key fingerprint (SHA-256, see `publicKeyFingerprint`) of the key whose assertion was accepted. Absent for
   * a token a shared cache held without one.
   */
  readonly keyFingerprint?: string;
}

/**
 * A loaded private key and its public-key fingerprint (how the key is named in attempts, caches and messages: never
 * by content).
 */
export interface RingKey {
  readonly key: KeyObject;
  readonly fingerprint: string;
}

/**
 * Loads one key or an ordered list of keys (PEM once; a `KeyObject` passes through), each key once (by fingerprint,
 * first place kept); an empty list is a KeyError.
 */
export function loadKeyRing(keys: PrivateKeyInput | readonly PrivateKeyInput[], passphrase?: string): RingKey[] {
  const list: readonly PrivateKeyInput[] = isKeyList(keys) ? keys : [keys];
  if (list.length === 0) {
    throw new KeyError('ERR_KEY_EMPTY', 'The list of private keys is empty.', {
      fix: 'Pass at least one private key as `privateKey` (several, newest first, during a certificate rotation).',
    });
  }
  // The same key given twice (one file named twice, a PEM and its KeyObject) is tried once: a refused key would be
  // refused again, and each try costs a login.
  const ring = new Map<string, RingKey>();
  for (const input of list) {
    const key = privateKeyObject(input, passphrase);
    const fingerprint = publicKeyFingerprint(key);
    if (!ring.has(fingerprint)) ring.set(fingerprint, { key, fingerprint });
  }
  return [...ring.values()];
}

function isKeyList(keys: PrivateKeyInput | readonly PrivateKeyInput[]): keys is readonly PrivateKeyInput[] {
  return Array.isArray(keys);
}

/**
 * True when a rejection may be the key's or the certificate's fault (Salesforce's "invalid assertion": the signature
 * did not verify against the app's certificate), so that the next key of a rotation is worth a try.
 */
export function rejectsKey(err: TokenExchangeError): boolean {
  const causes = err.diagnosis?.causes;
  if (causes !== undefined)
    return causes.some((c) => c.id === 'key-certificate-mismatch' && c.likelihood !== 'ruled-out');
  return (
    findCatalogRow(err.error, err.errorDescription)?.causes.some(([id]) => id === 'key-certificate-mismatch') ?? false
  );
}

/** Loads a key given as PEM once; a `KeyObject` passes through. */
export function privateKeyObject(key: PrivateKeyInput, passphrase?: string): KeyObject {
  if (typeof key === 'string' || key instanceof Uint8Array) {
    return loadPrivateKey(key, passphrase === undefined ? {} : { passphrase }).keyObject;
  }
  return key;
}

/** What a certificate tells the diagnosis about the key (explicit options win). */
function keyEvidence(
  options: MintOptions,
  key: KeyObject,
  now: () => number,
  onlyKey: boolean,
): Pick<FallbackOptions, 'keyMatchesCertificate' | 'certificateFingerprint' | 'keyFingerprint'> {
  // Evidence given by the caller describes "the" key: with several keys it cannot say which, so it is not used.
  const given = !onlyKey
    ? {}
    : {
        ...(options.keyMatchesCertificate === undefined
          ? {}
          : { keyMatchesCertificate: options.keyMatchesCertificate }),
        ...(options.certificateFingerprint === undefined
          ? {}
          : { certificateFingerprint: options.certificateFingerprint }),
        ...(options.keyFingerprint === undefined ? {} : { keyFingerprint: options.keyFingerprint }),
      };
  if (options.certificate === undefined) return given;
  const described = describeCertificate(options.certificate, { now, privateKey: key });
  return {
    keyMatchesCertificate: described.matchesKey === true,
    certificateFingerprint: described.publicKeySha256Fingerprint,
    keyFingerprint: publicKeyFingerprint(key),
    ...given,
  };
}

/**
 * Gets an access token by the JWT bearer flow, start to finish: resolves the (token host, `aud`) pairs from the
 * instance URL, signs a fresh assertion for each pair it tries, exchanges it with retries, falls back to the next
 * pair when Salesforce's answer says the pair was wrong, and explains a final rejection with a diagnosis. One call,
 * no cache: {@link createTokenClient} adds caching and single-flight on top.
 *
 * @throws UrlError for an unusable instance URL or audience; KeyError for an unusable key; ClaimError for a bad
 *   client id or username; TokenExchangeError (with `diagnosis`) when Salesforce rejects the grant; TransportError
 *   for network, deadline, size, abort and response failures.
 * @example
 * ```ts
 * const token = await mintAccessToken({
 *   clientId: '3MVG9...',
 *   username: 'integration@acme.com',
 *   privateKey: privateKeyPem,
 *   instanceUrl: 'https://acme.my.salesforce.com',
 *   fetch,
 *   now: Date.now,
 * })
 * console.log(token.instanceUrl, token.orgId, token.attempts.length)
 * ```
 */
export async function mintAccessToken(options: MintOptions): Promise<MintedToken> {
  const now = platformNow(options.now);
  const fetch = platformFetch(options.fetch);
  const ring = loadKeyRing(options.privateKey, options.passphrase);
  const warnings: string[] = [];
  let candidates = options.candidates;
  if (candidates === undefined) {
    const resolved = resolveEndpoints({
      instanceUrl: options.instanceUrl,
      audience: options.audience,
      appType: options.appType,
    });
    warnings.push(...resolved.warnings);
    candidates = resolved.candidates;
  }
  // One deadline and one signal for the whole ring: a rotation must not multiply the time a caller waits.
  const budget = startBudget(options);
  const context: KeyMint = { options, now, fetch, candidates, warnings, onlyKey: ring.length === 1, budget };
  // The POSTs of the keys refused before, so that the result (or the final error) lists every attempt.
  const refused: ExchangeAttempt[] = [];
  for (const [i, ringKey] of ring.entries()) {
    try {
      const token = await mintWithKey(context, ringKey);
      return refused.length === 0 ? token : { ...token, attempts: [...refused, ...token.attempts] };
    } catch (err) {
      const named = withKeyAttempts(err, ringKey.fingerprint);
      // A key rotation: the certificate on the app may already be the next key's.
      const keyRefused = named instanceof TokenExchangeError && rejectsKey(named);
      if (i < ring.length - 1 && keyRefused) {
        refused.push(...named.attempts);
        continue;
      }
      if (!(named instanceof TokenExchangeError || named instanceof TransportError)) throw named;
      const attempts = [...refused, ...(named.attempts ?? [])];
      if (keyRefused && ring.length > 1)
        throw ringRefused(
          named,
          attempts,
          ring.map((k) => k.fingerprint),
        );
      throw refused.length === 0 ? named : named.withAttempts(attempts);
    }
  }
  throw new RangeError('unreachable: the key ring is never empty');
}

/** A failed key's error with each of its attempts named by the key's fingerprint (other errors as they are). */
function withKeyAttempts(err: unknown, fingerprint: string): unknown {
  if (!(err instanceof TokenExchangeError || err instanceof TransportError) || err.attempts === undefined) return err;
  return err.withAttempts(err.attempts.map((a) => ({ ...a, keyFingerprint: fingerprint })));
}

interface KeyMint {
  readonly options: MintOptions;
  readonly now: () => number;
  readonly fetch: NonNullable<MintOptions['fetch']>;
  readonly candidates: readonly EndpointCandidate[];
  readonly warnings: string[];
  readonly onlyKey: boolean;
  readonly budget: ExchangeBudget;
}

/** One key's try: the fallback over the candidates, every attempt named with the key's fingerprint. */
async function mintWithKey(context: KeyMint, ringKey: RingKey): Promise<MintedToken> {
  const { options, now, candidates, warnings } = context;
  const { key, fingerprint } = ringKey;
  const { clientId, username, lifetimeSeconds, onAttempt } = options;
  const token = await exchangeWithFallbackWithin(
    {
      ...pickExchangeOptions(options),
      fetch: context.fetch,
      ...(onAttempt === undefined ? {} : { onAttempt: (a) => onAttempt({ ...a, keyFingerprint: fingerprint }) }),
      ...keyEvidence(options, key, now, context.onlyKey),
      ...(options.appType === undefined ? {} : { appType: options.appType }),
      candidates,
      now,
      makeAssertion: ({ audience }) => {
        const created = createAssertion({
          clientId,
          username,
          audience,
          now,
          key,
          ...(lifetimeSeconds === undefined ? {} : { lifetimeSeconds }),
        });
        for (const w of created.warnings) if (!warnings.includes(w.message)) warnings.push(w.message);
        return { assertion: created.assertion, claims: { ...created.claims } };
      },
    },
    context.budget,
  );
  const attempts = token.attempts.map((a) => ({ ...a, keyFingerprint: fingerprint }));
  return { ...token, attempts, warnings, keyFingerprint: fingerprint };
}

const EXCHANGE_KEYS = [
  'timeoutMs',
  'deadlineMs',
  'signal',
  'retries',
  'backoffMs',
  'random',
  'sleep',
  'setTimer',
  'monotonic',
  'maxResponseBytes',
] as const;

/** The transport options the caller set (an `undefined` is left out, so the exchange's defaults apply). */
function pickExchangeOptions(options: MintOptions): Pick<FallbackOptions, (typeof EXCHANGE_KEYS)[number]> {
  const picked: Record<string, unknown> = {};
  for (const name of EXCHANGE_KEYS) if (options[name] !== undefined) picked[name] = options[name];
  return picked;
}
