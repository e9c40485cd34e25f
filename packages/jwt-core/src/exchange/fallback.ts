import type { EndpointCandidate } from '../audience/resolve.js';
import type { AssertionClaims } from '../claims/types.js';
import { TokenExchangeError, TransportError } from '../errors.js';
import { findCatalogRow } from '../diagnose/catalog.js';
import { diagnoseFailure } from '../diagnose/diagnose.js';
import { diagnoseAttempts, type AttemptAnswer } from '../diagnose/diagnose-attempts.js';
import { isDocumentedAudience, type DiagnoseInput } from '../diagnose/diagnose-context.js';
import { startBudget, type ExchangeBudget } from './deadline.js';
import { platformFetch } from '../internal/platform.js';
import { exchangeWithin, type ExchangeOptions } from './exchange.js';
import type { ExchangeAttempt, RejectionFacts, TokenResult } from './types.js';

/**
 * A signed assertion, with its claims when the caller has them (they feed the diagnosis): the compact JWS, or an
 * object such as {@link createAssertion}'s result.
 */
export type SignedAssertion =
  | string
  | { readonly assertion: string; readonly claims?: AssertionClaims | Readonly<Record<string, unknown>> | undefined };

/** Options of {@link exchangeWithFallback}. */
export interface FallbackOptions
  extends
    Omit<ExchangeOptions, 'tokenHost' | 'assertion' | 'audience' | 'diagnose'>,
    Pick<DiagnoseInput, 'keyMatchesCertificate' | 'certificateFingerprint' | 'keyFingerprint' | 'appType'> {
  /** Ordered (token host, aud) pairs, usually `resolveEndpoints(...).candidates`. */
  readonly candidates: readonly EndpointCandidate[];
  /** Signs an assertion for a candidate's `aud` (each candidate needs its own). */
  readonly makeAssertion: (candidate: EndpointCandidate) => SignedAssertion | Promise<SignedAssertion>;
  /** Wall clock in epoch ms, for the clock-skew check. Without it the diagnosis skips clock checks. */
  readonly now?: (() => number) | undefined;
}

/**
 * Which candidate to try after a rejection, if any. Only answers that can be symptoms of a bad host/aud pair move
 * on: "audience is invalid", "Audience validation failed", `app_not_found` → the next pair;
 * "user hasn't approved this consumer" → one jump to a pair with a documented (login/test) aud, and only when the
 * aud just tried was not documented. Everything else is final: more POSTs would only repeat the answer.
 */
export function nextCandidateIndex(
  failure: Pick<TokenExchangeError, 'error' | 'errorDescription'>,
  candidates: readonly EndpointCandidate[],
  current: number,
): number | undefined {
  const row = findCatalogRow(failure.error, failure.errorDescription);
  if (row === undefined || row.pairProblem === 'never') return undefined;
  const tried = candidates[current];
  const later = candidates.map((c, i) => ({ c, i })).slice(current + 1);
  const fresh = later.filter(
    ({ c }) => !candidates.slice(0, current + 1).some((p) => p.tokenHost === c.tokenHost && p.audience === c.audience),
  );
  if (row.pairProblem === 'always') return fresh[0]?.i;
  if (tried === undefined || isDocumentedAudience(tried.audience)) return undefined;
  return fresh.find(({ c }) => isDocumentedAudience(c.audience))?.i;
}

/** A rejection's facts and the diagnosis input built for it. */
interface Answer {
  readonly facts: RejectionFacts;
  readonly input: AttemptAnswer;
}

/** The final rejection, diagnosed from every answer and naming the answer the diagnosis leads with. */
function explainAll(
  last: TokenExchangeError,
  attempts: readonly ExchangeAttempt[],
  answers: readonly Answer[],
): TokenExchangeError {
  if (answers.length === 0) return last.withAttempts(attempts);
  const diagnosis = diagnoseAttempts(answers.map((a) => a.input));
  const leading = answers.find((a) => a.input.attempt === diagnosis.leadingAttempt) ?? answers[answers.length - 1]!;
  const explained = new TokenExchangeError({ ...leading.facts, attempts, diagnosis });
  if (last.stack !== undefined) explained.stack = last.stack;
  return explained;
}

function withReason(attempts: readonly ExchangeAttempt[], reason: string): ExchangeAttempt[] {
  return attempts.map((a) => ({ ...a, reason }));
}

/**
 * Exchanges an assertion, falling back through the resolver's (token host, aud) candidates when Salesforce's answer
 * says the pair was wrong, signing a fresh assertion per pair. Every POST is reported in `attempts` with why it was
 * made; a final rejection carries a {@link Diagnosis} built from every answer with {@link diagnoseAttempts}, and names
 * the answer that diagnosis leads with (the last one, unless a later pair only said it reaches no app).
 * `deadlineMs` bounds all candidates together; `signal` stops them all; `onAttempt` sees each POST with its reason.
 *
 * @throws TokenExchangeError when Salesforce rejects the last pair tried
 * @throws TransportError on network, timeout, server or response failures (no fallback: a different pair would not help)
 * @example
 * ```ts
 * const { candidates } = resolveEndpoints({ instanceUrl: 'https://acme.my.salesforce.com' })
 * const result = await exchangeWithFallback({
 *   candidates, fetch, now: Date.now,
 *   makeAssertion: ({ audience }) => signAssertion(buildClaims({ clientId, username, audience, now }), key),
 * })
 * ```
 * @example
 * ```ts
 * // createAssertion's result is a SignedAssertion as it is: its claims feed the diagnosis of a rejection.
 * const { candidates } = resolveEndpoints({ instanceUrl: 'https://acme.my.salesforce.com' })
 * const result = await exchangeWithFallback({
 *   candidates, fetch, now: Date.now,
 *   makeAssertion: ({ audience }) => createAssertion({ clientId, username, audience, now: Date.now, key }),
 * })
 * ```
 */
export async function exchangeWithFallback(options: FallbackOptions): Promise<TokenResult> {
  // One deadline and one signal for every candidate: a fallback must not multiply the time a caller waits.
  return exchangeWithFallbackWithin(options, startBudget(options));
}

/**
 * {@link exchangeWithFallback} within a budget the caller shares with other exchanges (a key ring: every key's
 * candidates within the one deadline); the budget's deadline and signal are used, not the options'.
 */
export async function exchangeWithFallbackWithin(
  options: FallbackOptions,
  budget: ExchangeBudget,
): Promise<TokenResult> {
  const {
    candidates,
    makeAssertion,
    now,
    keyMatchesCertificate,
    certificateFingerprint,
    keyFingerprint,
    appType,
    onAttempt,
    ...exchange
  } = options;
  const fetch = platformFetch(options.fetch);
  const attempts: ExchangeAttempt[] = [];
  const answers: Answer[] = [];
  let reason: string | undefined;
  for (let i = 0; i < candidates.length;) {
    const candidate = candidates[i]!;
    const why = reason === undefined ? candidate.reason : `${reason}; ${candidate.reason}`;
    const signed = await makeAssertion(candidate);
    const { assertion, claims } = typeof signed === 'string' ? { assertion: signed, claims: undefined } : signed;
    let answer: { facts: RejectionFacts; input: DiagnoseInput } | undefined;
    try {
      const issued = await exchangeWithin(
        {
          ...exchange,
          fetch,
          ...(onAttempt === undefined
            ? {}
            : { onAttempt: (attempt: ExchangeAttempt) => onAttempt({ ...attempt, reason: why }) }),
          tokenHost: candidate.tokenHost,
          audience: candidate.audience,
          assertion,
          diagnose: (facts, attempt) => {
            const answeredAt = now?.();
            // The attempt's duration bounds when the server stamped its Date header (see assessClockSkew).
            const requestStartedAt = answeredAt === undefined ? undefined : answeredAt - attempt.durationMs;
            const local = {
              now: answeredAt,
              requestStartedAt,
              keyMatchesCertificate,
              certificateFingerprint,
              keyFingerprint,
              appType,
            };
            const input: DiagnoseInput = { ...facts, claims: claims ?? { aud: candidate.audience }, ...local };
            answer = { facts, input };
            return diagnoseFailure(input);
          },
        },
        budget,
      );
      return { ...issued, attempts: [...attempts, ...withReason(issued.attempts, why)] };
    } catch (err) {
      if (err instanceof TokenExchangeError) {
        attempts.push(...withReason(err.attempts, why));
        if (answer !== undefined)
          answers.push({ facts: answer.facts, input: { ...answer.input, attempt: attempts.length } });
        const next = nextCandidateIndex(err, candidates, i);
        if (next === undefined) throw explainAll(err, attempts, answers);
        reason = `after "${err.errorDescription ?? err.error}" from ${candidate.tokenHost} with aud ${candidate.audience}`;
        i = next;
        continue;
      }
      if (err instanceof TransportError) throw err.withAttempts([...attempts, ...withReason(err.attempts ?? [], why)]);
      throw err;
    }
  }
  throw new RangeError('exchangeWithFallback needs at least one candidate');
}
