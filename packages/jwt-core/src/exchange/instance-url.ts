import { isLoopbackHost } from '../audience/url.js';

/** Longest instance URL accepted: Salesforce's are well under 100 characters. */
const MAX_INSTANCE_URL_CHARS = 2048;

/**
 * Why `value` is not an instance origin (`https://host[:port]`, an optional trailing `/`), or `undefined` when it is.
 * Every later API request carries the access token to this origin, so credentials, a path, a query or a fragment
 * (which could smuggle another host past a naive check) are refused, as are whitespace and control characters.
 * The scheme is checked here too: https, or http for a loopback host (a local emulator).
 */
export function instanceOriginProblem(value: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (value.length > MAX_INSTANCE_URL_CHARS || /[\s\u0000-\u001f\u007f-\u009f\\]/.test(value)) {
    return 'is too long or holds spaces or control characters';
  }
  if (!/^https?:\/\/[^/]/i.test(value) || !URL.canParse(value)) return 'is not an http(s) URL';
  const url = new URL(value);
  if (url.protocol !== 'https:' && !isLoopbackHost(url.hostname)) return 'is not https';
  if (url.username !== '' || url.password !== '' || value.includes('@')) return 'holds credentials';
  if (value.includes('?') || value.includes('#')) return 'holds a query or a fragment';
  if (url.pathname !== '/') return 'holds a path';
  return undefined;
}

/**
 * True for an access token that can travel in an `Authorization` header as it is: printable ASCII, no space, no
 * CR/LF or other control character (a token with a line break could forge headers or lines of output).
 */
export function isPrintableAccessToken(value: string): boolean {
  return value.length > 0 && value.length <= 16 * 1024 && /^[\x21-\x7e]+$/.test(value);
}
