/**
 * Text from a server (error, error_description, instance_url, ids) or from a user (flag values echoed in errors) is
 * data, never terminal control. Before anything is printed — human output and error messages alike — it goes
 * through here: escape sequences (ANSI CSI, OSC such as "set window title", other ESC sequences) are removed, other
 * control characters (C0, DEL, C1, bidi overrides) are removed, a CR or LF that would forge a line of its own becomes
 * a space in a one-line field, and a long text shows its beginning and says how long it was.
 *
 * Work is bounded by the cap, not by the input: only a window of a long text is ever scanned.
 */

/** Longest server- or user-supplied value shown inside a sentence (characters). */
export const MAX_FIELD_CHARS = 300;

/** Longest line of a whole message (the backstop for texts composed elsewhere, e.g. jwt-core's messages). */
export const MAX_LINE_CHARS = 1000;

/** Longest line of normal output: room for a long access token or assertion, which are printed whole. */
export const MAX_OUTPUT_LINE_CHARS = 16 * 1024;

/** Most lines of one message; more means something echoed a multi-line blob. */
export const MAX_LINES = 200;

/** Longest string value kept in an error's `--json` data (control characters there are JSON-escaped, so kept). */
export const MAX_DATA_CHARS = 1000;

// ESC [ params final (CSI), ESC ] … BEL or ESC \ (OSC; an unterminated one runs to the end), ESC P/X/^/_ … ESC \
// (DCS, SOS, PM, APC), then any other two-character ESC sequence. The 8-bit forms (CSI = U+009B, OSC = U+009D) too.
const ESCAPE_SEQUENCE =
  // eslint-disable-next-line no-control-regex
  /(?:\u001b\[|\u009b)[\u0030-\u003f]*[\u0020-\u002f]*[\u0040-\u007e]?|(?:\u001b[\]PX^_]|[\u009d\u0090\u0098\u009e\u009f])[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|\u001b[\u0020-\u007e]?/g;

// C0 except TAB/LF/CR (handled by the caller's rule), DEL, C1, and the bidi controls that reorder what is shown.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * A text with escape sequences and control characters removed. In a block LF and TAB stay (oclif indents with a
 * TAB) and CR becomes LF; in a one-line field CR, LF and TAB become spaces.
 */
function stripControls(text: string, lineBreaks: 'keep' | 'space'): string {
  const stripped = text.replace(ESCAPE_SEQUENCE, '').replace(CONTROL, '');
  return lineBreaks === 'keep' ? stripped.replace(/\r\n?/g, '\n') : stripped.replace(/\r\n|[\r\n\t]/g, ' ');
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
  const lines = stripControls(window, 'keep').split('\n');
  const shown = lines.slice(0, MAX_LINES).map((line) => capped(line, maxLine));
  if (lines.length > MAX_LINES || window !== text) shown.push(`… (${text.length} characters in all)`);
  return shown.join('\n');
}

/**
 * Error data for `--json`: the same values, with every string longer than {@link MAX_DATA_CHARS} cut (and its length
 * said). JSON escaping already neutralises control characters, so they stay as data.
 *
 * @param value - JSON-safe data.
 */
export function capData(value: unknown, depth = 0): unknown {
  if (typeof value === 'string')
    return value.length > MAX_DATA_CHARS ? `${value.slice(0, MAX_DATA_CHARS)}… (${value.length} characters)` : value;
  if (depth > 20 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => capData(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, capData(v, depth + 1)]));
}
