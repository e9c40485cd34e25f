/**
 * User-supplied text quoted in a message shows its control characters escaped (`\x1b`, `\u202e`) instead of dropping
 * them or letting them act: the reader sees exactly which character was wrong, and a terminal never obeys it.
 */

/** C0, DEL, C1, and the bidi controls that reorder what is shown. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

/**
 * `value` with each control character written as its escape: `\x1b` below U+0100, `\u202e` above
 * (`3MVG9<ESC>[2J` → `3MVG9\x1b[2J`).
 */
export function showControls(value: string): string {
  return value.replace(CONTROL, (ch) => {
    const code = ch.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
