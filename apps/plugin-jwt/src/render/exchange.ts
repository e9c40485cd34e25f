/** Human rendering of exchange attempts and diagnoses (pure: strings in, strings out). */
import type { DiagnosedCause, Diagnosis, ExchangeAttempt } from '@sfjwt/jwt-core';
import { displayField, MAX_LINE_CHARS } from './sanitize.js';

/**
 * One line per POST: where, with which aud, what came back, how long it took; with several keys (a key ring), an
 * indented line under each names its key by public-key fingerprint.
 */
export function attemptLines(attempts: readonly ExchangeAttempt[]): string[] {
  const keys = new Set(attempts.map((a) => a.keyFingerprint).filter((k) => k !== undefined));
  const lines = attempts.map((a, i) => {
    const aud = a.audience === undefined ? '' : ` aud=${displayField(a.audience)}`;
    const said =
      a.outcome === 'success'
        ? `${a.status ?? ''} OK`.trim()
        : a.outcome === 'rejected'
          ? `${a.status ?? ''} ${displayField(a.error ?? '')}${a.errorDescription === undefined ? '' : `: ${displayField(a.errorDescription)}`}`.trim()
          : `${a.outcome}${a.problem === undefined ? '' : `: ${displayField(a.problem)}`}`;
    const line = `${i + 1}. POST ${displayField(a.host)}${aud} → ${said} (${a.durationMs} ms)`;
    return keys.size > 1 && a.keyFingerprint !== undefined
      ? [line, `   key: public-key SHA-256 ${displayField(a.keyFingerprint)}`]
      : [line];
  });
  return lines.flat();
}

const HEADINGS: ReadonlyArray<[DiagnosedCause['likelihood'], string]> = [
  ['likely', 'Likely causes'],
  ['possible', 'Possible causes'],
  ['ruled-out', 'Ruled out by local checks'],
];

/**
 * The ranked causes: likely and possible ones with evidence and fix, ruled-out ones with the evidence only. Fixes
 * listed in `fixesShownElsewhere` (the error's actions, which sf prints under "Try this") are not repeated.
 */
export function diagnosisLines(diagnosis: Diagnosis, fixesShownElsewhere: ReadonlySet<string> = new Set()): string[] {
  const lines: string[] = [];
  for (const [likelihood, heading] of HEADINGS) {
    const causes = diagnosis.causes.filter((c) => c.likelihood === likelihood);
    if (causes.length === 0) continue;
    lines.push(`${heading}:`);
    for (const cause of causes) {
      lines.push(`  • ${displayField(cause.title, MAX_LINE_CHARS)}`);
      for (const e of cause.evidence) lines.push(`      checked: ${displayField(e, MAX_LINE_CHARS)}`);
      if (likelihood !== 'ruled-out' && !fixesShownElsewhere.has(cause.fix))
        lines.push(`      fix: ${displayField(cause.fix, MAX_LINE_CHARS)}`);
    }
  }
  return lines;
}

/** The fixes worth offering as actions: the likely causes', else the possible ones'. */
export function fixActions(diagnosis: Diagnosis | undefined, fallback: string): string[] {
  if (diagnosis === undefined) return [fallback];
  const pick = (l: DiagnosedCause['likelihood']): string[] =>
    diagnosis.causes.filter((c) => c.likelihood === l).map((c) => c.fix);
  const fixes = pick('likely');
  const chosen = fixes.length > 0 ? fixes : pick('possible');
  return chosen.length > 0 ? [...new Set(chosen)] : [fallback];
}
