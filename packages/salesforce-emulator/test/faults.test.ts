// Fault injection: each mode from code and from the config, per route or global, once or always.
import assert from 'node:assert/strict';
import { EmulatorConfigError, startEmulator, type Emulator } from '../src/index.js';
import { json, postAssertion, request } from './support/http.js';
import { signJws } from './support/jwt.js';
import { ACME, CA_KEY, NOW, claims, demo, multiOrgConfig } from './support/setup.js';

describe('faults', () => {
  let emulator: Emulator;
  const versions = () => request(`${emulator.url}/services/data`);
  const token = () =>
    postAssertion(emulator.url, signJws(demo().privateKeyPem, claims(CA_KEY, 'admin@acme.example', ACME)));

  beforeEach(async () => {
    emulator = await startEmulator({ ...multiOrgConfig(), rateLimit: false }, { now: () => NOW });
  });
  afterEach(() => emulator.stop());

  it('status 503 once, then normal answers', async () => {
    emulator.setFaults({ status: 503, times: 1 });
    const first = await token();
    assert.equal(first.status, 503);
    assert.equal(first.body, 'Service Unavailable');
    assert.equal(first.headers['content-type'], 'text/plain;charset=UTF-8');
    assert.equal((await token()).status, 200);
    assert.deepEqual(emulator.faults.list(), []);
    assert.equal(emulator.stats().requests[0]?.fault, 'status 503');
  });

  it('status 500 always, only on the targeted route', async () => {
    emulator.setFaults([{ route: 'token', status: 500 }]);
    for (let i = 0; i < 3; i++) assert.equal((await token()).status, 500);
    assert.equal((await versions()).status, 200);
    assert.deepEqual(emulator.faults.list(), [{ route: 'token', status: 500, remaining: Infinity }]);
  });

  it('HTML pages: 200 by default (a proxy), or the given status', async () => {
    emulator.setFaults([
      { html: true, times: 1 },
      { html: true, status: 502, times: 1 },
    ]);
    const proxy = await token();
    assert.equal(proxy.status, 200);
    assert.equal(proxy.headers['content-type'], 'text/html;charset=UTF-8');
    assert.match(proxy.body, /^<!DOCTYPE html>/);
    assert.throws(() => JSON.parse(proxy.body) as unknown);
    const gateway = await token();
    assert.equal(gateway.status, 502);
    assert.match(gateway.body, /<title>Service Unavailable<\/title>/);
  });

  it('connection reset: the client sees ECONNRESET', async () => {
    emulator.setFaults([{ reset: true, times: 1 }]);
    await assert.rejects(token(), (e: NodeJS.ErrnoException) => e.code === 'ECONNRESET');
    assert.equal((await token()).status, 200);
    assert.equal(emulator.stats().requests[0]?.outcome, 'reset');
    assert.equal(emulator.stats().counts['token reset'], 1);
  });

  it('hang: no answer until the client gives up; stop() still returns', async () => {
    emulator.setFaults([{ hang: true }]);
    await assert.rejects(request(`${emulator.url}/services/data`, { timeoutMs: 150 }), /client timeout/);
    assert.equal(emulator.stats().requests[0]?.outcome, 'hang');
    const pending = request(`${emulator.url}/services/data`).catch((e: Error) => e);
    // Stop only once the emulator holds the second request (else the connection is merely refused).
    while (emulator.stats().requests[1]?.outcome !== 'hang') await new Promise((r) => setImmediate(r));
    await emulator.stop();
    const outcome = await pending;
    assert.ok(outcome instanceof Error, 'the hanging request ends when the emulator stops');
  });

  it('malformed JSON: 200 with a truncated JSON body', async () => {
    emulator.setFaults([{ malformedJson: true, route: 'token' }]);
    const res = await token();
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'application/json;charset=UTF-8');
    assert.throws(() => JSON.parse(res.body) as unknown, SyntaxError);
  });

  it('rate limited: login rate exceeded on the token endpoint, REQUEST_LIMIT_EXCEEDED on REST', async () => {
    emulator.setFaults([{ rateLimited: true }]);
    const res = await token();
    assert.equal(res.status, 400);
    assert.deepEqual(json(res), { error: 'invalid_grant', error_description: 'login rate exceeded' });
    const rest = await request(`${emulator.url}/services/data/v67.0`);
    assert.equal(rest.status, 403);
    assert.deepEqual(json(rest), [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
  });

  it('latency holds the answer until latencyMs have passed (and combines with an action)', async () => {
    // The emulator's sleep is injected: the test sees the wait asked for and ends it, no timing involved.
    await emulator.stop();
    const waits: number[] = [];
    let endWait = (): void => undefined;
    let waiting = (): void => undefined;
    const waitAsked = new Promise<void>((resolve) => (waiting = resolve));
    const sleep = (ms: number) => new Promise<void>((resolve) => (waits.push(ms), (endWait = resolve), waiting()));
    emulator = await startEmulator({ ...multiOrgConfig(), rateLimit: false }, { now: () => NOW, sleep });
    emulator.setFaults([{ latencyMs: 120, status: 503, times: 1 }]);
    const answer = token();
    await waitAsked;
    assert.deepEqual(waits, [120]);
    assert.equal(emulator.stats().requests[0]?.status, undefined, 'no answer while the latency runs');
    endWait();
    const res = await answer;
    assert.equal(res.status, 503);
    assert.equal(emulator.stats().requests[0]?.fault, 'latency 120ms, status 503');
    assert.equal((await token()).status, 200);
    assert.deepEqual(waits, [120], 'a fault used up adds no more latency');
  });

  it('faults from the config apply from the first request', async () => {
    await emulator.stop();
    emulator = await startEmulator({ ...multiOrgConfig(), faults: [{ route: 'versions', status: 504, times: 2 }] });
    assert.equal((await versions()).status, 504);
    assert.equal((await versions()).status, 504);
    assert.equal((await versions()).status, 200);
  });

  it('faults are validated: unknown keys, non-5xx status, several actions, no effect', () => {
    assert.throws(
      () =>
        emulator.setFaults([
          { status: 404 },
          { reset: true, hang: true },
          {},
          { route: 'nope' } as never,
          { lag: 1 } as never,
        ]),
      (e: unknown) => {
        assert.ok(e instanceof EmulatorConfigError);
        assert.deepEqual(
          e.issues.map((i) => `${i.path}: ${i.reason}`),
          [
            'faults[0].status: must be a 5xx status unless "html" is set (got 404)',
            'faults[1]: combines reset and hang: give one action per fault (latencyMs may accompany it)',
            'faults[2]: does nothing: set latencyMs and/or one of status, html, reset, hang, malformedJson, rateLimited',
            'faults[3].route: must be one of "token", "authorize", "revoke", "userinfo", "identity", "versions", "resources", "query", "tooling-query", "metadata-soap", "metadata-rest", "sobjects", "singleaccess", "limits", "other", "*" (got "nope")',
            'faults[3]: does nothing: set latencyMs and/or one of status, html, reset, hang, malformedJson, rateLimited',
            'faults[4].lag: unknown property (allowed: route, times, latencyMs, status, html, reset, hang, malformedJson, rateLimited)',
            'faults[4]: does nothing: set latencyMs and/or one of status, html, reset, hang, malformedJson, rateLimited',
          ],
        );
        return true;
      },
    );
  });
});
