import { strict as assert } from 'node:assert';
import { JwtCoreError, KeyError, TokenExchangeError, TransportError, UrlError, isJwtCoreError } from '../src/errors.js';
import type { ExchangeAttempt } from '../src/exchange/types.js';

const HOST = 'https://acme.my.salesforce.com';
const attempt = (outcome: ExchangeAttempt['outcome'], durationMs: number): ExchangeAttempt => ({
  host: HOST,
  outcome,
  durationMs,
});

describe('errors', () => {
  it('carries a stable code, a fix and the subclass name', () => {
    const err = new KeyError('ERR_KEY_EMPTY', 'The key is empty.', { fix: 'Give the PEM file.' });
    assert.ok(err instanceof JwtCoreError);
    assert.equal(err.name, 'KeyError');
    assert.equal(err.code, 'ERR_KEY_EMPTY');
    assert.equal(err.fix, 'Give the PEM file.');
    assert.deepEqual(err.details, {});
    assert.ok(isJwtCoreError(err, 'ERR_KEY_EMPTY'));
    assert.ok(!isJwtCoreError(err, 'ERR_KEY_NOT_PEM'));
    assert.ok(!isJwtCoreError(new Error('x')));
  });

  it('types each subclass to its own codes', () => {
    // Compile-time checks (the typecheck step fails if a subclass accepts another family's code again).
    // @ts-expect-error a KeyError cannot carry a URL code
    const wrong = new KeyError('ERR_URL_INVALID', 'x', { fix: 'y' });
    // @ts-expect-error a UrlError cannot carry a key code
    const alsoWrong = new UrlError('ERR_KEY_EMPTY', 'x', { fix: 'y' });
    assert.equal(wrong.code, 'ERR_URL_INVALID', 'the runtime does not check; the types do');
    assert.equal(alsoWrong.name, 'UrlError');
  });

  it('keeps the ES2022 cause, non-enumerable, and only when given', () => {
    const cause = new Error('bad decrypt');
    const err = new KeyError('ERR_KEY_PASSPHRASE_WRONG', 'The passphrase does not decrypt the private key.', {
      fix: 'f',
      cause,
    });
    assert.equal(err.cause, cause);
    assert.ok(!Object.keys(err).includes('cause'));
    assert.ok(!('cause' in new KeyError('ERR_KEY_EMPTY', 'm', { fix: 'f' })));
  });

  it('TransportError keeps its attempts typed and, for --json, last in details', () => {
    const attempts = [attempt('network-error', 5), attempt('network-error', 7)];
    const err = new TransportError('ERR_NETWORK', 'm', {
      fix: 'f',
      details: { tokenHost: HOST, networkCode: 'ECONNREFUSED' },
      attempts,
    });
    assert.deepEqual(err.attempts, attempts);
    assert.deepEqual(Object.keys(err.details), ['tokenHost', 'networkCode', 'attempts']);
    assert.deepEqual(err.details['attempts'], attempts);
    const early = new TransportError('ERR_PROXY_INVALID', 'm', { fix: 'f', details: { protocol: 'socks5:' } });
    assert.equal(early.attempts, undefined);
    assert.deepEqual(early.details, { protocol: 'socks5:' });
  });

  it('TransportError.withAttempts keeps code, message, fix, details, cause and stack', () => {
    const cause = new Error('socket hang up');
    const err = new TransportError('ERR_PROXY_INVALID', 'The proxy refused.', {
      fix: 'f',
      details: { proxyStatus: 407 },
      cause,
    });
    const earlier = [attempt('rejected', 3)];
    const copy = err.withAttempts(earlier);
    assert.ok(copy instanceof TransportError);
    assert.deepEqual(
      [copy.code, copy.message, copy.fix, copy.cause, copy.stack],
      [err.code, err.message, err.fix, cause, err.stack],
    );
    assert.deepEqual(copy.attempts, earlier);
    assert.deepEqual(copy.details, { proxyStatus: 407, attempts: earlier });
    const again = copy.withAttempts([...earlier, attempt('network-error', 4)]);
    assert.deepEqual(Object.keys(again.details), ['proxyStatus', 'attempts']);
    assert.equal(again.attempts?.length, 2);
    assert.ok(!('cause' in new TransportError('ERR_NETWORK', 'm', { fix: 'f' }).withAttempts([])));
  });

  it('TokenExchangeError.withAttempts keeps the rejection facts and the diagnosis', () => {
    const diagnosis = { summary: 's', causes: [] };
    const err = new TokenExchangeError({
      status: 400,
      error: 'invalid_grant',
      errorDescription: 'inactive user',
      serverDate: 1,
      tokenHost: HOST,
      audience: HOST,
      attempts: [attempt('rejected', 9)],
      diagnosis,
    });
    const all = [attempt('rejected', 8), attempt('rejected', 9)];
    const copy = err.withAttempts(all);
    assert.deepEqual(
      [
        copy.code,
        copy.message,
        copy.fix,
        copy.status,
        copy.error,
        copy.errorDescription,
        copy.serverDate,
        copy.tokenHost,
        copy.audience,
        copy.diagnosis,
        copy.stack,
      ],
      [err.code, err.message, err.fix, 400, 'invalid_grant', 'inactive user', 1, HOST, HOST, diagnosis, err.stack],
    );
    assert.deepEqual(copy.attempts, all);
    assert.deepEqual(copy.details, { ...err.details, attempts: all });
  });
});
