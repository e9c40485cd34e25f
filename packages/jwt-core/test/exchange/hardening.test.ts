// The exchange is bounded: one overall deadline, a byte cap on every body, a caller abort that stops everything,
// an attempt hook that never sees secrets, and no token for a plain-http instance URL.
import { strict as assert } from 'node:assert';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolveEndpoints } from '../../src/audience/resolve.js';
import { TransportError, isJwtCoreError } from '../../src/errors.js';
import { exchangeAssertion, type ExchangeOptions } from '../../src/exchange/exchange.js';
import { exchangeWithFallback } from '../../src/exchange/fallback.js';
import type { ExchangeAttempt, ExchangeRequestInit, ExchangeResponse, FetchLike } from '../../src/exchange/types.js';
import { ASSERTION, TOKEN_BODY, scriptedFetch, streamedResponse, type Step } from '../support/fake-fetch.js';
import { fakeTime } from '../support/fake-time.js';

const HOST = 'https://acme.my.salesforce.com';
const JSON_TYPE = { 'content-type': 'application/json' };

async function failure(promise: Promise<unknown>): Promise<TransportError> {
  const err = await promise.then(
    () => assert.fail('expected a rejection'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof TransportError, `expected a TransportError, got ${String(err)}`);
  return err;
}

function assertNoSecrets(value: unknown): void {
  const text = JSON.stringify(value) + (value instanceof Error ? value.message : '');
  assert.ok(!text.includes(ASSERTION), 'assertion leaked');
  assert.ok(!text.includes(TOKEN_BODY.access_token), 'access token leaked');
}

/** A fetch answering each request with a response built for it, recording the requests. */
function fetchOf(respond: (index: number, init: ExchangeRequestInit) => Promise<ExchangeResponse> | ExchangeResponse) {
  const requests: ExchangeRequestInit[] = [];
  const fetch: FetchLike = (_url, init) => {
    requests.push(init);
    return Promise.resolve(respond(requests.length - 1, init));
  };
  return { fetch, requests };
}

const waitForAbort = (signal: AbortSignal): Promise<never> =>
  new Promise((_, reject) =>
    signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')), { once: true }),
  );

function base(fetch: FetchLike, extra: Partial<ExchangeOptions> = {}): ExchangeOptions {
  return {
    tokenHost: HOST,
    assertion: ASSERTION,
    audience: HOST,
    fetch,
    random: () => 0.5,
    sleep: () => Promise.resolve(),
    ...extra,
  };
}

describe('exchangeAssertion: byte cap on the token response', () => {
  it('cancels an endless 200 body past 64 KiB with ERR_RESPONSE_TOO_LARGE and does not retry it', async () => {
    const chunk = new Uint8Array(16 * 1024).fill(0x7b);
    const response = streamedResponse(200, JSON_TYPE, () => chunk);
    const { fetch, requests } = fetchOf(() => response);
    const err = await failure(exchangeAssertion(base(fetch)));
    assert.equal(err.code, 'ERR_RESPONSE_TOO_LARGE');
    assert.equal(
      err.message,
      'https://acme.my.salesforce.com answered the token request with more than 65536 bytes (HTTP 200); the rest was not read.',
    );
    assert.equal(requests.length, 1);
    assert.equal(response.reads, 5, 'reads stop at the first chunk past the cap');
    assert.equal(response.cancelled, true);
    assert.deepEqual(
      err.attempts?.map((a) => [a.outcome, a.status, a.problem]),
      [['invalid-response', 200, 'the body passed the 65536-byte cap (81920 bytes read or declared)']],
    );
  });

  it('refuses a declared 200 MB body before reading it, on a 5xx too (never retried)', async () => {
    const response = streamedResponse(503, { 'content-length': String(200 * 1024 * 1024) }, () => new Uint8Array(1));
    const { fetch, requests } = fetchOf(() => response);
    const err = await failure(exchangeAssertion(base(fetch, { retries: 2 })));
    assert.equal(err.code, 'ERR_RESPONSE_TOO_LARGE');
    assert.equal(requests.length, 1);
    assert.equal(response.reads, 0);
    assert.equal(response.cancelled, true);
    assert.deepEqual(err.details, { tokenHost: HOST, status: 503, maxBytes: 65536, attempts: err.attempts });
  });

  it('checks a body that only a fake text() gives after the fact, and honours maxResponseBytes', async () => {
    const fetch = scriptedFetch([{ status: 200, body: { ...TOKEN_BODY, padding: 'x'.repeat(2000) } }]);
    const err = await failure(exchangeAssertion(base(fetch, { maxResponseBytes: 1024 })));
    assert.equal(err.code, 'ERR_RESPONSE_TOO_LARGE');
    assert.equal(fetch.requests.length, 1);
    const token = await exchangeAssertion(
      base(scriptedFetch([{ status: 200, body: TOKEN_BODY }]), { maxResponseBytes: 1024 }),
    );
    assert.equal(token.orgId, '00D5g000004ABCDEAA');
  });

  it('reads a streamed token in chunks (UTF-8 split across chunks)', async () => {
    const bytes = new TextEncoder().encode(JSON.stringify({ ...TOKEN_BODY, scope: 'api wéb' }));
    const response = streamedResponse(200, JSON_TYPE, (i) =>
      i * 7 < bytes.length ? bytes.subarray(i * 7, i * 7 + 7) : undefined,
    );
    const token = await exchangeAssertion(base(fetchOf(() => response).fetch));
    assert.equal(token.scope, 'api wéb');
  });

  it('stops an endless body from a real server at the cap', async () => {
    const server: Server = createServer((_req, res) => {
      res.writeHead(200, JSON_TYPE);
      const block = Buffer.alloc(8192, 0x20);
      const pump = (): void => {
        while (!res.destroyed && res.write(block));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const err = await failure(
        exchangeAssertion({ tokenHost: `http://127.0.0.1:${port}`, assertion: ASSERTION, fetch: globalThis.fetch }),
      );
      assert.equal(err.code, 'ERR_RESPONSE_TOO_LARGE');
      assert.equal(err.attempts?.length, 1);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('exchangeAssertion: one overall deadline', () => {
  it('ends a slow drip at the overall deadline: per-attempt limits first, then what is left of the deadline', async () => {
    const time = fakeTime();
    const drip = (): Uint8Array => {
      time.advance(1000);
      return new Uint8Array([0x20]);
    };
    const { fetch, requests } = fetchOf(() => streamedResponse(200, JSON_TYPE, drip));
    const err = await failure(
      exchangeAssertion(
        base(fetch, {
          timeoutMs: 20_000,
          deadlineMs: 50_000,
          retries: 5,
          monotonic: time.monotonic,
          setTimer: time.setTimer,
          sleep: time.sleep,
        }),
      ),
    );
    assert.equal(err.code, 'ERR_NETWORK_TIMEOUT');
    assert.equal(
      err.message,
      'https://acme.my.salesforce.com did not answer the token request: no complete answer within the overall deadline of 50000 ms (3 attempts).',
    );
    assert.equal(requests.length, 3, 'no fourth attempt: the deadline has passed');
    assert.ok(requests.every((r) => r.signal.aborted));
    // 20 s, backoff 188 ms, 20 s, backoff 375 ms, then the 9 437 ms left of the deadline.
    assert.deepEqual(time.armed, [20_000, 20_000, 9_437]);
    assert.deepEqual(
      err.attempts?.map((a) => [a.outcome, a.durationMs, a.problem]),
      [
        ['timeout', 20_000, 'no complete answer within 20000 ms'],
        ['timeout', 20_000, 'no complete answer within 20000 ms'],
        ['timeout', 10_000, 'no complete answer within the overall deadline of 50000 ms'],
      ],
    );
  });

  it('by default, a token endpoint that never answers costs one 30 s deadline, not three attempts of 30 s', async () => {
    const time = fakeTime();
    const { fetch, requests } = fetchOf((_i, init) => {
      setImmediate(() => time.advance(30_000));
      return waitForAbort(init.signal);
    });
    const err = await failure(
      exchangeAssertion(base(fetch, { monotonic: time.monotonic, setTimer: time.setTimer, sleep: time.sleep })),
    );
    assert.equal(err.code, 'ERR_NETWORK_TIMEOUT');
    assert.equal(requests.length, 1);
    assert.deepEqual(time.armed, [30_000]);
  });

  it('does not start a retry whose backoff would end past the deadline', async () => {
    const time = fakeTime();
    const { fetch, requests } = fetchOf(() => {
      time.advance(900);
      return streamedResponse(503, JSON_TYPE, () => undefined);
    });
    const err = await failure(
      exchangeAssertion(
        base(fetch, {
          deadlineMs: 1000,
          backoffMs: 250,
          retries: 5,
          monotonic: time.monotonic,
          setTimer: time.setTimer,
          sleep: time.sleep,
        }),
      ),
    );
    assert.equal(err.code, 'ERR_HTTP_SERVER_ERROR');
    assert.equal(requests.length, 1);
  });

  it('shares the deadline across fallback candidates: the next one gets only what is left', async () => {
    const time = fakeTime();
    const rejectAudience = new TextEncoder().encode(
      JSON.stringify({ error: 'invalid_grant', error_description: 'audience is invalid' }),
    );
    const { fetch, requests } = fetchOf(() => {
      time.advance(20_000);
      return streamedResponse(400, JSON_TYPE, (i) => (i === 0 ? rejectAudience : undefined));
    });
    const err = await failure(
      exchangeWithFallback({
        candidates: resolveEndpoints({ instanceUrl: HOST }).candidates,
        fetch,
        makeAssertion: () => ASSERTION,
        monotonic: time.monotonic,
        setTimer: time.setTimer,
        sleep: time.sleep,
      }),
    );
    assert.equal(err.code, 'ERR_NETWORK_TIMEOUT');
    assert.equal(
      err.message,
      'https://acme.my.salesforce.com did not answer the token request: no complete answer within the overall deadline of 30000 ms (1 attempt).',
    );
    assert.deepEqual(time.armed, [30_000, 10_000]);
    assert.equal(requests.length, 2, 'the third candidate is not tried after the deadline');
    assert.deepEqual(
      err.attempts?.map((a) => a.outcome),
      ['rejected', 'timeout'],
    );
  });

  it('tries no further candidate once the deadline has passed', async () => {
    const time = fakeTime();
    const fetch = scriptedFetch([
      { status: 400, body: { error: 'invalid_grant', error_description: 'audience is invalid' } },
    ]);
    let signed = 0;
    const err = await failure(
      exchangeWithFallback({
        candidates: resolveEndpoints({ instanceUrl: HOST }).candidates,
        fetch,
        // A slow signer (an HSM, a remote KMS) spends the deadline between two POSTs.
        makeAssertion: () => {
          if (++signed === 2) time.advance(31_000);
          return ASSERTION;
        },
        monotonic: time.monotonic,
        setTimer: time.setTimer,
      }),
    );
    assert.equal(err.code, 'ERR_NETWORK_TIMEOUT');
    assert.equal(
      err.message,
      'The overall deadline of 30000 ms passed before https://acme.my.salesforce.com could be asked for a token.',
    );
    assert.equal(fetch.requests.length, 1);
    assert.deepEqual(
      err.attempts?.map((a) => a.outcome),
      ['rejected'],
    );
  });
});

describe('exchangeAssertion: the caller aborts', () => {
  it('stops mid-retry: no further attempt, ERR_ABORTED with the reason as cause', async () => {
    const controller = new AbortController();
    const reason = new Error('shutting down');
    const fetch = scriptedFetch([{ status: 503, body: 'down' }]);
    const err = await failure(
      exchangeAssertion(
        base(fetch, {
          retries: 2,
          signal: controller.signal,
          sleep: () => {
            controller.abort(reason);
            return new Promise(() => {}); // an injected sleep that ignores the signal still ends at once
          },
        }),
      ),
    );
    assert.equal(err.code, 'ERR_ABORTED');
    assert.equal(err.cause, reason);
    assert.equal(
      err.message,
      "The token request to https://acme.my.salesforce.com was aborted by the caller's signal (1 attempt).",
    );
    assert.equal(fetch.requests.length, 1);
  });

  it('aborts the POST in flight and records it as aborted, without a retry', async () => {
    const controller = new AbortController();
    const { fetch, requests } = fetchOf((_i, init) => {
      setImmediate(() => controller.abort());
      return waitForAbort(init.signal);
    });
    const seen: ExchangeAttempt[] = [];
    const err = await failure(
      exchangeAssertion(
        base(fetch, { retries: 2, signal: controller.signal, monotonic: () => 0, onAttempt: (a) => seen.push(a) }),
      ),
    );
    assert.equal(err.code, 'ERR_ABORTED');
    assert.ok(err.cause instanceof DOMException && err.cause.name === 'AbortError');
    assert.equal(requests.length, 1);
    assert.equal(requests[0]!.signal.aborted, true);
    assert.deepEqual(seen, [
      { host: HOST, audience: HOST, durationMs: 0, outcome: 'aborted', problem: 'aborted by the caller' },
    ]);
  });

  it('ends the default backoff wait at once', async () => {
    const controller = new AbortController();
    const fetch = scriptedFetch([{ status: 503, body: 'down' }]);
    const { sleep: _ignored, ...options } = base(fetch, {
      backoffMs: 60_000,
      deadlineMs: 3_600_000,
      signal: controller.signal,
    });
    const pending = exchangeAssertion(options);
    setImmediate(() => controller.abort(new Error('stop')));
    const err = await failure(pending);
    assert.equal(err.code, 'ERR_ABORTED');
    assert.equal(fetch.requests.length, 1);
  });

  it('makes no request when the signal is already aborted', async () => {
    const fetch = scriptedFetch([{ status: 200, body: TOKEN_BODY }]);
    const err = await failure(exchangeAssertion(base(fetch, { signal: AbortSignal.abort('gone') })));
    assert.equal(err.code, 'ERR_ABORTED');
    assert.equal(err.cause, 'gone');
    assert.equal(fetch.requests.length, 0);
  });

  it('stops the fallback between candidates', async () => {
    const controller = new AbortController();
    const fetch = scriptedFetch([
      { status: 400, body: { error: 'invalid_grant', error_description: 'audience is invalid' } },
    ]);
    let signed = 0;
    const err = await failure(
      exchangeWithFallback({
        candidates: resolveEndpoints({ instanceUrl: HOST }).candidates,
        fetch,
        signal: controller.signal,
        makeAssertion: () => {
          if (++signed === 2) controller.abort();
          return ASSERTION;
        },
      }),
    );
    assert.equal(err.code, 'ERR_ABORTED');
    assert.equal(fetch.requests.length, 1);
    assert.deepEqual(
      err.attempts?.map((a) => a.outcome),
      ['rejected'],
    );
  });
});

describe('exchangeAssertion: onAttempt', () => {
  it('reports each attempt as it ends, never the assertion or the token, and a throwing hook changes nothing', async () => {
    const fetch = scriptedFetch([
      { status: 502, body: 'bad gateway' },
      { status: 200, body: TOKEN_BODY },
    ]);
    const seen: ExchangeAttempt[] = [];
    const token = await exchangeAssertion(
      base(fetch, {
        monotonic: () => 0,
        onAttempt: (a) => {
          seen.push(a);
          throw new Error('logger down');
        },
      }),
    );
    assert.equal(token.orgId, '00D5g000004ABCDEAA');
    assert.deepEqual(seen, token.attempts);
    assert.deepEqual(
      seen.map((a) => [a.host, a.audience, a.status, a.outcome]),
      [
        [HOST, HOST, 502, 'server-error'],
        [HOST, HOST, 200, 'success'],
      ],
    );
    assertNoSecrets(seen);
  });

  it('gives the fallback reason with each attempt', async () => {
    const steps: Step[] = [
      { status: 400, body: { error: 'invalid_grant', error_description: 'audience is invalid' } },
      { status: 200, body: TOKEN_BODY },
    ];
    const candidates = resolveEndpoints({ instanceUrl: HOST }).candidates;
    const seen: ExchangeAttempt[] = [];
    const token = await exchangeWithFallback({
      candidates,
      fetch: scriptedFetch(steps),
      retries: 0,
      makeAssertion: () => ASSERTION,
      onAttempt: (a) => seen.push(a),
    });
    assert.deepEqual(seen, token.attempts);
    assert.equal(
      seen[1]!.reason,
      `after "audience is invalid" from ${HOST} with aud ${HOST}; ${candidates[1]!.reason}`,
    );
    assertNoSecrets(seen);
  });
});

describe('exchangeAssertion: no token for a plain-http instance URL', () => {
  it('refuses http://… from an https token host before the token is returned, without retrying', async () => {
    const fetch = scriptedFetch([
      { status: 200, body: { ...TOKEN_BODY, instance_url: 'http://acme.my.salesforce.com' } },
    ]);
    const err = await failure(exchangeAssertion(base(fetch, { retries: 2 })));
    assert.equal(err.code, 'ERR_INSECURE_INSTANCE_URL');
    assert.equal(
      err.message,
      'https://acme.my.salesforce.com issued a token for the plain-http instance URL http://acme.my.salesforce.com; the token was not used.',
    );
    assert.equal(fetch.requests.length, 1);
    assert.deepEqual(
      err.attempts?.map((a) => a.outcome),
      ['invalid-response'],
    );
    assertNoSecrets(err);
    assertNoSecrets(err.details);
  });

  it('allows a loopback instance URL over http (a local emulator)', async () => {
    for (const [tokenHost, instanceUrl] of [
      ['http://127.0.0.1:8443', 'http://127.0.0.1:8443'],
      [HOST, 'http://localhost:9000'],
      [HOST, 'http://[::1]:9000'],
    ] as const) {
      const token = await exchangeAssertion(
        base(scriptedFetch([{ status: 200, body: { ...TOKEN_BODY, instance_url: instanceUrl } }]), { tokenHost }),
      );
      assert.equal(token.instanceUrl, instanceUrl);
    }
  });

  it('is a coded error for any token host', async () => {
    const fetch = scriptedFetch([{ status: 200, body: { ...TOKEN_BODY, instance_url: 'http://10.0.0.1' } }]);
    const err = await exchangeAssertion(base(fetch, { tokenHost: 'http://127.0.0.1:8443' })).catch((e: unknown) => e);
    assert.ok(isJwtCoreError(err, 'ERR_INSECURE_INSTANCE_URL'));
  });
});
