/**
 * The plugin's HTTP: the global fetch, or undici's fetch through a proxy when HTTPS_PROXY / HTTP_PROXY apply and
 * NO_PROXY does not exempt the host. jwt-core decides (proxyForUrl); this module reads the environment and connects.
 * undici is imported only when a proxy is in use, so the common path pays nothing for it.
 */
import {
  proxyForUrl,
  type ExchangeRequestInit,
  type ExchangeResponse,
  type FetchLike,
  type ProxySettings,
} from '@sfjwt/jwt-core';

/** Proxy settings from the environment; upper-case names win, as jsforce and undici read them. */
export function proxySettingsFromEnv(env: NodeJS.ProcessEnv): ProxySettings {
  return {
    httpsProxy: env.HTTPS_PROXY ?? env.https_proxy,
    httpProxy: env.HTTP_PROXY ?? env.http_proxy,
    noProxy: env.NO_PROXY ?? env.no_proxy,
  };
}

/** Request options beyond the exchange's own (GETs for org metadata). */
export interface HttpInit {
  readonly method: 'GET' | 'POST';
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly signal?: AbortSignal;
  readonly redirect?: 'manual' | 'follow';
}

/** A fetch for the plugin's requests. */
export type HttpFetch = (url: string, init: HttpInit) => Promise<ExchangeResponse>;

/**
 * A fetch that honours the proxy environment. Invalid proxy settings surface as jwt-core's `ERR_PROXY_INVALID`
 * at the first request.
 *
 * @param env - Usually `process.env`.
 */
export function fetchFromEnv(env: NodeJS.ProcessEnv): HttpFetch & FetchLike {
  const settings = proxySettingsFromEnv(env);
  const agents = new Map<string, unknown>();
  const fetch = async (url: string, init: HttpInit | ExchangeRequestInit): Promise<ExchangeResponse> => {
    const proxy = proxyForUrl(url, settings);
    if (proxy === undefined) return globalThis.fetch(url, init);
    const undici = await import('undici');
    let agent = agents.get(proxy) as InstanceType<typeof undici.ProxyAgent> | undefined;
    if (agent === undefined) {
      agent = new undici.ProxyAgent(proxy);
      agents.set(proxy, agent);
    }
    return undici.fetch(url, { ...(init as object), dispatcher: agent });
  };
  return fetch;
}
