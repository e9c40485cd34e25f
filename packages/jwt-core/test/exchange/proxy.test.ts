import { strict as assert } from 'node:assert';
import { isJwtCoreError } from '../../src/errors.js';
import { proxyForUrl } from '../../src/exchange/proxy.js';

const P = 'http://proxy.corp:3128';

describe('proxyForUrl', () => {
  const cases: [string, string, Parameters<typeof proxyForUrl>[1], string | undefined][] = [
    ['no settings: direct', 'https://login.salesforce.com', {}, undefined],
    ['https uses HTTPS_PROXY', 'https://login.salesforce.com', { httpsProxy: P, httpProxy: 'http://other:1' }, P],
    ['https falls back to HTTP_PROXY', 'https://login.salesforce.com', { httpProxy: P }, P],
    ['http uses HTTP_PROXY only', 'http://127.0.0.1:8080', { httpsProxy: P }, undefined],
    ['http uses HTTP_PROXY', 'http://127.0.0.1:8080', { httpProxy: P }, P],
    ['blank values are unset', 'https://login.salesforce.com', { httpsProxy: '  ', httpProxy: P }, P],
    ['no scheme reads as http://', 'https://login.salesforce.com', { httpsProxy: 'proxy.corp:3128' }, P],
    [
      'credentials kept',
      'https://login.salesforce.com',
      { httpsProxy: 'http://u:p%40ss@proxy.corp:3128' },
      'http://u:p%40ss@proxy.corp:3128',
    ],
    ['NO_PROXY * exempts all', 'https://login.salesforce.com', { httpsProxy: P, noProxy: '*' }, undefined],
    [
      'NO_PROXY exact host',
      'https://login.salesforce.com',
      { httpsProxy: P, noProxy: 'login.salesforce.com' },
      undefined,
    ],
    [
      'NO_PROXY domain matches subdomains',
      'https://acme.my.salesforce.com',
      { httpsProxy: P, noProxy: 'salesforce.com' },
      undefined,
    ],
    [
      'NO_PROXY leading dot matches subdomains',
      'https://acme.my.salesforce.com',
      { httpsProxy: P, noProxy: '.salesforce.com' },
      undefined,
    ],
    [
      'NO_PROXY leading dot matches the domain itself',
      'https://salesforce.com',
      { httpsProxy: P, noProxy: '.salesforce.com' },
      undefined,
    ],
    ['NO_PROXY *. prefix', 'https://acme.my.salesforce.com', { httpsProxy: P, noProxy: '*.salesforce.com' }, undefined],
    [
      'NO_PROXY is not a substring match',
      'https://evilsalesforce.com',
      { httpsProxy: P, noProxy: 'salesforce.com' },
      P,
    ],
    [
      'NO_PROXY list with spaces and case',
      'https://Login.Salesforce.com',
      { httpsProxy: P, noProxy: 'localhost, LOGIN.salesforce.com' },
      undefined,
    ],
    ['NO_PROXY port must match', 'http://127.0.0.1:8080', { httpProxy: P, noProxy: '127.0.0.1:9090' }, P],
    ['NO_PROXY port matches', 'http://127.0.0.1:8080', { httpProxy: P, noProxy: '127.0.0.1:8080' }, undefined],
    [
      'NO_PROXY default https port',
      'https://login.salesforce.com',
      { httpsProxy: P, noProxy: 'login.salesforce.com:443' },
      undefined,
    ],
    ['NO_PROXY IPv6 literal', 'http://[::1]:8080', { httpProxy: P, noProxy: '[::1]' }, undefined],
    ['NO_PROXY IPv6 with port', 'http://[::1]:8080', { httpProxy: P, noProxy: '[::1]:8080' }, undefined],
    ['loopback is not implicitly exempt', 'http://127.0.0.1:8080', { httpProxy: P }, P],
    ['empty NO_PROXY entries are ignored', 'https://login.salesforce.com', { httpsProxy: P, noProxy: ',,.,' }, P],
  ];
  for (const [name, url, settings, expected] of cases) {
    it(name, () => assert.equal(proxyForUrl(url, settings), expected));
  }

  it('rejects a SOCKS proxy with ERR_PROXY_INVALID', () => {
    assert.throws(
      () => proxyForUrl('https://login.salesforce.com', { httpsProxy: 'socks5://proxy:1080' }),
      (err: unknown) =>
        isJwtCoreError(err, 'ERR_PROXY_INVALID') &&
        err.message === 'The httpsProxy setting uses socks5:; only http:// and https:// proxies are supported.' &&
        err.hint?.kind === 'proxy-url-invalid' &&
        err.hint.setting === 'httpsProxy' &&
        err.hint.protocol === 'socks5:',
    );
  });

  it('rejects an unparseable proxy, naming the variable', () => {
    assert.throws(
      () => proxyForUrl('http://x.test', { httpProxy: 'http://[bad' }),
      (err: unknown) =>
        isJwtCoreError(err, 'ERR_PROXY_INVALID') &&
        err.message === 'The httpProxy setting is not a valid proxy URL.' &&
        err.hint?.kind === 'proxy-url-invalid',
    );
  });
});
