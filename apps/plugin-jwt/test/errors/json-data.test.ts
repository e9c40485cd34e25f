import { strict as assert } from 'node:assert';
import { jsonObject, toJsonValue } from '../../src/errors/json-data.js';

describe('jsonObject / toJsonValue', () => {
  // The error envelope's `data` must read exactly as JSON.stringify would have written jwt-core's details.
  const details = {
    tokenHost: 'https://login.salesforce.com',
    status: 302,
    location: undefined,
    ok: false,
    nothing: null,
    nan: Number.NaN,
    at: new Date(Date.UTC(2030, 0, 2, 3, 4, 5)),
    fn: () => 1,
    nested: { list: [1, undefined, 'x', () => 2, { deep: [true] }], gone: undefined },
  };

  it('writes what JSON.stringify writes, key order included', () => {
    assert.equal(JSON.stringify(jsonObject(details)), JSON.stringify(details));
    assert.deepEqual(jsonObject(details), JSON.parse(JSON.stringify(details)));
  });

  it('keeps only JSON values: undefined, functions and symbols vanish; bigints become decimal strings', () => {
    assert.equal(toJsonValue(undefined), undefined);
    assert.equal(toJsonValue(Symbol('s')), undefined);
    assert.equal(
      toJsonValue(() => 0),
      undefined,
    );
    assert.equal(toJsonValue(10n ** 20n), '100000000000000000000');
    assert.equal(toJsonValue(Number.POSITIVE_INFINITY), null);
    assert.deepEqual(jsonObject({ a: undefined, b: 'kept' }), { b: 'kept' });
  });
});
