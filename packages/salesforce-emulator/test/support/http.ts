// A small HTTP client for tests: custom Host headers (to play login/test/My Domain), chunked or sized bodies.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';

export interface HttpResult {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Send the body with Transfer-Encoding: chunked (in two pieces) instead of Content-Length. */
  chunked?: boolean;
  /** Abort with `client timeout` when no response arrives within this many ms. */
  timeoutMs?: number;
}

export function request(url: string, options: RequestOptions = {}): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.body !== undefined && options.chunked !== true)
      headers['content-length'] = String(Buffer.byteLength(options.body));
    const req = httpRequest(
      url,
      { method: options.method ?? (options.body === undefined ? 'GET' : 'POST'), headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (options.timeoutMs !== undefined)
      req.setTimeout(options.timeoutMs, () => req.destroy(new Error('client timeout')));
    if (options.body !== undefined && options.chunked === true) {
      const middle = Math.floor(options.body.length / 2);
      req.write(options.body.slice(0, middle));
      req.write(options.body.slice(middle));
    } else if (options.body !== undefined) {
      req.write(options.body);
    }
    req.end();
  });
}

export const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
export const JWT_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** POSTs a JWT bearer token request, optionally "to" another login host via the Host header. */
export function postAssertion(
  url: string,
  assertion: string,
  options: { host?: string; extra?: Record<string, string>; chunked?: boolean } = {},
): Promise<HttpResult> {
  const body = new URLSearchParams({ grant_type: JWT_GRANT, assertion, ...options.extra }).toString();
  const headers: Record<string, string> = { ...FORM, ...(options.host === undefined ? {} : { host: options.host }) };
  return request(`${url}/services/oauth2/token`, {
    body,
    headers,
    ...(options.chunked === undefined ? {} : { chunked: options.chunked }),
  });
}

export function json<T = unknown>(result: HttpResult): T {
  return JSON.parse(result.body) as T;
}
