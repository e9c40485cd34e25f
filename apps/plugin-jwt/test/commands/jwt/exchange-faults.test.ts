/**
 * Retries and timeouts of jwt-core's exchange against the emulator's fault injection (real sockets): 5xx, HTML
 * pages, connection resets and malformed JSON are retried with backoff; a hang times out; an OAuth error is never
 * retried. Backoff sleeps are recorded, not waited, so nothing here is timed.
 */
import { strict as assert } from 'node:assert';
import {
  createAssertion,
  exchangeAssertion,
  isJwtCoreError,
  loadPrivateKey,
  type ExchangeOptions,
  type TokenResult,
} from '@sfjwt/jwt-core';
import type { FaultSpec } from '@sfjwt/salesforce-emulator';
import JwtToken, { type TokenCommandResult } from '../../../src/commands/jwt/token.js';
import { startDemo, type DemoEmulator } from '../../support/emulator.js';
import { runInProcess } from './harness.js';

describe('exchange faults (against the emulator)', function () {
  this.timeout(60_000);
  let demo: DemoEmulator;
  let sleeps: number[];
  before(async () => {
    demo = await startDemo();
  });
  after(() => demo.stop());
  beforeEach(() => {
    sleeps = [];
    demo.emulator.setFaults([]);
    demo.emulator.resetStats();
  });

  function exchange(fault: FaultSpec | FaultSpec[], extra: Partial<ExchangeOptions> = {}): Promise<TokenResult> {
    demo.emulator.setFaults(fault);
    const { assertion } = createAssertion({
      clientId: demo.consumerKey,
      username: demo.username,
      audience: demo.emulator.url,
      now: Date.now,
      key: loadPrivateKey(demo.privateKeyPem).keyObject,
    });
    return exchangeAssertion({
      tokenHost: demo.emulator.url,
      assertion,
      fetch: globalThis.fetch,
      random: () => 0.5,
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
      ...extra,
    });
  }

  const outcomes = (token: TokenResult): string[] => token.attempts.map((a) => a.outcome);

  for (const [name, fault, first] of [
    ['a 503 once', { route: 'token', status: 503, times: 1 }, 'server-error'],
    ['an HTML maintenance page once', { route: 'token', html: true, status: 503, times: 1 }, 'server-error'],
    ['an HTML page with status 200 once', { route: 'token', html: true, times: 1 }, 'invalid-response'],
    ['a connection reset once', { route: 'token', reset: true, times: 1 }, 'network-error'],
    ['malformed JSON once', { route: 'token', malformedJson: true, times: 1 }, 'invalid-response'],
  ] as const) {
    it(`retries ${name}, then succeeds`, async () => {
      const token = await exchange(fault);
      assert.deepEqual(outcomes(token), [first, 'success']);
      assert.deepEqual(sleeps, [188]);
      assert.equal(demo.emulator.stats().requests.filter((r) => r.route === 'token').length, 2);
    });
  }

  it('gives up after 2 retries with exponential backoff: ERR_HTTP_SERVER_ERROR', async () => {
    const err = await exchange({ route: 'token', status: 502 }).catch((e: unknown) => e);
    assert.ok(isJwtCoreError(err, 'ERR_HTTP_SERVER_ERROR'));
    assert.equal(
      err.message,
      `${demo.emulator.url} failed with a server error: HTTP 502 with a body that is not JSON (3 attempts).`,
    );
    assert.deepEqual(sleeps, [188, 375]);
  });

  it('times out a hanging token endpoint (ERR_NETWORK_TIMEOUT), retrying first', async () => {
    const err = await exchange({ route: 'token', hang: true }, { timeoutMs: 300, retries: 1 }).catch((e: unknown) => e);
    assert.ok(isJwtCoreError(err, 'ERR_NETWORK_TIMEOUT'));
    assert.equal(
      err.message,
      `${demo.emulator.url} did not answer the token request: no complete answer within 300 ms (2 attempts).`,
    );
    assert.equal(demo.emulator.stats().counts['token hang'], 2);
  });

  it('never retries an OAuth error, even with retries left', async () => {
    demo.emulator.setUser(demo.username, { active: false });
    try {
      const err = await exchange([], { retries: 5 }).catch((e: unknown) => e);
      assert.ok(isJwtCoreError(err, 'ERR_TOKEN_GRANT_REJECTED'));
      assert.equal(demo.emulator.stats().requests.filter((r) => r.route === 'token').length, 1);
      assert.deepEqual(sleeps, []);
    } finally {
      demo.emulator.setUser(demo.username, { active: true });
    }
  });

  it('sf jwt token reports the retried attempt and still prints the token', async () => {
    demo.emulator.setFaults({ route: 'token', status: 500, times: 1 });
    const out = await runInProcess<TokenCommandResult>(JwtToken, [...demo.flags(), '--json'], { SFJWT_KEY: undefined });
    assert.equal(out.exitCode, 0, out.stderr);
    assert.deepEqual(
      out.result!.attempts.map((a) => [a.outcome, a.status]),
      [
        ['server-error', 500],
        ['success', 200],
      ],
    );
  });

  it('sf jwt token fails cleanly when nothing listens (ERR_NETWORK, exit 1, no TypeError)', async () => {
    const { createServer } = await import('node:net');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const base = demo.flags().map((v) => (v === demo.emulator.url ? `http://127.0.0.1:${port}` : v));
    const out = await runInProcess<TokenCommandResult>(JwtToken, base, { SFJWT_KEY: undefined });
    assert.equal(out.exitCode, 75);
    assert.equal(out.error?.name, 'ERR_NETWORK');
    assert.equal(
      out.error?.message,
      `Could not reach http://127.0.0.1:${port}: the connection was refused (ECONNREFUSED) (3 attempts).`,
    );
  });
});
