// A key ring (privateKey as a list) is one operation: one deadline for every key, every key's attempt reported with
// its fingerprint when all are refused, with advice for the ring, and a key given twice tried once.
import { strict as assert } from 'node:assert';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mintAccessToken } from '../../src/client/mint.js';
import { TokenExchangeError, TransportError } from '../../src/errors.js';
import type { ExchangeRequestInit, ExchangeResponse, FetchLike } from '../../src/exchange/types.js';
import { publicKeyFingerprint } from '../../src/keys/public-key-fingerprint.js';
import { TOKEN_BODY, scriptedFetch } from '../support/fake-fetch.js';
import { fakeTime } from '../support/fake-time.js';

const HOST = 'https://acme.my.salesforce.com';
const NOW = Date.parse('2026-08-04T10:00:00Z');
const INVALID_ASSERTION = { error: 'invalid_grant', error_description: 'invalid assertion' };

const keys: KeyObject[] = Array.from(
  { length: 3 },
  () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
);
const fingerprints = keys.map((k) => publicKeyFingerprint(k));

const base = { clientId: '3MVG9ringtest', username: 'integration@acme.com', instanceUrl: HOST, now: () => NOW };

function answer(status: number, body: unknown): ExchangeResponse {
  return {
    status,
    headers: { get: (name) => (name.toLowerCase() === 'content-type' ? 'application/json' : null) },
    text: () => Promise.resolve(JSON.stringify(body)),
  };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => assert.fail('expected a rejection'),
    (e: unknown) => e,
  );
}

describe('mintAccessToken with a key ring', () => {
  it('shares one deadline across the keys: 3 keys, 2.8 s answers, deadline 3 s → 2 POSTs, the second cut at 200 ms', async () => {
    const time = fakeTime();
    const requests: ExchangeRequestInit[] = [];
    // Each answer takes 2.8 s on the injected clock; a request whose time ran out meanwhile is aborted.
    const fetch: FetchLike = (_url, init) => {
      requests.push(init);
      time.advance(2_800);
      if (init.signal.aborted) return Promise.reject(new DOMException('aborted', 'AbortError'));
      return Promise.resolve(answer(400, INVALID_ASSERTION));
    };
    const err = await rejection(
      mintAccessToken({
        ...base,
        privateKey: keys,
        fetch,
        deadlineMs: 3_000,
        monotonic: time.monotonic,
        setTimer: time.setTimer,
        sleep: time.sleep,
      }),
    );
    assert.ok(err instanceof TransportError, String(err));
    assert.equal(err.code, 'ERR_NETWORK_TIMEOUT');
    assert.equal(requests.length, 2, 'no third key once the deadline has passed');
    // The first key's POST may take the whole 3 s; the second gets the 200 ms left, not a fresh 3 s.
    assert.deepEqual(time.armed, [3_000, 200]);
    assert.deepEqual(
      err.attempts?.map((a) => [a.keyFingerprint, a.outcome]),
      [
        [fingerprints[0], 'rejected'],
        [fingerprints[1], 'timeout'],
      ],
    );
  });

  it('every key refused: each key’s attempt with its fingerprint, and advice for the ring', async () => {
    const fetch = scriptedFetch([{ status: 400, body: INVALID_ASSERTION }]);
    const err = await rejection(mintAccessToken({ ...base, privateKey: keys, fetch }));
    assert.ok(err instanceof TokenExchangeError, String(err));
    assert.equal(fetch.requests.length, 3);
    assert.deepEqual(
      err.attempts.map((a) => [a.keyFingerprint, a.outcome, a.errorDescription]),
      fingerprints.map((f) => [f, 'rejected', 'invalid assertion']),
    );
    assert.deepEqual((err.details as { attempts: unknown[] }).attempts, err.attempts);
    const top = err.diagnosis!.causes[0]!;
    assert.equal(top.id, 'key-certificate-mismatch');
    assert.equal(top.likelihood, 'likely');
    assert.equal(top.title, 'none of the 3 private keys tried belongs to the certificate uploaded to the app.');
    assert.equal(
      top.evidence[0],
      `Salesforce refused the assertion of each key (public-key SHA-256): ${fingerprints.join(', ')}.`,
    );
    assert.ok(
      top.fix.startsWith(
        `Upload to the app the certificate of the key that should sign (in a rotation the new one, tried first: ${fingerprints[0]})`,
      ),
      top.fix,
    );
    assert.doesNotMatch(top.fix + top.title + err.message, /this key/);
    assert.deepEqual(err.diagnosis!.quoted?.keyFingerprints, fingerprints);
    assert.equal(
      err.message,
      `Salesforce rejected the JWT bearer grant at ${HOST} (invalid_grant: invalid assertion). Most likely: ${top.title}`,
    );
    assert.ok(err.diagnosis!.summary.includes(top.title), err.diagnosis!.summary);
  });

  it('one key refused: its attempts name it, the advice stays the single key’s', async () => {
    const fetch = scriptedFetch([{ status: 400, body: INVALID_ASSERTION }]);
    const err = await rejection(mintAccessToken({ ...base, privateKey: keys[0]!, fetch }));
    assert.ok(err instanceof TokenExchangeError);
    assert.deepEqual(
      err.attempts.map((a) => a.keyFingerprint),
      [fingerprints[0]],
    );
    assert.equal(err.diagnosis!.quoted?.keyFingerprints, undefined);
    assert.match(
      err.diagnosis!.causes.find((c) => c.id === 'key-certificate-mismatch')!.title,
      /^the private key does not/,
    );
  });

  it('a first key refused, the second rejected for another reason: both keys’ attempts, the second’s diagnosis', async () => {
    const fetch = scriptedFetch([
      { status: 400, body: INVALID_ASSERTION },
      { status: 400, body: { error: 'invalid_grant', error_description: "user hasn't approved this consumer" } },
    ]);
    const err = await rejection(mintAccessToken({ ...base, privateKey: keys.slice(0, 2), fetch }));
    assert.ok(err instanceof TokenExchangeError);
    // The second key's answer may move on to a documented aud (a pair symptom): all its POSTs name it.
    const [first, ...second] = err.attempts;
    assert.deepEqual([first!.keyFingerprint, first!.errorDescription], [fingerprints[0], 'invalid assertion']);
    assert.ok(second.length >= 1);
    for (const a of second)
      assert.deepEqual([a.keyFingerprint, a.errorDescription], [fingerprints[1], "user hasn't approved this consumer"]);
    assert.equal(err.errorDescription, "user hasn't approved this consumer");
  });

  it('the same key given 5 times (PEM and KeyObject alike) is tried once: one login', async () => {
    const pem = keys[0]!.export({ type: 'pkcs8', format: 'pem' }) as string;
    const fetch = scriptedFetch([{ status: 400, body: INVALID_ASSERTION }]);
    const err = await rejection(mintAccessToken({ ...base, privateKey: [pem, keys[0]!, pem, pem, keys[0]!], fetch }));
    assert.ok(err instanceof TokenExchangeError);
    assert.equal(fetch.requests.length, 1);
    assert.equal(err.diagnosis!.quoted?.keyFingerprints, undefined, 'one key: the single key’s advice');

    const ok = scriptedFetch([
      { status: 400, body: INVALID_ASSERTION },
      { status: 200, body: TOKEN_BODY },
    ]);
    const token = await mintAccessToken({ ...base, privateKey: [keys[1]!, keys[1]!, keys[2]!, keys[1]!], fetch: ok });
    assert.equal(ok.requests.length, 2, 'key 1 once, then key 2');
    assert.deepEqual(
      token.attempts.map((a) => [a.keyFingerprint, a.outcome]),
      [
        [fingerprints[1], 'rejected'],
        [fingerprints[2], 'success'],
      ],
    );
  });
});
