/** Human output of `sf jwt doctor`: the checklist (pure lines), then the causes and the summary. */
import { Messages } from '@salesforce/core/messages';
import type { CheckStatus, DoctorResult } from '../results/doctor.js';
import { diagnosisLines } from './exchange.js';
import type { Output } from './output.js';
import { displayField, MAX_LINE_CHARS } from './sanitize.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@sfjwt/plugin-jwt', 'jwt.doctor');

const MARK: Readonly<Record<CheckStatus, string>> = { pass: '✓', warn: '!', fail: '✗', skip: '-' };

/** One line per check, the fix indented below it. */
export function checklistLines(result: DoctorResult): string[] {
  const width = Math.max(...result.checks.map((c) => c.id.length));
  return result.checks.flatMap((c) => {
    // A detail can quote the server (an error_description) or a flag value: one line, capped.
    const line = `${MARK[c.status]} ${c.id.padEnd(width)}  ${c.status.toUpperCase().padEnd(4)}  ${displayField(c.detail, MAX_LINE_CHARS)}`;
    return c.fix === undefined || c.status === 'pass'
      ? [line]
      : [line, `  ${' '.repeat(width)}        fix: ${displayField(c.fix, MAX_LINE_CHARS)}`];
  });
}

/** The checklist, the ranked causes when the grant was rejected, and the summary when every check passed. */
export function renderDoctor(out: Output, result: DoctorResult): void {
  for (const line of checklistLines(result)) out.log(line);
  if (result.diagnosis !== undefined) {
    out.log('');
    for (const line of diagnosisLines(result.diagnosis)) out.log(line);
  }
  // A failure's summary is the command's error (the first failed check's code, printed by sf on stderr).
  if (result.checks.every((c) => c.status !== 'fail')) {
    out.log('');
    out.log(messages.getMessage('summary.ok', [String(result.checks.filter((c) => c.status === 'warn').length)]));
  }
}
