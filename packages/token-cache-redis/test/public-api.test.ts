// The package's exports are its public API: this list changes only on purpose.
import { strict as assert } from 'node:assert';
import * as api from '../src/index.js';

describe('public API', () => {
  it('exports exactly these values', () => {
    assert.deepEqual(Object.keys(api).sort(), [
      'DEFAULT_COMMAND_TIMEOUT_MS',
      'DEFAULT_KEY_PREFIX',
      'DEFAULT_LOCK_TTL_MS',
      'EXPIRY_MARGIN_MS',
      'RedisTokenCacheError',
      'createRedisTokenCache',
      'isRedisTokenCacheError',
    ]);
    assert.equal(api.DEFAULT_KEY_PREFIX, 'sfjwt:');
    assert.equal(api.DEFAULT_COMMAND_TIMEOUT_MS, 1_000);
    assert.equal(api.EXPIRY_MARGIN_MS, 5_000);
    assert.equal(api.DEFAULT_LOCK_TTL_MS, 3_000);
  });

  it('errors carry a stable code, a fix, and their name', () => {
    const error = new api.RedisTokenCacheError('ERR_CACHE_REDIS', 'Redis did not complete GET.', 'Start Redis.');
    assert.ok(error instanceof Error);
    assert.equal(error.name, 'RedisTokenCacheError');
    assert.equal(error.code, 'ERR_CACHE_REDIS');
    assert.equal(error.fix, 'Start Redis.');
    assert.ok(api.isRedisTokenCacheError(error, 'ERR_CACHE_REDIS'));
    assert.ok(!api.isRedisTokenCacheError(error, 'ERR_CACHE_OPTIONS'));
    assert.ok(!api.isRedisTokenCacheError(new Error('x')));
  });
});
