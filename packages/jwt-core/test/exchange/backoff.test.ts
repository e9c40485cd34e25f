import { strict as assert } from 'node:assert';
import { MAX_RETRY_AFTER_MS, backoffDelay, parseRetryAfter } from '../../src/exchange/backoff.js';

describe('backoffDelay', () => {
  const cases: [number, number, number, number | undefined, number][] = [
    [0, 250, 0, undefined, 125],
    [0, 250, 0.999999, undefined, 250],
    [1, 250, 0, undefined, 250],
    [2, 250, 0.5, undefined, 750],
    [0, 250, 0, 3000, 3000],
    [0, 250, 0, 60_000, MAX_RETRY_AFTER_MS],
    [3, 1000, 0, 2000, 4000],
  ];
  for (const [retry, base, random, after, expected] of cases) {
    it(`retry ${retry}, base ${base}, random ${random}, Retry-After ${after} → ${expected} ms`, () => {
      assert.equal(
        backoffDelay(retry, base, () => random, after),
        expected,
      );
    });
  }

  it('parses delta-seconds Retry-After only', () => {
    assert.equal(parseRetryAfter('3'), 3000);
    assert.equal(parseRetryAfter(' 0 '), 0);
    assert.equal(parseRetryAfter('Wed, 21 Oct 2026 07:28:00 GMT'), undefined);
    assert.equal(parseRetryAfter(null), undefined);
  });
});
