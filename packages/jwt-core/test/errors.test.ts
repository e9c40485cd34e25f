import { strict as assert } from 'node:assert';
import { JwtCoreError, KeyError, isJwtCoreError } from '../src/errors.js';

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
});
