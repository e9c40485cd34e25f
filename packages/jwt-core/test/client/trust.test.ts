// Attacks on the token client, as tables: URLs that would carry the bearer token elsewhere, hostile token answers,
// and an API that answers 401 to everything. Each row fails if the defence is removed.
import { strict as assert } from 'node:assert';
import { mintAccessToken } from '../../src/client/mint.js';
import { createTokenClient, REMINT_COOLDOWN_HEADER } from '../../src/client/token-client.js';
import { exchangeAssertion } from '../../src/exchange/exchange.js';
import { TransportError, UrlError } from '../../src/errors.js';
import { failure, fakeSalesforce, HOST, KEY, ORG, setup } from '../support/fake-salesforce.js';

describe('token client: the bearer token goes only to the instance origin', () => {
  const refused: readonly (readonly [string, string])[] = [
    ['another host', 'https://evil.example/steal'],
    ['a scheme-relative URL', '//evil.example/steal'],
    ['backslashes', '\\\\evil.example\\steal'],
    ['slash-backslash', '/\\evil.example/steal'],
    ['a look-alike suffix', 'https://acme.my.salesforce.com.evil.example/x'],
    ['loopback http when the instance is elsewhere', 'http://127.0.0.1:9/x'],
    ['another port', 'https://acme.my.salesforce.com:8443/x'],
    ['plain http to the same host', 'http://acme.my.salesforce.com/x'],
    ['credentials in the URL', 'https://user:pass@acme.my.salesforce.com/x'],
    ['a tab-smuggled host', 'https:\t//evil.example/x'],
    ['a URL object elsewhere', 'url:https://evil.example/x'],
  ];
  for (const [name, input] of refused) {
    it(`refuses ${name} before any request (ERR_URL_OTHER_ORIGIN)`, async () => {
      const { sf, client } = setup();
      const target = input.startsWith('url:') ? new URL(input.slice(4)) : input;
      const err = await failure(client.fetch(target));
      assert.ok(err instanceof UrlError, String(err));
      assert.equal(err.code, 'ERR_URL_OTHER_ORIGIN');
      assert.equal(sf.state.apiCalls.length, 0);
      assert.doesNotMatch(err.message, new RegExp(`${ORG}!token`));
    });
  }

  const accepted: readonly (readonly [string, string, string])[] = [
    ['a path', '/services/data/v62.0/limits', `${HOST}/services/data/v62.0/limits`],
    ['a nextRecordsUrl', '/services/data/v62.0/query/01gXX-2000', `${HOST}/services/data/v62.0/query/01gXX-2000`],
    ['a relative path', 'services/data', `${HOST}/services/data`],
    ['the same origin, absolute', `${HOST}/x?y=1`, `${HOST}/x?y=1`],
    ['the same origin, default port written out', 'https://ACME.my.salesforce.com:443/x', `${HOST}/x`],
  ];
  for (const [name, input, sent] of accepted) {
    it(`sends ${name} to the instance with the bearer token`, async () => {
      const { sf, client } = setup();
      assert.equal((await client.fetch(input)).status, 200);
      assert.deepEqual(
        sf.state.apiCalls.map((c) => [c.url, c.authorization]),
        [[sent, `Bearer ${ORG}!token-1`]],
      );
    });
  }

  it("sends another origin without credentials only with otherOrigin: 'send-without-credentials'", async () => {
    const { sf, client } = setup();
    const response = await client.fetch('https://status.example.com/ping', {
      otherOrigin: 'send-without-credentials',
      headers: { accept: 'application/json' },
    });
    assert.equal(response.status, 401); // the fake org answers 401 to a request without a token
    assert.deepEqual(
      sf.state.apiCalls.map((c) => [c.url, c.authorization]),
      [['https://status.example.com/ping', null]],
    );
  });
});

describe('token client: hostile token answers', () => {
  const answers: readonly (readonly [string, Record<string, unknown>, string])[] = [
    [
      'instance_url with credentials',
      { instance_url: 'https://user:pass@acme.my.salesforce.com' },
      'ERR_TOKEN_RESPONSE_INVALID',
    ],
    [
      'instance_url with a bare @',
      { instance_url: 'https://evil.example@acme.my.salesforce.com' },
      'ERR_TOKEN_RESPONSE_INVALID',
    ],
    ['instance_url with a path', { instance_url: 'https://acme.my.salesforce.com/evil' }, 'ERR_TOKEN_RESPONSE_INVALID'],
    ['instance_url with a query', { instance_url: 'https://acme.my.salesforce.com?x=1' }, 'ERR_TOKEN_RESPONSE_INVALID'],
    [
      'instance_url with an empty query',
      { instance_url: 'https://acme.my.salesforce.com/?' },
      'ERR_TOKEN_RESPONSE_INVALID',
    ],
    [
      'instance_url with a fragment',
      { instance_url: 'https://acme.my.salesforce.com#x' },
      'ERR_TOKEN_RESPONSE_INVALID',
    ],
    [
      'instance_url with a backslash',
      { instance_url: 'https://acme.my.salesforce.com\\evil' },
      'ERR_TOKEN_RESPONSE_INVALID',
    ],
    ['instance_url over plain http', { instance_url: 'http://acme.my.salesforce.com' }, 'ERR_INSECURE_INSTANCE_URL'],
    ['access_token with CR/LF', { access_token: `${ORG}!abc\r\nX-Evil: 1` }, 'ERR_TOKEN_RESPONSE_INVALID'],
    ['access_token with a space', { access_token: `${ORG}!abc def` }, 'ERR_TOKEN_RESPONSE_INVALID'],
    ['access_token with ESC', { access_token: `${ORG}!\u001b[2J` }, 'ERR_TOKEN_RESPONSE_INVALID'],
    ['access_token with a non-ASCII letter', { access_token: `${ORG}!tökén` }, 'ERR_TOKEN_RESPONSE_INVALID'],
  ];
  for (const [name, answer, code] of answers) {
    it(`refuses ${name} (${code}) and sends nothing`, async () => {
      const { sf, client } = setup();
      sf.state.answer = answer;
      const err = await failure(client.fetch('/services/data/v62.0/limits'));
      assert.ok(err instanceof TransportError, String(err));
      assert.equal(err.code, code);
      assert.equal(sf.state.apiCalls.length, 0);
    });
  }

  it('accepts an instance_url with a trailing slash and uses its origin', async () => {
    const { sf, client } = setup();
    sf.state.answer = { instance_url: `${HOST}/` };
    assert.equal((await client.getToken()).instanceUrl, HOST);
    await client.fetch('/x');
    assert.equal(sf.state.apiCalls[0]!.url, `${HOST}/x`);
  });
});

describe('token client: a 401 storm costs a handful of logins', () => {
  it('after a re-minted token is refused too, no login for the cool-down however many calls fail', async () => {
    const { sf, clock, client } = setup();
    sf.state.refuseAll = true;
    const first = await client.fetch('/x');
    assert.equal(first.status, 401);
    assert.equal(sf.state.tokenPosts, 2); // the first token, and one re-mint
    assert.equal(first.headers.get(REMINT_COOLDOWN_HEADER), '20000');
    for (let i = 0; i < 50; i++) {
      const response = await client.fetch('/x');
      assert.equal(response.status, 401);
      assert.ok(response.headers.has(REMINT_COOLDOWN_HEADER));
      await client.invalidate(); // a caller's own invalidation is ignored too
    }
    await Promise.all(Array.from({ length: 50 }, () => client.fetch('/x')));
    assert.equal(sf.state.tokenPosts, 2);
    clock.now += 20_000; // the cool-down is over: one more re-mint, then the next cool-down
    await Promise.all(Array.from({ length: 50 }, () => client.fetch('/x')));
    assert.equal(sf.state.tokenPosts, 3);
    // A minute of failing calls: at most 2 + 60 / 20 logins.
    for (let s = 0; s < 60; s++) {
      clock.now += 1_000;
      await client.fetch('/x');
    }
    assert.ok(sf.state.tokenPosts <= 6, String(sf.state.tokenPosts));
    assert.ok(sf.state.tokenPosts >= 5, String(sf.state.tokenPosts));
  });

  it('50 concurrent calls failing with one old token share one re-mint', async () => {
    const { sf, client } = setup();
    await client.getToken();
    sf.state.revoked.add(`${ORG}!token-1`);
    const responses = await Promise.all(Array.from({ length: 50 }, () => client.fetch('/x')));
    assert.ok(responses.every((r) => r.status === 200));
    assert.equal(sf.state.tokenPosts, 2);
  });
});

describe('token client: platform defaults', () => {
  const options = { clientId: '3MVG9abcdefghijklmnop', username: 'integration@acme.com', privateKey: KEY };

  it('uses globalThis.fetch and Date.now when none is passed (and still takes injected ones)', async () => {
    const sf = fakeSalesforce();
    const saved = globalThis.fetch;
    globalThis.fetch = sf.fetch as typeof fetch;
    try {
      const before = Date.now();
      const client = createTokenClient({ ...options, instanceUrl: HOST });
      const token = await client.getToken();
      assert.equal(token.accessToken, `${ORG}!token-1`);
      const claims = JSON.parse(Buffer.from(sf.state.assertions[0]!.split('.')[1]!, 'base64url').toString()) as {
        exp: number;
      };
      const iat = claims.exp - 180;
      assert.ok(iat >= Math.floor(before / 1000) && iat <= Math.ceil(Date.now() / 1000) + 1, String(iat));
    } finally {
      globalThis.fetch = saved;
    }
  });

  it('a runtime without fetch gets ERR_FETCH_UNAVAILABLE, never a TypeError', async () => {
    const saved = globalThis.fetch;
    // @ts-expect-error -- a runtime without a global fetch
    delete globalThis.fetch;
    try {
      const created = (() => {
        try {
          return createTokenClient(options);
        } catch (e) {
          return e;
        }
      })();
      assert.ok(created instanceof TransportError && created.code === 'ERR_FETCH_UNAVAILABLE', String(created));
      const minted = await failure(mintAccessToken(options));
      assert.ok(minted instanceof TransportError && minted.code === 'ERR_FETCH_UNAVAILABLE', String(minted));
      const exchanged = await failure(exchangeAssertion({ tokenHost: HOST, assertion: 'a.b.c' }));
      assert.ok(exchanged instanceof TransportError && exchanged.code === 'ERR_FETCH_UNAVAILABLE', String(exchanged));
    } finally {
      globalThis.fetch = saved;
    }
  });
});
