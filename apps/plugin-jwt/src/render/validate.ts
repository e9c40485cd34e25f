/** Human output of `sf jwt validate`: the claims, the findings as a table, the verdict (a rejection to stderr). */
import { Messages } from '@salesforce/core/messages';
import type { JwtValidateResult } from '../results/validate.js';
import type { Output } from './output.js';
import { displayField, MAX_LINE_CHARS } from './sanitize.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@sfjwt/plugin-jwt', 'jwt.validate');

export function renderValidation(out: Output, result: JwtValidateResult): void {
  const claim = (name: string): string => displayField(JSON.stringify(result.claims[name]) ?? '(none)');
  out.log(`iss ${claim('iss')}  sub ${claim('sub')}  aud ${claim('aud')}  exp ${claim('exp')}`);
  out.table({
    data: result.findings.map((f) => ({
      severity: f.severity,
      code: f.code,
      message: displayField(f.message, MAX_LINE_CHARS),
      fix: displayField(f.fix, MAX_LINE_CHARS),
    })),
    columns: ['severity', 'code', 'message', 'fix'],
    overflow: 'wrap',
  });
  const errors = result.findings.filter((f) => f.severity === 'error');
  if (errors.length === 0) {
    out.log(
      messages.getMessage('summary.ok', [String(result.findings.filter((f) => f.severity === 'warning').length)]),
    );
  } else {
    out.logToStderr(
      messages.getMessage('summary.rejected', [String(errors.length), errors.map((f) => f.code).join(', ')]),
    );
  }
}
