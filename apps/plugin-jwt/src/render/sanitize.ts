/**
 * The one rule for every printed byte. The command base class (base/jwt-command.ts) applies it to everything a command
 * prints — log, logToStderr, warn, info, tables, spinner text, headers and errors — so no caller has to remember it;
 * renderers additionally cap each server- or user-supplied field ({@link displayField}) so a long one cannot bury a
 * line.
 *
 * The rule, in this order:
 * 1. Whole escape sequences are removed: CSI (`ESC [ … final`, 8-bit U+009B), OSC (`ESC ] …` ended by BEL or ST, or
 *    unterminated: then to the end), DCS/SOS/PM/APC (`ESC P|X|^|_ … ST`, 8-bit U+0090/0098/009E/009F), and every
 *    other ESC sequence (`ESC (B`, `ESC 7`, `ESC c`). Only then are stray control bytes removed, so `ESC[31mRED`
 *    becomes `RED`, never `[31mRED`.
 * 2. Stray controls are removed: C0 other than TAB/LF/CR, DEL, and the C1 range.
 * 3. Bidi controls (U+202A–U+202E, U+2066–U+2069, U+200E/U+200F, U+061C), which reorder what the terminal shows,
 *    are neutralised: shown as their escape (`\u202e`).
 * 4. Line breaks: our own lines stay. Text marked as server or user text (`serverText()` in text/server-text.ts)
 *    never forges a line of ours: with line breaks it is printed as an indented quote (`    │ …`) under the line that
 *    introduces it. In a one-line field (a table cell, {@link displayField}) CR, LF and TAB become spaces.
 * 5. Long texts show their beginning and say how long they were.
 *
 * `--json` output is not touched: JSON escapes control characters itself (error data only has its long strings cut,
 * {@link capData}).
 *
 * Work is bounded by the cap, not by the input: only a window of a long text is ever scanned.
 */
import { QUOTE_CLOSE, QUOTE_OPEN, withoutMarks } from '../text/server-text.js';

/** Longest server- or user-supplied value shown inside a sentence (characters). */
export const MAX_FIELD_CHARS = 300;

/** Longest table cell (a deploy problem can be a paragraph; the table wraps it). */
export const MAX_CELL_CHARS = 2000;

/** Longest line of a whole message (the backstop for texts composed elsewhere, e.g. jwt-core's messages). */
export const MAX_LINE_CHARS = 1000;

/** Longest line of normal output: room for a long access token or assertion, which are printed whole. */
export const MAX_OUTPUT_LINE_CHARS = 16 * 1024;

/** Most lines of one message; more means something echoed a multi-line blob. */
export const MAX_LINES = 200;

/** Longest string value kept in an error's `--json` data (control characters there are JSON-escaped, so kept). */
export const MAX_DATA_CHARS = 1000;

/** What starts each line of quoted server or user text. */
export const QUOTE_PREFIX = '    │ ';

// CSI: ESC [ (or U+009B), parameter bytes, intermediate bytes, a final byte (missing when the text ends).
// OSC, DCS, SOS, PM, APC: their introducer (7- or 8-bit), then anything up to BEL, ESC \ or U+009C (ST); an
// unterminated one stops at the next ESC (itself a sequence) or the end.
// Any other ESC sequence: ESC, intermediate bytes (ESC ( B), then one final byte (ESC 7, ESC c).
const ESCAPE_SEQUENCE =
  // eslint-disable-next-line no-control-regex
  /(?:\u001b\[|\u009b)[\u0030-\u003f]*[\u0020-\u002f]*[\u0040-\u007e]?|(?:\u001b[\]PX^_]|[\u009d\u0090\u0098\u009e\u009f])[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|\u001b[\u0020-\u002f]*[\u0030-\u007e]?/g;

// C0 except TAB/LF/CR (handled by the line-break rule), DEL and C1.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

// The bidi controls that reorder what is shown: embeddings, overrides, isolates, marks.
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `\u202e` for U+202E: a bidi control made visible instead of obeyed. */
function bidiEscape(ch: string): string {
  return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** Steps 1–3 of the rule, and every line break (CR LF, CR, U+2028, U+2029) made one LF. */
function cleanText(text: string): string {
  return withoutMarks(text)
    .replace(ESCAPE_SEQUENCE, '')
    .replace(CONTROL, '')
    .replace(BIDI, bidiEscape)
    .replace(/\r\n?|[\u2028\u2029]/g, '\n');
}

/**
 * A text with escape sequences and control characters removed. In a block LF and TAB stay (oclif indents with a
 * TAB); in a one-line field LF and TAB become spaces.
 */
function stripControls(text: string, lineBreaks: 'keep' | 'space'): string {
  const clean = cleanText(text);
  return lineBreaks === 'keep' ? clean : clean.replace(/[\n\t]/g, ' ');
}

/**
 * Our text with its marked spans rendered: a one-line span in place, a multi-line one as an indented quote on lines
 * of its own (its trailing empty lines dropped). An unclosed span runs to the end (a window may have cut it).
 */
function renderQuotes(text: string): string {
  let out = '';
  for (let at = 0; at < text.length;) {
    const open = text.indexOf(QUOTE_OPEN, at);
    if (open === -1) {
      out += cleanText(text.slice(at));
      break;
    }
    out += cleanText(text.slice(at, open));
    const close = text.indexOf(QUOTE_CLOSE, open + 1);
    const quoted = cleanText(text.slice(open + 1, close === -1 ? text.length : close)).replace(/\n+$/, '');
    at = close === -1 ? text.length : close + 1;
    if (!quoted.includes('\n')) {
      out += quoted;
      continue;
    }
    const block = quoted
      .split('\n')
      .map((line) => `${QUOTE_PREFIX}${line}`)
      .join('\n');
    out += `${out === '' || out.endsWith('\n') ? '' : '\n'}${block}${text.startsWith('\n', at) || at >= text.length ? '' : '\n'}`;
  }
  return out;
}

/** `line` cut to `max` characters with its length said, or `line` when short enough. */
function capped(line: string, max: number): string {
  return line.length <= max ? line : `${line.slice(0, max)}… (${line.length} characters)`;
}

/**
 * One value shown inside a line: no escapes or controls, no line breaks, at most `max` characters (then the first
 * `max` and the full length).
 *
 * @param value - Server- or user-supplied text.
 */
export function displayField(value: string, max: number = MAX_FIELD_CHARS): string {
  // Scanning a window of the text bounds the work; a few times the cap leaves room for removed escape sequences.
  const window = value.length > max * 8 ? value.slice(0, max * 8) : value;
  const clean = stripControls(window, 'space');
  return clean.length > max || window !== value ? `${clean.slice(0, max)}… (${value.length} characters)` : clean;
}

/**
 * A whole message or output line: escapes and controls removed, LF kept (CR dropped so nothing overwrites a line),
 * each line at most `maxLine` characters, at most {@link MAX_LINES} lines.
 *
 * @param text - Text about to be printed.
 */
export function displayBlock(text: string, maxLine: number = MAX_LINE_CHARS): string {
  const budget = maxLine * MAX_LINES;
  const window = text.length > budget ? text.slice(0, budget) : text;
  const lines = renderQuotes(window).split('\n');
  const shown = lines.slice(0, MAX_LINES).map((line) => capped(line, maxLine));
  if (lines.length > MAX_LINES || window !== text) shown.push(`… (${text.length} characters in all)`);
  return shown.join('\n');
}

/**
 * One table cell: a one-line field of at most {@link MAX_CELL_CHARS} (the table wraps it).
 *
 * @param value - A cell's text (server or user text, or ours).
 */
export function displayCell(value: string): string {
  return displayField(value, MAX_CELL_CHARS);
}

/**
 * Error data for `--json`: the same values, with every string longer than {@link MAX_DATA_CHARS} cut (and its length
 * said). JSON escaping already neutralises control characters, so they stay as data.
 *
 * @param value - JSON-safe data.
 */
export function capData(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') {
    const text = withoutMarks(value);
    return text.length > MAX_DATA_CHARS ? `${text.slice(0, MAX_DATA_CHARS)}… (${text.length} characters)` : text;
  }
  if (depth > 20 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => capData(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, capData(v, depth + 1)]));
}
