import { UrlError } from '../errors.js';
import { previewText } from '../text/preview.js';

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
 * What {@link TokenClient.fetch} does with a URL of another origin than the token's instance URL: `'refuse'` (the
 * default) throws `ERR_URL_OTHER_ORIGIN` before any request; `'send-without-credentials'` sends it as a plain
 * `fetch`, with no bearer token.
 *
 * @example
 * ```ts
 * const otherOrigin: OtherOriginPolicy = 'send-without-credentials'
 * await client.fetch('https://status.example.com/ping', { otherOrigin })
 * ```
 */
export type OtherOriginPolicy = 'refuse' | 'send-without-credentials';

/**
 * `RequestInit` for {@link TokenClient.fetch}, with the policy for URLs of another origin.
 *
 * @example
 * ```ts
 * const init: TokenClientRequestInit = { method: 'GET', otherOrigin: 'refuse' }
 * ```
 */
export interface TokenClientRequestInit extends RequestInit {
  /** Default `'refuse'`: the bearer token goes only to the token's instance origin. */
  readonly otherOrigin?: OtherOriginPolicy | undefined;
}

/** Where a request goes, and whether it may carry the bearer token. */
export interface RequestTarget {
  readonly url: URL;
  readonly withCredentials: boolean;
}

/**
 * The absolute URL of an API request and whether it may carry the token: a path (`/services/data/…`, or a
 * `nextRecordsUrl` from an answer) is resolved against the token's instance URL, and only a URL of exactly that
 * origin (scheme, host and port) gets the bearer token. Anything that lands elsewhere — an absolute URL, a
 * scheme-relative `//host`, backslashed `\\host` or `/\host` (browsers' and WHATWG URL's slashes), a look-alike host
 * — is refused unless the caller opted in to send it without credentials.
 */
export function requestTarget(
  input: string | URL,
  instanceUrl: string,
  policy: OtherOriginPolicy = 'refuse',
): RequestTarget {
  const home = new URL(instanceUrl).origin;
  let url: URL;
  try {
    url = new URL(input, `${home}/`);
  } catch (cause) {
    throw new UrlError(
      'ERR_URL_INVALID',
      `The token client cannot parse the request URL ${previewText(JSON.stringify(String(input)))}.`,
      {
        fix: 'Pass a path such as /services/data/v62.0/limits, or an https URL of the instance.',
        cause,
      },
    );
  }
  if (url.origin === home && url.username === '' && url.password === '') return { url, withCredentials: true };
  if (policy === 'send-without-credentials') return { url, withCredentials: false };
  throw new UrlError(
    'ERR_URL_OTHER_ORIGIN',
    `The token client sends its access token only to the instance ${home}, not to ${previewText(JSON.stringify(url.origin))}${url.username === '' && url.password === '' ? '' : ' (a URL with credentials)'}; nothing was sent.`,
    {
      fix: "Pass a path (resolved against the token's instance URL), or, for another service, `otherOrigin: 'send-without-credentials'` or a plain fetch.",
      details: { instanceOrigin: home, requestOrigin: url.origin },
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

/** `init` without the token client's own options: what `fetch` gets. */
export function plainInit(init: TokenClientRequestInit | undefined): RequestInit {
  const { otherOrigin: _policy, ...rest } = init ?? {};
  return rest;
}

/** `init` with `Authorization: Bearer <accessToken>` (replacing any the caller set). */
export function withBearer(init: TokenClientRequestInit | undefined, accessToken: string): RequestInit {
  const headers = new Headers(init?.headers);
  headers.set('authorization', `Bearer ${accessToken}`);
  return { ...plainInit(init), headers };
}
