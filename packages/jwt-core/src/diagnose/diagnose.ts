import { CAUSES, short, type CauseId, type FixContext } from './causes.js';
import { findCatalogRow } from './catalog.js';
import { CHECKS } from './checks.js';
import { deriveFacts, type DiagnoseInput } from './diagnose-context.js';
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
 * Explains a rejected JWT bearer grant: the catalog row for Salesforce's answer (reference §4), each of its causes
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
 * d.causes[0].id // 'key-certificate-mismatch'
 * ```
 */
export function diagnoseFailure(input: DiagnoseInput): Diagnosis {
  const facts = deriveFacts(input);
  const row = findCatalogRow(input.error, input.errorDescription);
  const ctx: FixContext = {
    username: facts.sub === '' ? 'the user' : facts.sub,
    clientId: facts.iss === '' ? 'the consumer key' : facts.iss,
    tokenHost: facts.tokenHost,
    audience: facts.aud ?? '(unknown)',
  };
  const causes: DiagnosedCause[] = (row?.causes ?? UNCATALOGUED).map(([id, base]) => {
    const verdict = CHECKS[id]?.(facts);
    const text = CAUSES[id];
    return { id, likelihood: verdict?.likelihood ?? base, title: text.title, evidence: verdict?.evidence ?? [], fix: text.fix(ctx) };
  });
  causes.sort((a, b) => RANK[a.likelihood] - RANK[b.likelihood]);

  const said = input.errorDescription === undefined ? input.error : `${input.error} "${input.errorDescription}"`;
  const meaning = row === undefined ? 'an answer outside the known catalog' : row.meaning;
  const likely = causes.filter((c) => c.likelihood === 'likely');
  const aud = facts.aud === undefined ? '' : ` for aud ${facts.aud}`;
  const app = facts.iss === '' ? '' : ` (app ${short(facts.iss)}, user ${ctx.username})`;
  const verdict =
    likely.length === 0
      ? 'No cause stands out; the possible ones are listed.'
      : likely.length === 1
        ? `Most likely ${likely[0]!.title}`
        : `${likely.length} likely causes; first: ${likely[0]!.title}`;
  return { summary: `${facts.tokenHost} answered ${said}${aud}${app}: ${meaning}. ${verdict}`, causes };
}
