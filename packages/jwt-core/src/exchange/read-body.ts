import type { ExchangeResponse } from './types.js';

/** Largest token-endpoint answer read: Salesforce's token JSON is under 2 KiB, its error JSON smaller still. */
export const MAX_TOKEN_RESPONSE_BYTES = 64 * 1024;

/** A body read to the end, or the fact that it passed the cap (the rest is never downloaded). */
export type BodyRead =
  { readonly kind: 'text'; readonly text: string } | { readonly kind: 'too-large'; readonly bytes: number };

/**
 * Rejects with an `AbortError` once the signal aborts, so a read that ignores the signal still ends. (Callers look
 * at the signal, not at this error, to learn why.)
 */
function whenAborted(signal: AbortSignal): { readonly promise: Promise<never>; dispose(): void } {
  let dispose = (): void => {};
  const promise = new Promise<never>((_, reject) => {
    const onAbort = (): void => reject(new DOMException('The operation was aborted', 'AbortError'));
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    dispose = () => signal.removeEventListener('abort', onAbort);
  });
  promise.catch(() => {});
  return { promise, dispose };
}

/** Awaits `work` unless `signal` aborts first (then rejects with an `AbortError`). */
export async function unlessAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  const aborted = whenAborted(signal);
  try {
    return await Promise.race([work, aborted.promise]);
  } finally {
    aborted.dispose();
  }
}

/**
 * Reads a response body as UTF-8 text, at most `maxBytes` of it. A `Content-Length` above the cap is refused before
 * reading; a streamed body is cancelled as soon as it passes the cap. Either way nothing beyond the cap is buffered,
 * and the caller can tell "too large" (final) from a network failure (retryable).
 *
 * @throws an `AbortError` (or the signal's reason) when `signal` aborts during the read
 */
export async function readCappedText(
  response: ExchangeResponse,
  maxBytes: number,
  signal: AbortSignal,
): Promise<BodyRead> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  const body = response.body;
  if (Number.isFinite(declared) && declared > maxBytes) {
    body
      ?.getReader()
      .cancel()
      .catch(() => {});
    return { kind: 'too-large', bytes: declared };
  }
  if (body === undefined) {
    // A fetch without streams: the whole text arrives at once, so the cap can only be checked afterwards.
    const text = await unlessAborted(response.text(), signal);
    const bytes = Buffer.byteLength(text, 'utf8');
    return bytes > maxBytes ? { kind: 'too-large', bytes } : { kind: 'text', text };
  }
  if (body === null) return { kind: 'text', text: '' };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await unlessAborted(reader.read(), signal);
      signal.throwIfAborted();
      if (done) break;
      if (value === undefined) continue;
      bytes += value.byteLength;
      if (bytes > maxBytes) return { kind: 'too-large', bytes };
      chunks.push(value);
    }
  } finally {
    // Ends the download (and frees the connection) whether we stopped at the cap, on abort, or at the end.
    reader.cancel().catch(() => {});
  }
  return { kind: 'text', text: new TextDecoder().decode(Buffer.concat(chunks)) };
}
