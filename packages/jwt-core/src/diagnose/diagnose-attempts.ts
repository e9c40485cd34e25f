import type { DiagnosedCause, Diagnosis, Likelihood } from './diagnosis-types.js';
import { ORG_DOMAIN_FAMILIES, isDocumentedAudience, type DiagnoseInput } from './diagnose-context.js';
import { explainAnswer, rankCauses, summarize, type ExplainedAnswer } from './diagnose.js';

/** One rejected attempt's answer and what was known locally, with its place among the reported attempts. */
export interface AttemptAnswer extends DiagnoseInput {
  /** 1-based position of the rejected POST in the reported attempts. */
  readonly attempt: number;
}

interface Explained extends ExplainedAnswer {
  readonly attempt: number;
}

const STRENGTH: Readonly<Record<Likelihood, number>> = { likely: 2, possible: 1, 'ruled-out': 0 };

// "audience is invalid" and app_not_found say only that this (host, aud) pair reaches no app: symptoms of the pair.
const pairSymptom = (e: Explained): boolean => e.row?.pairProblem === 'always';

/**
 * Explains a rejection from every answer a fallback run received, not just the last one:
 *
 * - Answers that only say the (host, aud) pair reaches no app ("audience is invalid", app_not_found) are symptoms
 *   of the pair. The last answer that is not such a symptom leads: "user hasn't approved this consumer" from the
 *   first pair is more specific than app_not_found from the fallback pairs. When every answer is a symptom, the
 *   first one (the preferred pair) leads.
 * - Answers of the leader's kind merge into it: a cause is ruled out when any of them rules it out (it cannot
 *   explain that identical answer), else it takes the strongest likelihood; their evidence is kept, labelled.
 * - app_not_found through a login/test host or aud shows that the app is an External Client App, reachable only
 *   through My Domain: when the leading pair was already My Domain for host and aud, that pair is ruled out.
 *
 * @returns the ranked causes of the leading answer, its summary followed by what the other answers said, and
 *   `leadingAttempt`
 * @throws RangeError when `answers` is empty
 * @example
 * ```ts
 * const myDomain = 'https://acme.my.salesforce.com'
 * const d = diagnoseAttempts([
 *   { attempt: 1, error: 'invalid_grant', errorDescription: "user hasn't approved this consumer", tokenHost: myDomain, claims },
 *   { attempt: 2, error: 'app_not_found', tokenHost: myDomain, claims: { ...claims, aud: 'https://login.salesforce.com' } },
 * ])
 * d.leadingAttempt // 1
 * ```
 */
export function diagnoseAttempts(answers: readonly AttemptAnswer[]): Diagnosis {
  if (answers.length === 0) throw new RangeError('diagnoseAttempts needs at least one answer');
  const explained: Explained[] = answers.map((a) => ({ ...explainAnswer(a), attempt: a.attempt }));
  const leader = [...explained].reverse().find((e) => !pairSymptom(e)) ?? explained[0]!;
  const others = explained.filter((e) => e !== leader);
  const sameKind = leader.row === undefined ? [] : others.filter((e) => e.row?.id === leader.row?.id);
  const merged = leader.causes.map((cause) => withEcaEvidence(merge(cause, sameKind), leader, others));
  const decided = new Set([...leader.decided, ...sameKind.flatMap((e) => [...e.decided])]);
  for (const [i, cause] of merged.entries())
    if (cause.likelihood !== leader.causes[i]!.likelihood) decided.add(cause.id);
  const causes = rankCauses(merged, decided);
  const elsewhere = others.filter((e) => !sameKind.includes(e));
  return {
    summary: `${summarize(leader, causes)}${otherAnswers(elsewhere)}`,
    causes,
    leadingAttempt: leader.attempt,
    quoted: leader.quoted,
  };
}

function merge(cause: DiagnosedCause, sameKind: readonly Explained[]): DiagnosedCause {
  let likelihood = cause.likelihood;
  const evidence = [...cause.evidence];
  for (const other of sameKind) {
    const theirs = other.causes.find((c) => c.id === cause.id);
    if (theirs === undefined) continue;
    if (likelihood === 'ruled-out' || theirs.likelihood === 'ruled-out') likelihood = 'ruled-out';
    else if (STRENGTH[theirs.likelihood] > STRENGTH[likelihood]) likelihood = theirs.likelihood;
    for (const line of theirs.evidence)
      if (!cause.evidence.includes(line)) evidence.push(`Attempt ${other.attempt}: ${line}`);
  }
  return { ...cause, likelihood, evidence };
}

function withEcaEvidence(cause: DiagnosedCause, leader: Explained, others: readonly Explained[]): DiagnosedCause {
  if (cause.id !== 'host-audience-pair') return cause;
  const { facts } = leader;
  const myDomainPair =
    facts.hostFamily !== undefined && ORG_DOMAIN_FAMILIES.has(facts.hostFamily) && facts.audBase === facts.tokenHost;
  const viaLogin = (e: Explained): boolean =>
    isDocumentedAudience(e.facts.audBase) || e.facts.hostFamily === 'login' || e.facts.hostFamily === 'test';
  const eca = others.find((e) => e.row?.id === 'app-not-found' && viaLogin(e));
  if (!myDomainPair || eca === undefined) return cause;
  const line = `Attempt ${eca.attempt} (aud ${eca.facts.aud ?? '(unknown)'} to ${eca.facts.tokenHost}) answered app_not_found: the app is an External Client App, reachable only with the My Domain URL as host and aud, which attempt ${leader.attempt} used.`;
  return { ...cause, likelihood: 'ruled-out', evidence: [...cause.evidence, line] };
}

function otherAnswers(others: readonly Explained[]): string {
  if (others.length === 0) return '';
  const numbers = others.map((e) => e.attempt);
  const which =
    numbers.length === 1
      ? `Attempt ${numbers[0]!}`
      : `Attempts ${numbers.slice(0, -1).join(', ')} and ${numbers[numbers.length - 1]!}`;
  const said = [
    ...new Set(
      others.map((e) => (e.input.errorDescription === undefined ? e.input.error : `"${e.input.errorDescription}"`)),
    ),
  ];
  const symptoms = others.every(pairSymptom);
  const meaning = symptoms
    ? `, which only says that ${numbers.length === 1 ? 'its pair reaches' : 'their pairs reach'} no app`
    : ' to other host/aud pairs';
  return ` ${which} answered ${said.join(' / ')}${meaning}.`;
}
