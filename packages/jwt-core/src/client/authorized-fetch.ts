import { isLoopbackHost } from '../audience/url.js';
import { UrlError } from '../errors.js';

/**
 * The `fetch` a token client uses for the token POST and its own API requests. The global `fetch` fits, and so does
 * undici's with a proxy dispatcher.
 *
 * @example
 * ```ts
 * import { fetch as undiciFetch, ProxyAgent } from 'undici'
 * const dispatcher = new ProxyAgent('http://proxy.internal:3128')
 * const viaProxy: ClientFetch = (url, init) => undiciFetch(url, { ...init, dispatcher } as never) as unknown as Promise<Response>
 * ```
 */
export type ClientFetch = (url: string, init: RequestInit) => Promise<Response>;

/** Largest 401 body read to look for `INVALID_SESSION_ID` (Salesforce's is under 100 bytes). */
const MAX_401_BYTES = 16 * 1024;

/**
 * The absolute URL of an API request: a path (`/services/data/…`) is resolved against the token's instance URL.
 * Plain http is refused (loopback excepted): the request would carry the access token in clear.
 */
export function apiUrl(input: string | URL, instanceUrl: string): URL {
  const url = new URL(input, `${instanceUrl}/`);
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname))) return url;
  throw new UrlError(
    'ERR_URL_NOT_HTTPS',
    `The token client does not send an access token to ${url.protocol}//${url.host}: only https (or loopback http) URLs.`,
    {
      fix: 'Call the API over https (the instance URL of the token is always https for Salesforce).',
      details: { protocol: url.protocol },
    },
  );
}

/**
 * Whether a request body can be sent a second time: absent, text, bytes, `URLSearchParams`, `Blob`, `FormData`.
 * A stream is consumed by the first send, so a request with one is never retried.
 */
export function isReplayableBody(body: RequestInit['body']): boolean {
  return !(typeof body === 'object' && body !== null && 'getReader' in body);
}

/** Salesforce's answer to an expired or revoked session: 401 with `errorCode` `INVALID_SESSION_ID`. */
export async function isInvalidSession(response: Response): Promise<boolean> {
  if (response.status !== 401) return false;
  const reader: ReadableStreamDefaultReader<Uint8Array> | undefined = response.clone().body?.getReader();
  if (reader === undefined) return false;
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  try {
    while (bytes <= MAX_401_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      bytes += value.byteLength;
    }
  } catch {
    return false;
  } finally {
    reader.cancel().catch(() => {});
  }
  return new TextDecoder().decode(Buffer.concat(chunks)).includes('INVALID_SESSION_ID');
}

/** `init` with `Authorization: Bearer <accessToken>` (replacing any the caller set). */
export function withBearer(init: RequestInit | undefined, accessToken: string): RequestInit {
  const headers = new Headers(init?.headers);
  headers.set('authorization', `Bearer ${accessToken}`);
  return { ...init, headers };
}
