/**
 * Marks text that came from a server or a user (an `error_description`, a deploy problem, a flag value) so that the
 * output boundary (render/sanitize.ts, applied by the command base class to every printed byte) can tell it from our
 * own lines: a marked text that holds line breaks is printed as an indented quote under the line that introduces
 * it, never as lines of our own. Unmarked text is ours: its line breaks stay.
 *
 * The marks are two Unicode noncharacters (reserved for a program's internal use, never in interchanged text): any
 * found inside the text are removed first, so the text cannot close its own quote. Mark text only for display
 * (human output, error messages); never put a marked text into a `--json` result.
 *
 * A leaf: imports nothing, so every layer (services, io, errors, render) can mark what it quotes.
 */

/** Opens a quoted span. */
export const QUOTE_OPEN = '\uFDD0';
/** Closes a quoted span. */
export const QUOTE_CLOSE = '\uFDD1';

const MARKS = /[\uFDD0\uFDD1]/g;

/**
 * `text` marked as server or user text. On one line it is printed in place; with line breaks it becomes an indented
 * quote (`    │ …` under the line that introduces it). Escape sequences, controls and bidi overrides are removed or
 * neutralised at the boundary like everywhere else.
 *
 * @param text - Text we did not write.
 * @example
 * ```ts
 * `The deploy failed: ${serverText(problem)}`
 * ```
 */
export function serverText(text: string): string {
  return `${QUOTE_OPEN}${text.replace(MARKS, '')}${QUOTE_CLOSE}`;
}

/** `text` without any quote marks (for `--json` data, or where a marked text must be compared). */
export function withoutMarks(text: string): string {
  return text.replace(MARKS, '');
}
