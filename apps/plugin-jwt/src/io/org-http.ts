/**
 * One bounded HTTP request to an org with its access token: the body read with a byte cap (the rest is never
 * downloaded), no redirects (a 3xx would carry the token elsewhere), the caller's AbortController as the deadline,
 * and the token never sent over plain http (loopback excepted, for the emulator). Shared by the login's org lookups
 * (`org-info.ts`) and `app create`'s admin org (`admin-org.ts`).
 */
import { isLoopbackHost, readCappedText } from '@sfjwt/jwt-core';
import { pluginError } from '../errors/plugin-error.js';
import type { HttpFetch } from './http.js';

/** A body past the cap. The caller aborts its controller with it, so parallel requests stop too. */
export class OrgAnswerTooLarge extends Error {
  public constructor(
    public readonly path: string,
    public readonly bytes: number,
  ) {
    super('org answer too large');
    this.name = 'OrgAnswerTooLarge';
  }
}

/** An answer read whole: its status, content type and text. */
export interface OrgAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

/** What to send. */
export interface OrgRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly accessToken: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/**
 * Sends one request and reads its answer, at most `maxBytes` of it.
 *
 * @throws {@link OrgAnswerTooLarge} past the cap (after aborting `controller` with it); the fetch's own error (or the
 * signal's) on a network failure or once `controller` aborts.
 */
export async function orgRequest(
  fetch: HttpFetch,
  request: OrgRequest,
  maxBytes: number,
  controller: AbortController,
): Promise<OrgAnswer> {
  const { signal } = controller;
  const response = await fetch(request.url, {
    method: request.method,
    headers: { authorization: `Bearer ${request.accessToken}`, ...request.headers },
    ...(request.body === undefined ? {} : { body: request.body }),
    signal,
    redirect: 'manual',
  });
  const body = await readCappedText(response, maxBytes, signal);
  if (body.kind === 'too-large') {
    const failure = new OrgAnswerTooLarge(new URL(request.url).pathname, body.bytes);
    controller.abort(failure);
    throw failure;
  }
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text: body.text };
}

/**
 * Refuses to send an access token to a plain-http URL that is not loopback.
 *
 * @throws `ERR_INSECURE_INSTANCE_URL` (nothing sent).
 */
export function assertTokenMayGo(instanceUrl: string): void {
  const url = new URL(instanceUrl);
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname))) return;
  throw pluginError('InsecureInstanceUrl', [url.origin]);
}
