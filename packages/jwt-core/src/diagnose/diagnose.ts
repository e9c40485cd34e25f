import { CAUSES, short, type CauseId, type FixContext } from './causes.js';
import { findCatalogRow, type CatalogRow } from './catalog.js';
import { CHECKS } from './checks.js';
import { deriveFacts, type DiagnoseInput, type Facts } from './diagnose-context.js';
import type { DiagnosedCause, Diagnosis, Likelihood } from './diagnosis-types.js';

const RANK: Readonly<Record<Likelihood, number>> = { likely: 0, possible: 1, 'ruled-out': 2 };

// An answer outside the catalog: run the local checks that can point anywhere.
const UNCATALOGUED: readonly (readonly [CauseId, Likelihood])[] = [
  ['uncatalogued-error', 'possible'],
  ['key-certificate-mismatch', 'possible'],
  ['host-audience-pair', 'possible'],
  ['clock-skew', 'possible'],
];

/**
 * Explains a rejected JWT bearer grant: the catalog row for Salesforce's answer (its known OAuth errors), each of its causes
 * moved in or out by local checks — key ↔ certificate, claims shape, clock skew against the server's `Date` header,
 * `aud` against the host — and each cause's fix in Salesforce Setup words. Pure: give it what you know.
 *
 * @returns causes ranked likely → possible → ruled-out (catalog order within a rank), and a one-line summary
 * @example
 * ```ts
 * const d = diagnoseFailure({
 *   error: 'invalid_grant', errorDescription: 'invalid assertion', tokenHost: 'https://login.salesforce.com',
 *   claims, keyMatchesCertificate: false, now: Date.now(),
 * })
 * d.causes[0]?.id // 'key-certificate-mismatch'
 * ```
 */
export function diagnoseFailure(input: DiagnoseInput): Diagnosis {
  const answer = explainAnswer(input);
  return { summary: summarize(answer, answer.causes), causes: answer.causes, quoted: answer.quoted };
}

/** One answer explained: its facts, its catalog row and its causes, ranked. */
export interface ExplainedAnswer {
  readonly input: DiagnoseInput;
  readonly facts: Facts;
  readonly row: CatalogRow | undefined;
  readonly causes: DiagnosedCause[];
  /** The facts the fixes quote. */
  readonly quoted: FixContext;
  /** Causes whose likelihood a local check decided (not just the catalog's base likelihood). */
  readonly decided: ReadonlySet<CauseId>;
}

/** The catalog row's causes for one answer, each moved in or out by the local checks, ranked. */
export function explainAnswer(input: DiagnoseInput): ExplainedAnswer {
  const facts = deriveFacts(input);
  const row = findCatalogRow(input.error, input.errorDescription);
  const ctx: FixContext = {
    username: facts.sub === '' ? 'the user' : facts.sub,
    clientId: facts.iss === '' ? 'the consumer key' : facts.iss,
    tokenHost: facts.tokenHost,
    audience: facts.aud ?? '(unknown)',
  };
  const decided = new Set<CauseId>();
  const causes: DiagnosedCause[] = (row?.causes ?? UNCATALOGUED).map(([id, base]) => {
    const verdict = CHECKS[id]?.(facts);
    if (verdict?.likelihood !== undefined) decided.add(id);
    const text = CAUSES[id];
    return {
      id,
      likelihood: verdict?.likelihood ?? base,
      title: text.title,
      evidence: verdict?.evidence ?? [],
      fix: text.fix(ctx),
    };
  });
  return { input, facts, row, causes: rankCauses(causes, decided), quoted: ctx, decided };
}

/**
 * Every `likely` cause first, then `possible`, then `ruled-out`. Within a rank, causes a local check decided come
 * before those that hold only the catalog's base likelihood (evidence beats a default); then catalog order.
 */
export function rankCauses(causes: readonly DiagnosedCause[], decided: ReadonlySet<CauseId>): DiagnosedCause[] {
  const undecided = (c: DiagnosedCause): number => (decided.has(c.id) ? 0 : 1);
  return [...causes].sort((a, b) => RANK[a.likelihood] - RANK[b.likelihood] || undecided(a) - undecided(b));
}

/** The one-line summary: who answered what, what it means, and the verdict of the ranked `causes`. */
export function summarize(answer: ExplainedAnswer, causes: readonly DiagnosedCause[]): string {
  const { input, facts, row } = answer;
  const said = input.errorDescription === undefined ? input.error : `${input.error} "${input.errorDescription}"`;
  const meaning = row === undefined ? 'an answer outside the known catalog' : row.meaning;
  const likely = causes.filter((c) => c.likelihood === 'likely');
  const aud = facts.aud === undefined ? '' : ` for aud ${facts.aud}`;
  const app = facts.iss === '' ? '' : ` (app ${short(facts.iss)}, user ${facts.sub === '' ? 'the user' : facts.sub})`;
  const verdict =
    likely.length === 0
      ? 'No cause stands out; the possible ones are listed.'
      : likely.length === 1
        ? `Most likely ${likely[0]!.title}`
        : `${likely.length} likely causes; first: ${likely[0]!.title}`;
  return `${facts.tokenHost} answered ${said}${aud}${app}: ${meaning}. ${verdict}`;
}
