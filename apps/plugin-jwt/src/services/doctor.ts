/**
 * `sf jwt doctor`: every check between a key file and a token, in order — key, certificate, match, expiry,
 * resolver, claims, exchange, clock — each pass / warn / fail / skip with what was found and the fix. A failed
 * check skips the ones that depend on it. Nothing is saved.
 */
import {
  assessClockSkew,
  buildClaims,
  resolveEndpoints,
  TransportError,
  type ExchangeAttempt,
  type ResolvedEndpoints,
} from '@sfjwt/jwt-core';
import { cliDiagnosis, cliFix } from '../errors/cli-advice.js';
import { isJwtCoreError, isTokenExchangeError } from '../errors/core-errors.js';
import { resolvePrivateKeys, type ResolvedPrivateKey } from '../io/key-input.js';
import type { SecretSources } from '../io/secrets.js';
import type { CheckId, DoctorCheck, DoctorResult } from '../results/doctor.js';
import type { ServiceContext } from './context.js';
import {
  checkCertificate,
  keyOrigin,
  keyThatWorked,
  runExchange,
  type CertificateCheck,
  type ExchangeInput,
} from './exchange.js';

/** The stable code of what a check caught: jwt-core's code, the plugin's `ERR_*` name, else ERR_UNEXPECTED. */
function codeOf(err: unknown): string {
  if (isJwtCoreError(err)) return err.code;
  return err instanceof Error && err.name.startsWith('ERR_') ? err.name : 'ERR_UNEXPECTED';
}

export { doctorFailed } from '../errors/checklist-failed.js';

function failed(id: CheckId, err: unknown): DoctorCheck {
  const code = codeOf(err);
  if (isJwtCoreError(err)) return { id, status: 'fail', code, detail: err.message, fix: cliFix(err) };
  const actions = (err as { actions?: string[] } | undefined)?.actions;
  const detail = err instanceof Error ? err.message : String(err);
  return actions?.[0] === undefined
    ? { id, status: 'fail', code, detail }
    : { id, status: 'fail', code, detail, fix: actions[0] };
}

const skip = (id: CheckId, detail: string): DoctorCheck => ({ id, status: 'skip', detail });

/** Runs every check; a failed check is a result, not an exception. */
export async function runDoctor(input: ExchangeInput, context: ServiceContext): Promise<DoctorResult> {
  const { now } = context;
  const checks: DoctorCheck[] = [];
  const keys = await keyCheck(input, context.secrets, checks);
  const key = keys?.[0];
  const certificate = await certificateChecks(input.certFile, key, now, checks);
  const endpoints = resolverCheck(input, checks);
  const claimsOk = claimsCheck(input, endpoints, now, checks);
  const result: DoctorResult = { ok: false, checks };
  if (key === undefined || endpoints === undefined || !claimsOk) {
    checks.push(
      skip('exchange', 'Skipped: fix the failed checks above first.'),
      skip('clock', 'Skipped: needs an answer from the server.'),
    );
  } else {
    const warnings: string[] = [];
    const prepared = {
      input,
      key,
      keys: keys ?? [key],
      endpoints,
      warnings,
      ...(certificate === undefined ? {} : { certificate }),
    };
    try {
      const token = await runExchange(prepared, context);
      result.attempts = token.attempts.map((a) => ({ ...a }));
      const used =
        prepared.keys.length === 1
          ? ''
          : ` Signed with the key from ${keyOrigin(keyThatWorked(prepared, token.keyFingerprint))} (public-key SHA-256 ${token.keyFingerprint ?? '?'}).`;
      const detail = `Token issued by ${token.tokenHost} (aud ${token.audience ?? '?'}) for org ${token.orgId}, user ${token.userId}; instance ${token.instanceUrl}.${used}`;
      checks.push({ id: 'exchange', status: 'pass', detail });
    } catch (err) {
      if (isTokenExchangeError(err)) {
        result.attempts = err.attempts.map((a) => ({ ...a }));
        const diagnosis = err.diagnosis === undefined ? undefined : cliDiagnosis(err.diagnosis);
        if (diagnosis !== undefined) result.diagnosis = diagnosis;
        checks.push({
          id: 'exchange',
          status: 'fail',
          code: err.code,
          detail: diagnosis?.summary ?? err.message,
          fix: diagnosis?.causes[0]?.fix ?? cliFix(err),
        });
      } else {
        const attempts = err instanceof TransportError ? err.attempts : undefined;
        if (attempts !== undefined) result.attempts = attempts.map((a) => ({ ...a }));
        checks.push(failed('exchange', err));
      }
    }
    checks.push(clockCheck(result.attempts ?? [], now(), assessClockSkew));
  }
  return { ...result, ok: checks.every((c) => c.status !== 'fail') };
}

async function keyCheck(
  input: ExchangeInput,
  sources: SecretSources,
  checks: DoctorCheck[],
): Promise<ResolvedPrivateKey[] | undefined> {
  try {
    const keys = await resolvePrivateKeys(input.jwtKeyFiles, sources);
    const described = keys.map(
      (key) =>
        `RSA ${key.key.bits}-bit ${key.key.format} key from ${keyOrigin(key)}${key.key.encrypted ? ' (encrypted)' : ''}`,
    );
    const detail =
      keys.length === 1 ? `${described[0]!}.` : `${keys.length} keys, tried in this order: ${described.join('; ')}.`;
    checks.push({ id: 'key', status: 'pass', detail });
    return keys;
  } catch (err) {
    checks.push(failed('key', err));
    return undefined;
  }
}

async function certificateChecks(
  certFile: string | undefined,
  key: ResolvedPrivateKey | undefined,
  now: () => number,
  checks: DoctorCheck[],
): Promise<CertificateCheck | undefined> {
  const skipAll = (why: string): undefined =>
    void checks.push(skip('certificate', why), skip('match', why), skip('expiry', why));
  if (certFile === undefined) return skipAll('Not checked: pass --cert-file with the certificate uploaded to the app.');
  if (key === undefined) return skipAll('Skipped: the key failed.');
  let cert: CertificateCheck;
  try {
    cert = await checkCertificate(certFile, key, now);
  } catch (err) {
    checks.push(
      failed('certificate', err),
      skip('match', 'Skipped: the certificate failed.'),
      skip('expiry', 'Skipped: the certificate failed.'),
    );
    return undefined;
  }
  checks.push({ id: 'certificate', status: 'pass', detail: `${cert.path}: SHA-256 ${cert.sha256Fingerprint}.` });
  checks.push(
    cert.matchesKey
      ? {
          id: 'match',
          status: 'pass',
          detail: `The key matches the certificate (public key SHA-256 ${cert.keyFingerprint}).`,
        }
      : {
          id: 'match',
          status: 'fail',
          code: 'ERR_CERT_KEY_MISMATCH',
          detail: `The key does not match the certificate: public key ${cert.keyFingerprint} vs ${cert.certificateKeyFingerprint}. Salesforce would answer "invalid assertion".`,
          fix: 'Upload the certificate made from this key to the app (Use digital signatures), or use the key the uploaded certificate was made from.',
        },
  );
  checks.push(expiryCheck(cert));
  return cert;
}

function expiryCheck(cert: CertificateCheck): DoctorCheck {
  if (cert.expired) {
    return {
      id: 'expiry',
      status: 'warn',
      detail: `The certificate expired on ${cert.notAfter}. Salesforce keeps accepting expired app certificates, but audits flag them.`,
      fix: 'Plan a rotation: sf jwt keygen, upload the new certificate, then switch keys (one certificate per app: expect a short gap).',
    };
  }
  if (cert.daysLeft < 30) {
    return {
      id: 'expiry',
      status: 'warn',
      detail: `The certificate expires in ${cert.daysLeft} days (${cert.notAfter}).`,
      fix: 'Plan a rotation before it expires.',
    };
  }
  return { id: 'expiry', status: 'pass', detail: `Valid until ${cert.notAfter} (${cert.daysLeft} days).` };
}

function resolverCheck(input: ExchangeInput, checks: DoctorCheck[]): ResolvedEndpoints | undefined {
  try {
    const endpoints = resolveEndpoints({ instanceUrl: input.instanceUrl, audience: input.audience });
    const pairs = endpoints.candidates.map((c) => `${c.tokenHost} with aud ${c.audience}`).join('; then ');
    const detail = `${endpoints.family} host. Tries ${pairs}.${endpoints.warnings.length > 0 ? ` ${endpoints.warnings.join(' ')}` : ''}`;
    checks.push({ id: 'resolver', status: endpoints.warnings.length > 0 ? 'warn' : 'pass', detail });
    return endpoints;
  } catch (err) {
    checks.push(failed('resolver', err));
    return undefined;
  }
}

function claimsCheck(
  input: ExchangeInput,
  endpoints: ResolvedEndpoints | undefined,
  now: () => number,
  checks: DoctorCheck[],
): boolean {
  if (endpoints === undefined) {
    checks.push(skip('claims', 'Skipped: needs the audience from the resolver.'));
    return false;
  }
  try {
    const { claims, warnings } = buildClaims({
      clientId: input.clientId,
      username: input.username,
      audience: endpoints.audience,
      now,
    });
    const detail = `iss ${claims.iss.slice(0, 12)}…, sub ${claims.sub}, aud ${claims.aud}, exp = iat + ${claims.exp - claims.iat} s.`;
    const extra = warnings.map((w) => w.message).join(' ');
    checks.push(
      warnings.length > 0
        ? { id: 'claims', status: 'warn', detail: `${detail} ${extra}` }
        : { id: 'claims', status: 'pass', detail },
    );
    return true;
  } catch (err) {
    checks.push(failed('claims', err));
    return false;
  }
}

function clockCheck(
  attempts: readonly ExchangeAttempt[],
  localNow: number,
  assess: typeof assessClockSkew,
): DoctorCheck {
  const last = [...attempts].reverse().find((a) => a.serverDate !== undefined);
  if (last?.serverDate === undefined) {
    const garbled = attempts.find((a) => a.serverDateUnparseable === true);
    const why =
      garbled === undefined
        ? 'No Date header came back from the server.'
        : `${garbled.host} sent a Date header that is not an HTTP date (unparseable), so the clock could not be compared.`;
    return skip('clock', why);
  }
  // The Date header was stamped during the last attempt: jwt-core's one clock-skew policy allows for its duration.
  const skew = assess({
    serverDate: last.serverDate,
    requestStartedAt: localNow - last.durationMs,
    responseAt: localNow,
  });
  const side = skew.direction === 'behind' ? 'behind' : 'ahead of';
  const detail =
    skew.direction === 'in-sync'
      ? `The local clock agrees with ${last.host}'s Date header.`
      : `The local clock is ${Math.round(skew.skewMs / 1000)} s ${side} ${last.host}'s Date header.`;
  if (skew.grade === 'ok') return { id: 'clock', status: 'pass', detail };
  const fix = 'Synchronise the clock (NTP: timedatectl set-ntp true, w32tm /resync); exp is computed from it.';
  return skew.grade === 'warn'
    ? { id: 'clock', status: 'warn', detail, fix }
    : { id: 'clock', status: 'fail', code: 'ERR_CLOCK_SKEW', detail, fix };
}
