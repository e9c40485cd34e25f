/**
 * Human output of `sf jwt validate`: the claims, the findings as aligned lines, the verdict when it passes (a rejection
 * is the command's error).
 * Plain lines, not sf's tables: drawing a table loads @oclif/table with ink and React (~0.3 s), and the build
 * (bundle/bundle.mjs) makes every command whose code can draw one load it at start-up.
 */
import { Messages } from '@salesforce/core/messages';
import type { JwtValidateFinding, JwtValidateResult } from '../results/validate.js';
import type { Output } from './output.js';
import { displayField, MAX_LINE_CHARS } from './sanitize.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@sfjwt/plugin-jwt', 'jwt.validate');

/**
 * One line per finding (severity, code, message, in aligned columns), its fix on the next line under the message.
 * Message and fix are cleaned as one-line fields, so a claim's text never forges a line.
 */
function findingLines(findings: readonly JwtValidateFinding[]): string[] {
  const severityWidth = Math.max(0, ...findings.map((f) => f.severity.length));
  const codeWidth = Math.max(0, ...findings.map((f) => f.code.length));
  const indent = ' '.repeat(severityWidth + codeWidth + 4);
  return findings.flatMap((f) => {
    const line = `${f.severity.padEnd(severityWidth)}  ${f.code.padEnd(codeWidth)}  ${displayField(f.message, MAX_LINE_CHARS)}`;
    return f.fix === ''
      ? [line]
      : [line, `${indent}${messages.getMessage('info.fix', [displayField(f.fix, MAX_LINE_CHARS)])}`];
  });
}

export function renderValidation(out: Output, result: JwtValidateResult): void {
  const claim = (name: string): string => displayField(JSON.stringify(result.claims[name]) ?? '(none)');
  out.log(`iss ${claim('iss')}  sub ${claim('sub')}  aud ${claim('aud')}  exp ${claim('exp')}`);
  for (const line of findingLines(result.findings)) out.log(line);
  // A rejection's verdict is the command's error (ERR_ASSERTION_INVALID, printed by sf on stderr), not a line here.
  if (result.findings.every((f) => f.severity !== 'error')) {
    out.log(
      messages.getMessage('summary.ok', [String(result.findings.filter((f) => f.severity === 'warning').length)]),
    );
  }
}
