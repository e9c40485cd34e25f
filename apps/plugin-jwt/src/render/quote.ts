/**
 * Server text shown as a quote: sanitized by the one rule (`sanitize.ts`: whole escape sequences and control
 * characters removed, bidi controls neutralised), and every line of it — including lines the server made with CR,
 * LF or `&#10;` — indented under a `| ` mark, so no line of it can pass for a line of ours (a forged "Try this:").
 */
import { displayBlock, MAX_FIELD_CHARS } from './sanitize.js';

/** Most lines of one quote; a longer server text is cut (and says so). */
const MAX_QUOTE_LINES = 12;

/**
 * The text as an indented block, starting on a line of its own.
 *
 * @param text - Server text (raw).
 */
export function quoteServerText(text: string): string {
  const lines = displayBlock(text, MAX_FIELD_CHARS)
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l !== '');
  const shown = lines.slice(0, MAX_QUOTE_LINES);
  if (lines.length > MAX_QUOTE_LINES) shown.push(`… (${lines.length - MAX_QUOTE_LINES} more lines)`);
  if (shown.length === 0) shown.push('(no text)');
  return `\n${shown.map((l) => `    | ${l.replace(/\t/g, ' ')}`).join('\n')}`;
}
