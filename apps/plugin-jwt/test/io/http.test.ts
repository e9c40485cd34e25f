import { strict as assert } from 'node:assert';
import { proxySettingsFromEnv } from '../../src/io/http.js';

describe('proxySettingsFromEnv', () => {
  it('reads upper-case names first, then lower-case', () => {
    assert.deepEqual(
      proxySettingsFromEnv({
        HTTPS_PROXY: 'http://a:1',
        https_proxy: 'http://b:2',
        http_proxy: 'http://c:3',
        no_proxy: '.corp',
      }),
      {
        httpsProxy: 'http://a:1',
        httpProxy: 'http://c:3',
        noProxy: '.corp',
      },
    );
    assert.deepEqual(proxySettingsFromEnv({}), { httpsProxy: undefined, httpProxy: undefined, noProxy: undefined });
  });
});
