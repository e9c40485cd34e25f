import { TransportError } from '../errors.js';
import { parseTokenResponse } from './token-response.js';
import type { ParsedToken } from './types.js';

/** What one HTTP response means for the exchange loop. */
export type Classified =
  | { readonly kind: 'token'; readonly parsed: ParsedToken }
  /** An OAuth (or Salesforce REST-shaped) error body on a non-5xx status: final, never retried. */
  | { readonly kind: 'rejected'; readonly error: string; readonly errorDescription?: string }
  /** Worth another try: 5xx, 408, or a page that is not JSON (proxies and maintenance pages). */
  | {
      readonly kind: 'retryable';
      readonly outcome: 'server-error' | 'invalid-response';
      readonly problem: string;
      readonly error?: string;
      readonly errorDescription?: string;
    }
  /** Final and not an OAuth answer: a redirect, a 4xx page, a 2xx with missing fields. */
  | { readonly kind: 'fatal'; readonly failure: TransportError };

function parseJson(text: string): unknown {
  const start = text.trimStart()[0];
  if (start !== '{' && start !== '[') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** `{error, error_description}` (RFC 6749 §5.2) or Salesforce's REST shape `[{errorCode, message}]`. */
function oauthError(json: unknown): { error: string; errorDescription?: string } | undefined {
  const first: unknown = Array.isArray(json) ? json[0] : json;
  if (typeof first !== 'object' || first === null) return undefined;
  const o = first as Record<string, unknown>;
  const error = o['error'] ?? o['errorCode'];
  const description = o['error_description'] ?? o['message'];
  if (typeof error !== 'string' || error === '') return undefined;
  return typeof description === 'string' ? { error, errorDescription: description } : { error };
}

function describePage(status: number, contentType: string | null, text: string): string {
  const kind =
    /html/i.test(contentType ?? '') || /^\s*</.test(text)
      ? 'an HTML page'
      : text.trim() === ''
        ? 'an empty body'
        : 'a body that is not JSON';
  return `HTTP ${status} with ${kind}`;
}

/**
 * Classifies one token-endpoint response. Pure: the loop in {@link exchangeAssertion} decides what to do.
 * Salesforce's token endpoint answers failures as HTTP 400 JSON; proxies may answer with HTML, which is a transport problem.
 */
export function classifyResponse(
  status: number,
  headers: { get(name: string): string | null },
  text: string,
  tokenHost: string,
): Classified {
  const json = parseJson(text);
  const contentType = headers.get('content-type');
  if (status >= 500 || status === 408) {
    const err = json === undefined ? undefined : oauthError(json);
    return {
      kind: 'retryable',
      outcome: 'server-error',
      problem: json === undefined ? describePage(status, contentType, text) : `HTTP ${status}`,
      ...(err ?? {}),
    };
  }
  if (status >= 300 && status < 400) {
    const location = headers.get('location') ?? '(no Location header)';
    return {
      kind: 'fatal',
      failure: new TransportError(
        'ERR_TOKEN_RESPONSE_INVALID',
        `The token endpoint at ${tokenHost} redirected (HTTP ${status}) to ${location}.`,
        {
          fix: 'Use the final host as the login URL (with https://); token requests are never redirected by Salesforce.',
          details: { tokenHost, status, location },
        },
      ),
    };
  }
  if (json === undefined) {
    if (status >= 200 && status < 300) {
      return { kind: 'retryable', outcome: 'invalid-response', problem: describePage(status, contentType, text) };
    }
    if (status === 407) {
      return {
        kind: 'fatal',
        failure: new TransportError(
          'ERR_PROXY_INVALID',
          `The proxy in front of ${tokenHost} requires authentication (HTTP 407).`,
          {
            fix: 'Give the proxy URL its credentials (http://user:password@proxy:port, percent-encoded) in the proxy-aware fetch, or exempt the host from the proxy.',
            hint: { kind: 'proxy-auth-required' },
            details: { tokenHost, status },
          },
        ),
      };
    }
    return {
      kind: 'fatal',
      failure: new TransportError(
        'ERR_TOKEN_RESPONSE_INVALID',
        `The token endpoint at ${tokenHost} answered ${describePage(status, contentType, text)}, not Salesforce's OAuth JSON.`,
        {
          fix: 'Check the login URL: it must be a Salesforce login, My Domain or site URL; a proxy or another service answered instead.',
          details: { tokenHost, status },
        },
      ),
    };
  }
  if (status >= 200 && status < 300) {
    try {
      return { kind: 'token', parsed: parseTokenResponse(json, tokenHost) };
    } catch (failure) {
      // parseTokenResponse throws only TransportError; anything else is a bug and must surface as such.
      if (failure instanceof TransportError) return { kind: 'fatal', failure };
      throw failure;
    }
  }
  const err = oauthError(json);
  if (err !== undefined) return { kind: 'rejected', ...err };
  return {
    kind: 'fatal',
    failure: new TransportError(
      'ERR_TOKEN_RESPONSE_INVALID',
      `The token endpoint at ${tokenHost} answered HTTP ${status} with JSON that is not an OAuth error.`,
      {
        fix: 'Check the login URL: it must be a Salesforce login, My Domain or site URL.',
        details: { tokenHost, status },
      },
    ),
  };
}
