// The errors an exchange ends in when no token came: aborted, over the deadline, too large, or the last transport
// failure after the retries. Messages name the host and the number of attempts, never the assertion.
import { TransportError, type ErrorHint, type TransportErrorCode } from '../errors.js';
import type { ExchangeAttempt } from './types.js';

export function abortedError(
  tokenHost: string,
  attempts: readonly ExchangeAttempt[],
  signal: AbortSignal,
): TransportError {
  const tries = attempts.length === 1 ? '1 attempt' : `${attempts.length} attempts`;
  return new TransportError(
    'ERR_ABORTED',
    `The token request to ${tokenHost} was aborted by the caller's signal (${tries}).`,
    {
      fix: 'Nothing to fix if the abort was intended; otherwise find out which code aborted the signal passed as `signal`.',
      details: { tokenHost },
      attempts,
      cause: signal.reason,
    },
  );
}

export function tooLarge(
  tokenHost: string,
  attempts: readonly ExchangeAttempt[],
  maxBytes: number,
  status: number,
): TransportError {
  return new TransportError(
    'ERR_RESPONSE_TOO_LARGE',
    `${tokenHost} answered the token request with more than ${maxBytes} bytes (HTTP ${status}); the rest was not read.`,
    {
      fix: "Salesforce's token answers are a few hundred bytes: check that the login URL reaches Salesforce and not another service or a misbehaving proxy.",
      details: { tokenHost, status, maxBytes },
      attempts,
    },
  );
}

export function deadlinePassed(
  tokenHost: string,
  attempts: readonly ExchangeAttempt[],
  deadlineMs: number,
): TransportError {
  return new TransportError(
    'ERR_NETWORK_TIMEOUT',
    `The overall deadline of ${deadlineMs} ms passed before ${tokenHost} could be asked for a token.`,
    {
      fix: 'Check the network or the proxy of the fetch; raise `deadlineMs` if the link is slow.',
      hint: { kind: 'network-timeout', limit: 'deadline' },
      details: { tokenHost, deadlineMs },
      attempts,
    },
  );
}

export function transportFailure(
  code: TransportErrorCode,
  tokenHost: string,
  attempts: readonly ExchangeAttempt[],
  last: { readonly problem: string; readonly code?: string; readonly tls?: boolean },
): TransportError {
  const tries = attempts.length === 1 ? '1 attempt' : `${attempts.length} attempts`;
  const messages: Partial<Record<TransportErrorCode, string>> = {
    ERR_NETWORK: `Could not reach ${tokenHost}: ${last.problem} (${tries}).`,
    ERR_NETWORK_TIMEOUT: `${tokenHost} did not answer the token request: ${last.problem} (${tries}).`,
    ERR_HTTP_SERVER_ERROR: `${tokenHost} failed with a server error: ${last.problem} (${tries}).`,
    ERR_TOKEN_RESPONSE_INVALID: `${tokenHost} did not answer with Salesforce's token JSON: ${last.problem} (${tries}).`,
  };
  const fixes: Partial<Record<TransportErrorCode, string>> = {
    ERR_NETWORK: last.tls
      ? 'A TLS-intercepting proxy is likely: make the fetch (or Node) trust its root certificate (PEM).'
      : 'Check the login URL and your network; behind a proxy pass a proxy-aware fetch (proxyForUrl picks the proxy).',
    ERR_NETWORK_TIMEOUT: 'Check the network or the proxy of the fetch; raise `timeoutMs` if the link is slow.',
    ERR_HTTP_SERVER_ERROR: 'Salesforce or a proxy is failing; retry later and check https://status.salesforce.com.',
    ERR_TOKEN_RESPONSE_INVALID:
      'Check that the login URL points at Salesforce, not at a proxy page or another service.',
  };
  const hints: Partial<Record<TransportErrorCode, ErrorHint>> = {
    ERR_NETWORK: { kind: 'network-unreachable', tls: last.tls === true },
    ERR_NETWORK_TIMEOUT: { kind: 'network-timeout', limit: 'attempt' },
  };
  return new TransportError(code, messages[code] ?? last.problem, {
    fix: fixes[code] ?? 'Check the login URL and your network.',
    hint: hints[code],
    details: { tokenHost, ...(last.code === undefined ? {} : { networkCode: last.code }) },
    attempts,
  });
}
