// Properties of the Redis value codec and seal (issue 27), against the current API (issue 26 reworks both: adapt at
// merge): any stored text decodes to a token or a coded RedisTokenCacheError that never quotes the access token;
// what encodeValue writes decodes to the same token, sealed or not, and a sealed value opens only at its own key.
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { assertCoded, assertNoSecret, describeProperties, fc, mutatedText, outcomeOf } from '@sfjwt/test-support/fuzz';
import { decodeValue, encodeValue } from '../src/codec.js';
import { RedisTokenCacheError } from '../src/errors.js';
import type { CachedAccessToken } from '../src/types.js';

const SEAL_KEY = randomBytes(32);
const REDIS_KEY = 'sfjwt:token:0123';
const token = fc.record(
  {
    accessToken: fc.stringMatching(/^00D[A-Za-z0-9]{12}![A-Za-z0-9._]{20,60}$/),
    instanceUrl: fc.constant('https://acme.my.salesforce.com'),
    tokenHost: fc.constant('https://login.salesforce.com'),
    id: fc.constant('https://login.salesforce.com/id/00D000000000001AAA/005000000000001AAA'),
    issuedAt: fc.integer({ min: 0, max: 2 ** 42 }),
    expiresAt: fc.integer({ min: 0, max: 2 ** 42 }),
  },
  { noNullPrototype: true },
) as fc.Arbitrary<CachedAccessToken>;
const sealKey = fc.constantFrom(SEAL_KEY, undefined);

describeProperties('token-cache-redis/codec', {
  'what we encode decodes to the same token, sealed or not; sealed only at its own key': {
    runs: 100,
    property: () =>
      fc.property(token, sealKey, (value, key) => {
        const stored = encodeValue(REDIS_KEY, value, key);
        assert.deepEqual(decodeValue(REDIS_KEY, stored, key), value);
        if (key !== undefined)
          assertCoded(
            outcomeOf(() => decodeValue(`${REDIS_KEY}x`, stored, key)),
            RedisTokenCacheError,
          );
      }),
  },
  'a mutated or foreign value decodes to its token or a coded error without the token': {
    runs: 300,
    property: () =>
      fc.property(
        token.chain((value) =>
          fc.tuple(
            fc.constant(value),
            sealKey.chain((key) =>
              fc.tuple(fc.constant(key), mutatedText(fc.constant(encodeValue(REDIS_KEY, value, key)))),
            ),
          ),
        ),
        ([value, [key, stored]]) => {
          let decoded: CachedAccessToken | undefined;
          const error = outcomeOf(() => (decoded = decodeValue(REDIS_KEY, stored, key)));
          if (error === undefined) return assert.ok(typeof decoded!.accessToken === 'string');
          assertCoded(error, RedisTokenCacheError);
          assertNoSecret(error, [value.accessToken]);
        },
      ),
  },
});
