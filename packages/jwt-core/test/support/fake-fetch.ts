// A scripted fetch for exchange tests: each call takes the next step, and every request is recorded.
import type { ExchangeRequestInit, ExchangeResponse, FetchLike } from '../../src/exchange/types.js';

export type Step =
  | { readonly status: number; readonly body?: unknown; readonly headers?: Record<string, string> }
  | { readonly throws: Error }
  /** Never answers until the request is aborted. */
  | { readonly hang: 'headers' | 'body'; readonly status?: number };

export interface RecordedRequest {
  readonly url: string;
  readonly init: ExchangeRequestInit;
}

export const SERVER_DATE = 'Tue, 04 Aug 2026 10:00:00 GMT';
export const SERVER_DATE_MS = Date.parse(SERVER_DATE);

function abortError(): Error {
  return new DOMException('This operation was aborted', 'AbortError');
}

function waitForAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => signal.addEventListener('abort', () => reject(abortError()), { once: true }));
}

function response(status: number, text: string, headers: Record<string, string>): ExchangeResponse {
  const lower = new Map(Object.entries({ date: SERVER_DATE, ...headers }).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    status,
    headers: { get: (name) => lower.get(name.toLowerCase()) ?? null },
    text: () => Promise.resolve(text),
  };
}

/** A fetch that plays `steps` in order (the last one repeats). */
export function scriptedFetch(steps: readonly Step[]): FetchLike & { requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  const fetch = (url: string, init: ExchangeRequestInit): Promise<ExchangeResponse> => {
    const step = steps[Math.min(requests.length, steps.length - 1)]!;
    requests.push({ url, init });
    if ('throws' in step) return Promise.reject(step.throws);
    if ('hang' in step) {
      if (step.hang === 'headers') return waitForAbort(init.signal);
      return Promise.resolve({
        status: step.status ?? 200,
        headers: { get: () => null },
        text: () => waitForAbort(init.signal),
      });
    }
    const text = typeof step.body === 'string' ? step.body : step.body === undefined ? '' : JSON.stringify(step.body);
    const type = typeof step.body === 'string' ? {} : { 'content-type': 'application/json;charset=UTF-8' };
    return Promise.resolve(response(step.status, text, { ...type, ...step.headers }));
  };
  return Object.assign(fetch, { requests });
}

/** Node's fetch failing to connect: TypeError('fetch failed') caused by a system error with a code. */
export function fetchFailed(code: string): TypeError {
  const cause = Object.assign(new Error(`connect ${code} 127.0.0.1:9`), { code });
  return new TypeError('fetch failed', { cause });
}

/** Successive values from a list, for injected clocks and random sources. */
export function sequence(values: readonly number[]): () => number {
  let i = 0;
  return () => values[Math.min(i++, values.length - 1)]!;
}

export const TOKEN_BODY = {
  access_token: '00D5g000004ABCD!AQ4AQFakeAccessTokenValue',
  instance_url: 'https://acme.my.salesforce.com/',
  id: 'https://login.salesforce.com/id/00D5g000004ABCDEAA/0055g00000AbCdEAAQ',
  token_type: 'Bearer',
  scope: 'api web',
  issued_at: '1785837600000',
  signature: 'c2lnbmF0dXJl',
};

/** A well-formed compact JWS (the signature is irrelevant to the exchange). */
export const ASSERTION =
  'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiIzTVZHOSIsInN1YiI6InVAeC5jb20ifQ.c2lnbmF0dXJlLWJ5dGVz';

/** A response whose body is a stream: `pull` gives each chunk (`undefined` ends it). Records reads and cancels. */
export function streamedResponse(
  status: number,
  headers: Record<string, string>,
  pull: (read: number) => Uint8Array | undefined,
): ExchangeResponse & { reads: number; cancelled: boolean } {
  const lower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const state = {
    status,
    reads: 0,
    cancelled: false,
    headers: { get: (name: string) => lower.get(name.toLowerCase()) ?? null },
    text: () => Promise.reject(new Error('the exchange must read the stream, not text()')),
    body: {
      getReader: () => ({
        read: () => {
          const chunk = state.cancelled ? undefined : pull(state.reads++);
          return Promise.resolve(chunk === undefined ? { done: true } : { done: false, value: chunk });
        },
        cancel: () => {
          state.cancelled = true;
          return Promise.resolve();
        },
      }),
    },
  };
  return state;
}
