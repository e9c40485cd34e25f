import { strict as assert } from 'node:assert';
import { isJwtCoreError } from '../../src/errors.js';
import { normalizeLoginUrl, normalizeTokenHost } from '../../src/audience/normalize-url.js';

describe('audience/normalizeTokenHost', () => {
  it('gives the same normal form as normalizeLoginUrl for every URL both accept', () => {
    const urls = [
      ' https://ACME.my.salesforce.com/ ',
      'https://acme.my.salesforce.com./',
      'https://acme.my.salesforce.com:443',
      'https://acme.my.salesforce.com/services/oauth2/token',
      'https://acme.my.site.com/partners/s/login',
      'https://acme.my.site.com/partners/',
      'https://login.example.org/portal/services/oauth2/token',
      'http://127.0.0.1:1717/services/oauth2/token',
      'http://[::1]:6109/',
    ];
    assert.deepEqual(
      urls.map((u) => normalizeTokenHost(u)),
      [
        'https://acme.my.salesforce.com',
        'https://acme.my.salesforce.com',
        'https://acme.my.salesforce.com',
        'https://acme.my.salesforce.com',
        'https://acme.my.site.com/partners',
        'https://acme.my.site.com/partners',
        'https://login.example.org/portal',
        'http://127.0.0.1:1717',
        'http://[::1]:6109',
      ],
    );
    assert.deepEqual(urls.map((u) => normalizeLoginUrl(u)), urls.map((u) => normalizeTokenHost(u)));
  });

  it('accepts what only the transport needs: plain http and user info, which normalizeLoginUrl refuses', () => {
    assert.equal(normalizeTokenHost('http://acme.my.salesforce.com/'), 'http://acme.my.salesforce.com');
    assert.equal(normalizeTokenHost('https://user:pw@acme.my.salesforce.com'), 'https://acme.my.salesforce.com');
    assert.throws(() => normalizeLoginUrl('http://acme.my.salesforce.com/'), (e) => isJwtCoreError(e, 'ERR_URL_NOT_HTTPS'));
    assert.throws(() => normalizeLoginUrl('https://user:pw@acme.my.salesforce.com'), (e) => isJwtCoreError(e, 'ERR_URL_HAS_CREDENTIALS'));
  });

  it('refuses what is not an http(s) URL', () => {
    assert.throws(
      () => normalizeTokenHost('login.salesforce.com'),
      (e) => isJwtCoreError(e, 'ERR_URL_INVALID') && e.message === 'The token host "login.salesforce.com" is not a URL.',
    );
    assert.throws(
      () => normalizeTokenHost('ftp://login.salesforce.com'),
      (e) => isJwtCoreError(e, 'ERR_URL_INVALID') && e.message === 'The token host "ftp://login.salesforce.com" is not an http(s) URL.',
    );
  });
});
