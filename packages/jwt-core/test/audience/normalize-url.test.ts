import { strict as assert } from 'node:assert';
import { isJwtCoreError } from '../../src/errors.js';
import { normalizeAudience, normalizeLoginUrl, normalizeTokenHost } from '../../src/audience/normalize-url.js';
import { resolveEndpoints } from '../../src/audience/resolve.js';
import { buildClaims } from '../../src/claims/build-claims.js';

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
    assert.deepEqual(
      urls.map((u) => normalizeLoginUrl(u)),
      urls.map((u) => normalizeTokenHost(u)),
    );
  });

  it('accepts what only the transport needs: plain http and user info, which normalizeLoginUrl refuses', () => {
    assert.equal(normalizeTokenHost('http://acme.my.salesforce.com/'), 'http://acme.my.salesforce.com');
    assert.equal(normalizeTokenHost('https://user:pw@acme.my.salesforce.com'), 'https://acme.my.salesforce.com');
    assert.throws(
      () => normalizeLoginUrl('http://acme.my.salesforce.com/'),
      (e) => isJwtCoreError(e, 'ERR_URL_NOT_HTTPS'),
    );
    assert.throws(
      () => normalizeLoginUrl('https://user:pw@acme.my.salesforce.com'),
      (e) => isJwtCoreError(e, 'ERR_URL_HAS_CREDENTIALS'),
    );
  });

  it('refuses what is not an http(s) URL', () => {
    assert.throws(
      () => normalizeTokenHost('login.salesforce.com'),
      (e) =>
        isJwtCoreError(e, 'ERR_URL_INVALID') && e.message === 'The token host "login.salesforce.com" is not a URL.',
    );
    assert.throws(
      () => normalizeTokenHost('ftp://login.salesforce.com'),
      (e) =>
        isJwtCoreError(e, 'ERR_URL_INVALID') &&
        e.message === 'The token host "ftp://login.salesforce.com" is not an http(s) URL.',
    );
  });

  it('never echoes a password of a URL it cannot read (fuzz counterexamples, seed 272026)', () => {
    const cases: [() => unknown, string][] = [
      [
        () => normalizeTokenHost('ttps://user:pass@acme.my.salesforce.com'),
        'The token host "ttps://acme.my.salesforce.com" is not an http(s) URL.',
      ],
      [
        () => normalizeTokenHost('!https://user:pass@acme.my.salesforce.com'),
        'The token host "!https://acme.my.salesforce.com" is not a URL.',
      ],
      [
        () => normalizeLoginUrl('!https://user:pass@acme.my.salesforce.com'),
        'The instance URL "!https://acme.my.salesforce.com" is not a valid URL.',
      ],
      [
        () => normalizeAudience('!https://user:pass@acme.my.salesforce.com'),
        'The audience "!https://acme.my.salesforce.com" is not a valid URL.',
      ],
    ];
    cases.push(
      // seed 627896999: the password after a second scheme, or after a slash
      [
        () => normalizeTokenHost('/user:pass@acme.my.salesforce.com'),
        'The token host "/acme.my.salesforce.com" is not a URL.',
      ],
      // seed 438274520: after a space
      [
        () => normalizeLoginUrl(' u user:pass@acme.my.salesforce.com'),
        'The instance URL "u acme.my.salesforce.com" is not a valid URL.',
      ],
    );
    for (const [read, message] of cases) {
      assert.throws(
        read,
        (e) => isJwtCoreError(e, 'ERR_URL_INVALID') && e.message === message && e.cause === undefined,
      );
    }
  });
});

describe('audience: a password never reaches a message (fuzz counterexamples, seed 627896999)', () => {
  it('takes user:password@ out of a query it quotes (seed 438274520)', () => {
    assert.throws(
      () => normalizeLoginUrl('https://acme.my.salesforce.com?user:pass@x'),
      (e) =>
        isJwtCoreError(e, 'ERR_URL_HAS_QUERY_OR_FRAGMENT') &&
        e.message === 'The instance URL has a query or fragment: https://acme.my.salesforce.com?x.',
    );
  });

  it('takes user:password@ out of a path that the URL parser read as one', () => {
    assert.throws(
      () => normalizeLoginUrl('https://user:pass@https://user:pass@acme.my.salesforce.com'),
      (e) =>
        isJwtCoreError(e, 'ERR_URL_HAS_CREDENTIALS') &&
        e.message === 'The instance URL contains a user name or password: https://https//acme.my.salesforce.com.',
    );
    assert.throws(
      () => normalizeAudience('https:https://user:pass@acme.my.salesforce.com'),
      (e) => isJwtCoreError(e) && !JSON.stringify({ m: e.message, f: e.fix }).includes('pass@'),
    );
  });
});

describe('audience/normalizeAudience: a path is refused, never dropped (issue 11)', () => {
  it('keeps scheme + host, removes one trailing slash, keeps a site URL with its prefix', () => {
    assert.equal(normalizeAudience('https://login.salesforce.com/'), 'https://login.salesforce.com');
    assert.equal(normalizeAudience('HTTPS://Acme.My.Salesforce.com:443'), 'https://acme.my.salesforce.com');
    assert.equal(normalizeAudience('https://acme.my.site.com/partners/'), 'https://acme.my.site.com/partners');
  });

  const refused: readonly [string, string][] = [
    ['https://login.salesforce.com/services/oauth2/token', 'https://login.salesforce.com'],
    ['https://acme.my.salesforce.com/path', 'https://acme.my.salesforce.com'],
    ['https://login.salesforce.com//', 'https://login.salesforce.com'],
    ['https://acme.my.site.com/partners/s/login', 'https://acme.my.site.com/partners'],
  ];
  for (const [input, base] of refused) {
    it(`${input} → ERR_URL_AUDIENCE_HAS_PATH, fix ${base}`, () => {
      for (const use of [
        () => normalizeAudience(input),
        () => resolveEndpoints({ audience: input }),
        () =>
          buildClaims({
            clientId: '3MVG9abc.def',
            username: 'ci@acme.com',
            audience: input,
            now: () => 1_700_000_000_000,
          }),
      ]) {
        assert.throws(
          use,
          (err: unknown) =>
            isJwtCoreError(err, 'ERR_URL_AUDIENCE_HAS_PATH') && err.fix === `Use ${base} as the audience.`,
        );
      }
    });
  }
});
