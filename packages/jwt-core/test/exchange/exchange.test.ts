import { strict as assert } from 'node:assert';
import { TokenExchangeError, TransportError, isJwtCoreError } from '../../src/errors.js';
import { exchangeAssertion, type ExchangeOptions } from '../../src/exchange/exchange.js';
import {
  ASSERTION,
  SERVER_DATE_MS,
  TOKEN_BODY,
  fetchFailed,
  scriptedFetch,
  sequence,
  type Step,
} from '../support/fake-fetch.js';

const HOST = 'https://acme.my.salesforce.com';

function setup(steps: readonly Step[], extra: Partial<ExchangeOptions> = {}) {
  const fetch = scriptedFetch(steps);
  const sleeps: number[] = [];
  const options: ExchangeOptions = {
    tokenHost: HOST,
    assertion: ASSERTION,
    audience: HOST,
    fetch,
    random: () => 0.5,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    monotonic: sequence([0, 12, 100, 130, 200, 260]),
    ...extra,
  };
  return { fetch, sleeps, options };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  assert.fail('expected a rejection');
}

function assertNoSecrets(err: unknown): void {
  const text = `${String((err as Error).message)} ${JSON.stringify(err)} ${JSON.stringify((err as TransportError).details)}`;
  assert.ok(!text.includes(ASSERTION), 'assertion leaked');
  assert.ok(!text.includes(TOKEN_BODY.access_token), 'token leaked');
}

describe('exchangeAssertion', () => {
  it('POSTs exactly grant_type and assertion, form-encoded, and returns the typed token', async () => {
    const { fetch, options } = setup([{ status: 200, body: TOKEN_BODY }]);
    const token = await exchangeAssertion({ ...options, tokenHost: `${HOST}/` });
    assert.equal(fetch.requests.length, 1);
    const { url, init } = fetch.requests[0]!;
    assert.equal(url, 'https://acme.my.salesforce.com/services/oauth2/token');
    assert.equal(init.method, 'POST');
    assert.equal(init.redirect, 'manual');
    assert.deepEqual(init.headers, { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' });
    assert.equal(init.body, `grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=${ASSERTION}`);
    assert.deepEqual(token, {
      accessToken: TOKEN_BODY.access_token,
      instanceUrl: 'https://acme.my.salesforce.com',
      id: TOKEN_BODY.id,
      orgId: '00D5g000004ABCDEAA',
      userId: '0055g00000AbCdEAAQ',
      scope: 'api web',
      issuedAt: 1785837600000,
      tokenType: 'Bearer',
      signature: 'c2lnbmF0dXJl',
      tokenHost: HOST,
      audience: HOST,
      attempts: [
        { host: HOST, audience: HOST, durationMs: 12, status: 200, serverDate: SERVER_DATE_MS, outcome: 'success' },
      ],
    });
  });

  it('marks an attempt whose Date header is not an HTTP date, so that a clock check can say so (issue 11)', async () => {
    const { options } = setup([
      {
        status: 400,
        body: { error: 'invalid_grant', error_description: 'invalid assertion' },
        headers: { date: 'Someday, 99 Foo 20xx' },
      },
    ]);
    const err: unknown = await exchangeAssertion(options).catch((e: unknown) => e);
    const attempts = (err as { attempts: readonly Record<string, unknown>[] }).attempts;
    assert.equal(attempts[0]!['serverDateUnparseable'], true);
    assert.equal(attempts[0]!['serverDate'], undefined);
    const { options: good } = setup([{ status: 200, body: TOKEN_BODY }]);
    assert.equal((await exchangeAssertion(good)).attempts[0]!.serverDateUnparseable, undefined);
  });

  it('keeps an Experience Cloud site path in the token URL', async () => {
    const { fetch, options } = setup([{ status: 200, body: TOKEN_BODY }]);
    await exchangeAssertion({ ...options, tokenHost: 'https://acme.my.site.com/partners/' });
    assert.equal(fetch.requests[0]!.url, 'https://acme.my.site.com/partners/services/oauth2/token');
  });

  it('never retries an OAuth error and keeps error, description, status and the server Date', async () => {
    const body = { error: 'invalid_grant', error_description: "user hasn't approved this consumer" };
    const { fetch, sleeps, options } = setup([{ status: 400, body }]);
    const err = await rejection(exchangeAssertion(options));
    assert.ok(err instanceof TokenExchangeError);
    assert.equal(err.code, 'ERR_TOKEN_GRANT_REJECTED');
    assert.equal(
      err.message,
      "Salesforce rejected the JWT bearer grant at https://acme.my.salesforce.com (invalid_grant: user hasn't approved this consumer).",
    );
    assert.equal(err.status, 400);
    assert.equal(err.error, 'invalid_grant');
    assert.equal(err.errorDescription, "user hasn't approved this consumer");
    assert.equal(err.serverDate, SERVER_DATE_MS);
    assert.equal(err.diagnosis, undefined);
    assert.deepEqual(err.attempts, [
      {
        host: HOST,
        audience: HOST,
        durationMs: 12,
        status: 400,
        serverDate: SERVER_DATE_MS,
        outcome: 'rejected',
        error: 'invalid_grant',
        errorDescription: "user hasn't approved this consumer",
      },
    ]);
    assert.equal(fetch.requests.length, 1);
    assert.deepEqual(sleeps, []);
    assertNoSecrets(err);
  });

  it('passes the rejection facts to an injected diagnose and puts the top cause in message and fix', async () => {
    const body = { error: 'invalid_grant', error_description: 'invalid assertion' };
    const { options } = setup([{ status: 400, body }]);
    const seen: unknown[] = [];
    const err = await rejection(
      exchangeAssertion({
        ...options,
        diagnose: (facts) => {
          seen.push(facts);
          return {
            summary: 's',
            causes: [
              {
                id: 'key-certificate-mismatch',
                likelihood: 'likely',
                title: 'the key does not match the certificate.',
                evidence: [],
                fix: 'Upload server.crt.',
              },
            ],
          };
        },
      }),
    );
    assert.deepEqual(seen, [
      {
        status: 400,
        error: 'invalid_grant',
        errorDescription: 'invalid assertion',
        serverDate: SERVER_DATE_MS,
        tokenHost: HOST,
        audience: HOST,
      },
    ]);
    assert.ok(err instanceof TokenExchangeError);
    assert.equal(
      err.message,
      'Salesforce rejected the JWT bearer grant at https://acme.my.salesforce.com (invalid_grant: invalid assertion). Most likely: the key does not match the certificate.',
    );
    assert.equal(err.fix, 'Upload server.crt.');
  });

  it("reads Salesforce's REST-shaped error array as a rejection", async () => {
    const body = [{ errorCode: 'LOGIN_RATE_EXCEEDED', message: 'Login Rate Exceeded' }];
    const { fetch, options } = setup([{ status: 403, body }]);
    const err = await rejection(exchangeAssertion(options));
    assert.ok(err instanceof TokenExchangeError);
    assert.equal(err.error, 'LOGIN_RATE_EXCEEDED');
    assert.equal(err.errorDescription, 'Login Rate Exceeded');
    assert.equal(fetch.requests.length, 1);
  });

  it('retries a 5xx with exponential, jittered backoff and succeeds', async () => {
    const { fetch, sleeps, options } = setup([
      { status: 503, body: '<html>down</html>', headers: { 'content-type': 'text/html' } },
      { status: 200, body: TOKEN_BODY },
    ]);
    const token = await exchangeAssertion(options);
    assert.equal(fetch.requests.length, 2);
    assert.deepEqual(sleeps, [188]); // 250 · 2^0 · (½ + ½·0.5)
    assert.deepEqual(token.attempts, [
      {
        host: HOST,
        audience: HOST,
        durationMs: 12,
        status: 503,
        serverDate: SERVER_DATE_MS,
        outcome: 'server-error',
        problem: 'HTTP 503 with an HTML page',
      },
      { host: HOST, audience: HOST, durationMs: 30, status: 200, serverDate: SERVER_DATE_MS, outcome: 'success' },
    ]);
  });

  it('gives up after the retries with ERR_HTTP_SERVER_ERROR, honouring Retry-After', async () => {
    const { fetch, sleeps, options } = setup([
      { status: 503, body: { error: 'unavailable' }, headers: { 'retry-after': '2' } },
    ]);
    const err = await rejection(exchangeAssertion(options));
    assert.ok(err instanceof TransportError);
    assert.equal(err.code, 'ERR_HTTP_SERVER_ERROR');
    assert.equal(err.message, 'https://acme.my.salesforce.com failed with a server error: HTTP 503 (3 attempts).');
    assert.equal(err.fix, 'Salesforce or a proxy is failing; retry later and check https://status.salesforce.com.');
    assert.equal(fetch.requests.length, 3);
    assert.deepEqual(sleeps, [2000, 2000]);
    const attempts = err.details['attempts'] as { error?: string; outcome: string }[];
    assert.deepEqual(
      attempts.map((a) => [a.outcome, a.error]),
      [
        ['server-error', 'unavailable'],
        ['server-error', 'unavailable'],
        ['server-error', 'unavailable'],
      ],
    );
  });

  it('grows the backoff exponentially with jitter from the injected random source', async () => {
    const { sleeps, options } = setup([{ status: 502, body: '' }], {
      retries: 3,
      random: sequence([0, 1, 0.25]),
      backoffMs: 100,
    });
    const err = await rejection(exchangeAssertion(options));
    assert.ok(isJwtCoreError(err, 'ERR_HTTP_SERVER_ERROR'));
    assert.equal(
      err.message,
      'https://acme.my.salesforce.com failed with a server error: HTTP 502 with an empty body (4 attempts).',
    );
    assert.deepEqual(sleeps, [50, 200, 250]);
  });

  it('retries a non-JSON 200 page (captive portal, proxy) and then reports ERR_TOKEN_RESPONSE_INVALID', async () => {
    const { fetch, options } = setup([{ status: 200, body: '<!DOCTYPE html><p>Sign in to the Wi-Fi</p>' }], {
      retries: 1,
    });
    const err = await rejection(exchangeAssertion(options));
    assert.ok(isJwtCoreError(err, 'ERR_TOKEN_RESPONSE_INVALID'));
    assert.equal(
      err.message,
      "https://acme.my.salesforce.com did not answer with Salesforce's token JSON: HTTP 200 with an HTML page (2 attempts).",
    );
    assert.equal(fetch.requests.length, 2);
  });

  it('retries network errors and names the cause without a TypeError in the chain', async () => {
    const { fetch, options } = setup([{ throws: fetchFailed('ECONNRESET') }, { throws: fetchFailed('ECONNREFUSED') }]);
    const err = await rejection(exchangeAssertion(options));
    assert.ok(err instanceof TransportError);
    assert.equal(err.code, 'ERR_NETWORK');
    assert.equal(
      err.message,
      'Could not reach https://acme.my.salesforce.com: the connection was refused (ECONNREFUSED) (3 attempts).',
    );
    assert.equal(
      err.fix,
      'Check the login URL and your network; behind a proxy pass a proxy-aware fetch (proxyForUrl picks the proxy).',
    );
    assert.deepEqual(err.hint, { kind: 'network-unreachable', tls: false });
    assert.equal(err.cause, undefined);
    assert.equal(err.details['networkCode'], 'ECONNREFUSED');
    assert.equal(fetch.requests.length, 3);
    const attempts = err.details['attempts'] as { problem?: string }[];
    assert.equal(attempts[0]!.problem, 'the connection was reset (ECONNRESET)');
  });

  it('suggests trusting the proxy root certificate for TLS trust failures', async () => {
    const { options } = setup([{ throws: fetchFailed('UNABLE_TO_GET_ISSUER_CERT_LOCALLY') }], { retries: 0 });
    const err = await rejection(exchangeAssertion(options));
    assert.ok(isJwtCoreError(err, 'ERR_NETWORK'));
    assert.equal(
      err.message,
      'Could not reach https://acme.my.salesforce.com: the server certificate is not trusted (UNABLE_TO_GET_ISSUER_CERT_LOCALLY) (1 attempt).',
    );
    assert.equal(
      err.fix,
      'A TLS-intercepting proxy is likely: make the fetch (or Node) trust its root certificate (PEM).',
    );
    assert.deepEqual(err.hint, { kind: 'network-unreachable', tls: true });
  });

  it('times out a request whose headers never come (ERR_NETWORK_TIMEOUT), retrying first', async () => {
    const { fetch, options } = setup([{ hang: 'headers' }], { timeoutMs: 5, retries: 1 });
    const err = await rejection(exchangeAssertion(options));
    assert.ok(isJwtCoreError(err, 'ERR_NETWORK_TIMEOUT'));
    assert.equal(
      err.message,
      'https://acme.my.salesforce.com did not answer the token request: no complete answer within 5 ms (2 attempts).',
    );
    assert.equal(fetch.requests.length, 2);
    assert.ok(fetch.requests.every((r) => r.init.signal.aborted));
  });

  it('times out a response whose body stalls after the headers', async () => {
    const { options } = setup([{ hang: 'body' }], { timeoutMs: 5, retries: 0 });
    const err = await rejection(exchangeAssertion(options));
    assert.ok(isJwtCoreError(err, 'ERR_NETWORK_TIMEOUT'));
  });

  it('rejects a 200 without the required fields, without retrying and without echoing values', async () => {
    const { access_token: _t, id: _i, ...partial } = TOKEN_BODY;
    const { fetch, options } = setup([{ status: 200, body: partial }]);
    const err = await rejection(exchangeAssertion(options));
    assert.ok(err instanceof TransportError);
    assert.equal(err.code, 'ERR_TOKEN_RESPONSE_INVALID');
    assert.equal(
      err.message,
      'The token response from https://acme.my.salesforce.com is unusable: access_token, id are missing or not a string.',
    );
    assert.equal(fetch.requests.length, 1);
  });

  it('rejects an id that does not end in /<orgId>/<userId>', async () => {
    const { options } = setup([{ status: 200, body: { ...TOKEN_BODY, id: 'https://login.salesforce.com/id/' } }]);
    const err = await rejection(exchangeAssertion(options));
    assert.ok(isJwtCoreError(err, 'ERR_TOKEN_RESPONSE_INVALID'));
    assert.equal(
      err.message,
      'The token response from https://acme.my.salesforce.com is unusable: id "https://login.salesforce.com/id/" is not an identity URL ending in /<orgId>/<userId>.',
    );
    assertNoSecrets(err);
  });

  it('does not follow a redirect: it names the target host', async () => {
    const { options } = setup([
      { status: 302, body: '', headers: { location: 'https://login.salesforce.com/services/oauth2/token' } },
    ]);
    const err = await rejection(exchangeAssertion({ ...options, tokenHost: 'http://acme.my.salesforce.com' }));
    assert.ok(isJwtCoreError(err, 'ERR_TOKEN_RESPONSE_INVALID'));
    assert.equal(
      err.message,
      'The token endpoint at http://acme.my.salesforce.com redirected (HTTP 302) to https://login.salesforce.com/services/oauth2/token.',
    );
  });

  it('reports a proxy asking for credentials (407) as ERR_PROXY_INVALID', async () => {
    const { options } = setup([{ status: 407, body: '<html>Proxy Authentication Required</html>' }]);
    const err = await rejection(exchangeAssertion(options));
    assert.ok(isJwtCoreError(err, 'ERR_PROXY_INVALID'));
    assert.equal(
      err.message,
      'The proxy in front of https://acme.my.salesforce.com requires authentication (HTTP 407).',
    );
  });

  it('reports a 4xx HTML page without retrying', async () => {
    const { fetch, options } = setup([{ status: 404, body: '<html>Not Found</html>' }]);
    const err = await rejection(exchangeAssertion(options));
    assert.ok(isJwtCoreError(err, 'ERR_TOKEN_RESPONSE_INVALID'));
    assert.equal(
      err.message,
      "The token endpoint at https://acme.my.salesforce.com answered HTTP 404 with an HTML page, not Salesforce's OAuth JSON.",
    );
    assert.equal(fetch.requests.length, 1);
  });

  it('refuses a value that is not a compact JWS before any request, without echoing it', async () => {
    const { fetch, options } = setup([{ status: 200, body: TOKEN_BODY }]);
    const pem = '-----BEGIN PRIVATE KEY-----\nMIIEvQ\n-----END PRIVATE KEY-----';
    const err = await rejection(exchangeAssertion({ ...options, assertion: pem }));
    assert.ok(isJwtCoreError(err, 'ERR_ASSERTION_MALFORMED'));
    assert.equal(err.message, 'The assertion is not a compact JWS (header.claims.signature).');
    assert.equal(fetch.requests.length, 0);
  });

  it('refuses a token host that is not an http(s) URL', async () => {
    const { options } = setup([{ status: 200, body: TOKEN_BODY }]);
    const err = await rejection(exchangeAssertion({ ...options, tokenHost: 'login.salesforce.com' }));
    assert.ok(isJwtCoreError(err, 'ERR_URL_INVALID'));
    assert.equal(err.message, 'The token host "login.salesforce.com" is not a URL.');
  });
});

describe('exchangeAssertion over real HTTP', () => {
  it('sends the form body Salesforce expects through the global fetch', async () => {
    const { createServer } = await import('node:http');
    const seen: { method?: string | undefined; url?: string | undefined; type?: string | undefined; body: string } = {
      body: '',
    };
    const server = createServer((req, res) => {
      seen.method = req.method;
      seen.url = req.url;
      seen.type = req.headers['content-type'];
      req.on('data', (chunk: Buffer) => (seen.body += chunk.toString()));
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(TOKEN_BODY));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const token = await exchangeAssertion({
        tokenHost: `http://127.0.0.1:${port}`,
        assertion: ASSERTION,
        fetch: globalThis.fetch,
      });
      assert.equal(token.orgId, '00D5g000004ABCDEAA');
      assert.equal(seen.method, 'POST');
      assert.equal(seen.url, '/services/oauth2/token');
      assert.equal(seen.type, 'application/x-www-form-urlencoded');
      assert.equal(
        seen.body,
        `grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=${ASSERTION}`,
      );
    } finally {
      server.close();
    }
  });
});

describe('exchangeAssertion and coded errors from fetch', () => {
  it('passes a JwtCoreError thrown by the injected fetch through at once (a bad proxy setting is not a network fault)', async () => {
    const Coded = TransportError;
    let calls = 0;
    const fetch = () => {
      calls++;
      return Promise.reject(
        new Coded('ERR_PROXY_INVALID', 'The httpsProxy setting is not a valid proxy URL.', { fix: 'Fix it.' }),
      );
    };
    const err = await exchangeAssertion({ tokenHost: HOST, assertion: ASSERTION, fetch }).catch((e: unknown) => e);
    assert.ok(isJwtCoreError(err, 'ERR_PROXY_INVALID'));
    assert.equal(calls, 1);
  });
});

describe('exchangeAssertion behind a proxy that wants credentials', () => {
  it('reports a refused CONNECT (407) as ERR_PROXY_INVALID at once', async () => {
    const refused = new TypeError('fetch failed', {
      cause: Object.assign(new Error('Proxy response (407) !== 200 when HTTP Tunneling'), { code: 'UND_ERR_ABORTED' }),
    });
    const { fetch, options } = setup([{ throws: refused }]);
    const err = await rejection(exchangeAssertion(options));
    assert.ok(isJwtCoreError(err, 'ERR_PROXY_INVALID'));
    assert.equal(
      err.message,
      'The proxy in front of https://acme.my.salesforce.com requires authentication (HTTP 407).',
    );
    assert.equal(fetch.requests.length, 1);
  });

  it('names another refused CONNECT and retries it as a network error', async () => {
    const refused = new TypeError('fetch failed', {
      cause: new Error('Proxy response (403) !== 200 when HTTP Tunneling'),
    });
    const { options } = setup([{ throws: refused }], { retries: 0 });
    const err = await rejection(exchangeAssertion(options));
    assert.ok(isJwtCoreError(err, 'ERR_NETWORK'));
    assert.equal(
      err.message,
      'Could not reach https://acme.my.salesforce.com: the proxy refused the tunnel (HTTP 403 to CONNECT) (1 attempt).',
    );
  });
});
