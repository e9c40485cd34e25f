/**
 * Turns string-or-bytes input into text, or says it is binary. Keys and certificates are read by the plugin as
 * bytes; a DER or PKCS#12 file must be named as such, not fed to a PEM parser that reports "no start line".
 */

/** The input as text, or `undefined` when it is binary (invalid UTF-8, NUL or other control bytes). */
export function inputAsText(input: string | Uint8Array): string | undefined {
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(input);
    } catch {
      return undefined;
    }
  }
  return hasBinaryCharacters(text) ? undefined : text;
}

/**
 * PEM never contains control characters other than tab, LF and CR. U+FFFD means the caller already decoded binary
 * bytes as UTF-8.
 */
function hasBinaryCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f || c === 0xfffd) return true;
  }
  return false;
}

/** True when the input holds nothing but whitespace (a BOM counts as whitespace). */
export function isBlank(input: string | Uint8Array): boolean {
  const text = typeof input === 'string' ? input : new TextDecoder().decode(input);
  return text.trim() === '';
}
