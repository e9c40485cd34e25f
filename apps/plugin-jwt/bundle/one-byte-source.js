// Keeps every bundle's source one byte per character in V8 (see bundle.mjs).
//
// V8 stores a script's source as a one-byte (Latin-1) string unless one character is above U+00FF; then the whole
// source is two bytes per character. esbuild escapes such characters in code (ASCII output) but keeps the comments
// it preserves as written, and ours use dashes and arrows: one `—` in a comment doubled the 230 KB chunk every command
// loads (the memory for its text, and the decoding at each start). Here those characters become `\uXXXX`, which reads
// the same in a comment. Anywhere else (which esbuild should never produce) the build fails rather than guess.
const WIDE = /[\u0100-\u{10ffff}]/u;
const COMMENT_LINE = /^\s*(\/\/|\/\*|\*)/;

/** `—` → `\u2014`; a character beyond U+FFFF becomes its two UTF-16 escapes. */
const escape = (char) =>
  char
    .split('')
    .map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .join('');

/** The source with each character above U+00FF in a comment line escaped; throws if one is elsewhere. */
export function oneByteSource(source, path) {
  if (!WIDE.test(source)) return source;
  return source
    .split('\n')
    .map((line, index) => {
      if (!WIDE.test(line)) return line;
      if (!COMMENT_LINE.test(line)) {
        throw new Error(`one-byte-source: ${path}:${index + 1} has a character above U+00FF outside a comment.`);
      }
      return line.replace(/[\u0100-\u{10ffff}]/gu, escape);
    })
    .join('\n');
}
