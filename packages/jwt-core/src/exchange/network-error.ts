/** A network failure in words, without the `TypeError('fetch failed')` wrapper Node's fetch puts around it. */
export interface NetworkProblem {
  /** System or undici code, e.g. `ECONNREFUSED`, `ENOTFOUND`, `UNABLE_TO_GET_ISSUER_CERT_LOCALLY`. */
  readonly code?: string;
  readonly description: string;
  /** A TLS trust problem: typical behind TLS-intercepting proxies. */
  readonly tls: boolean;
  /** The HTTP status a proxy answered a CONNECT with (undici: "Proxy response (407) !== 200 …"). */
  readonly proxyStatus?: number;
}

const WORDS: Readonly<Record<string, string>> = {
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'DNS lookup failed (temporary)',
  ECONNREFUSED: 'the connection was refused',
  ECONNRESET: 'the connection was reset',
  EPIPE: 'the connection was closed while sending',
  ETIMEDOUT: 'connecting timed out',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  UND_ERR_SOCKET: 'the connection closed unexpectedly',
  UND_ERR_CONNECT_TIMEOUT: 'connecting timed out',
  UND_ERR_HEADERS_TIMEOUT: 'no response headers arrived in time',
  UND_ERR_BODY_TIMEOUT: 'the response body stalled',
};

function codeOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const code = (value as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

function messageOf(value: unknown): string | undefined {
  return value instanceof Error && value.message !== '' ? value.message : undefined;
}

/** Walks `cause` (Node's fetch: TypeError → Error with `code`, or AggregateError for several addresses). */
export function describeNetworkError(error: unknown): NetworkProblem {
  const proxy = proxyRefusal(error);
  if (proxy !== undefined) return proxy;
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== undefined; depth++) {
    const code = codeOf(current);
    if (code !== undefined && code !== 'ERR_INVALID_ARG_TYPE') {
      const tls = /CERT|SELF_SIGNED|TLS|SSL/i.test(code);
      const words = WORDS[code] ?? (tls ? 'the server certificate is not trusted' : (messageOf(current) ?? code));
      return { code, description: `${words} (${code})`, tls };
    }
    const next = typeof current === 'object' && current !== null ? (current as { cause?: unknown }).cause : undefined;
    if (next === undefined) break;
    current = next;
  }
  return { description: messageOf(current) ?? messageOf(error) ?? 'the request failed', tls: false };
}

/** undici reports a refused CONNECT only in its message; find it anywhere in the cause chain. */
function proxyRefusal(error: unknown): NetworkProblem | undefined {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const match = /Proxy response \((\d{3})\)/.exec(e.message);
    if (match !== null) {
      const status = Number(match[1]);
      const words = status === 407 ? 'the proxy requires authentication' : `the proxy refused the tunnel`;
      return { description: `${words} (HTTP ${status} to CONNECT)`, tls: false, proxyStatus: status };
    }
  }
  return undefined;
}
