import { Buffer } from 'node:buffer';
import { formatPemBlock, isBase64, parsePem } from '../internal/pem.js';

/**
 * Repairs the ways PEM text gets mangled on its way through CI secrets, `.env` files, JSON and copy-paste
 *, so that `loadPrivateKey` and `describeCertificate` see a canonical PEM:
 *
 * - strips a UTF-8 byte-order mark, turns CRLF (and lone CR) into LF, trims surrounding whitespace;
 * - removes one pair of surrounding quotes around a PEM (`"-----BEGIN …-----"`, as `.env` files and JSON keep them);
 * - unescapes literal `\n` (and `\r\n`) sequences when the text has no real newline (CI secrets, JSON);
 * - decodes a PEM that was base64-encoded as a whole (platforms that only take one-line secrets ask for this);
 * - rewraps every complete block at 64 characters, so a PEM whose newlines were stripped or turned into spaces loads
 *   again; RFC 1421 headers (`Proc-Type`, `DEK-Info`) of legacy encrypted keys are kept.
 *
 * Text outside the blocks (such as OpenSSL's "Bag Attributes") is dropped. Text with a block whose body is not
 * base64, or with a `BEGIN` line that lacks its `END` line, is only cleaned up (BOM, newlines, quotes), not rewrapped,
 * so the loader can say what is wrong. The function never
 * throws, and is idempotent.
 *
 * @param text - PEM text, possibly mangled.
 * @returns The repaired text: canonical PEM blocks separated by newlines, or the cleaned-up input when it holds no
 *   complete block.
 *
 * @example
 * ```ts
 * const pem = normalizePem(process.env.SFJWT_KEY ?? '') // "-----BEGIN …-----\\nMIIE…" → real newlines
 * const key = loadPrivateKey(pem)
 * ```
 */
export function normalizePem(text: string): string {
  return repair(text, true);
}

function repair(input: string, mayDecodeBase64: boolean): string {
  let text = input
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .trim();
  text = unquote(text);
  if (!text.includes('\n') && /(\\r)?\\n/.test(text)) text = text.replace(/(\\r)?\\n/g, '\n').trim();

  if (!text.includes('-----BEGIN') && mayDecodeBase64) {
    const decoded = decodeWrappedPem(text);
    if (decoded !== undefined) return repair(decoded, false);
  }

  const { blocks, unterminated } = parsePem(text);
  // Leave damaged text as it is: rewrapping garbage would hide what is wrong with it.
  if (blocks.length === 0 || unterminated !== undefined || !blocks.every((b) => isBase64(b.body))) return text;
  return blocks.map(formatPemBlock).join('');
}

/** Strips one pair of matching quotes around a PEM, or around a PEM base64-encoded as a whole (a quoted .env value). */
function unquote(text: string): string {
  const quote = text[0];
  if ((quote === '"' || quote === "'") && text.length > 1 && text.endsWith(quote)) {
    const inner = text.slice(1, -1).trim();
    if (inner.startsWith('-----BEGIN') || decodeWrappedPem(inner) !== undefined) return inner;
  }
  return text;
}

/** Decodes text that is a base64 encoding of a whole PEM; `undefined` if it is not. */
function decodeWrappedPem(text: string): string | undefined {
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return undefined;
  const decoded = Buffer.from(compact, 'base64').toString('utf8');
  return decoded
    .replace(/^\uFEFF/, '')
    .trimStart()
    .startsWith('-----BEGIN')
    ? decoded
    : undefined;
}
