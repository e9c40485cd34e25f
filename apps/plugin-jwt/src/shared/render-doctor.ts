/** Human rendering of the doctor's checklist (pure). */
import type { CheckStatus, DoctorResult } from './doctor-checks.js';

const MARK: Readonly<Record<CheckStatus, string>> = { pass: '✓', warn: '!', fail: '✗', skip: '-' };

/** One line per check, the fix indented below it. */
export function checklistLines(result: DoctorResult): string[] {
  const width = Math.max(...result.checks.map((c) => c.id.length));
  return result.checks.flatMap((c) => {
    const line = `${MARK[c.status]} ${c.id.padEnd(width)}  ${c.status.toUpperCase().padEnd(4)}  ${c.detail}`;
    return c.fix === undefined || c.status === 'pass' ? [line] : [line, `  ${' '.repeat(width)}        fix: ${c.fix}`];
  });
}
