// Properties of the shared cache's stored values as jwt-core reads them (issue 27): a cache is as untrusted as the
// network, so any value, and valid entries mutated, is either refused with a reason that never quotes the access
// token, or is an entry whose token can be served (printable token, instance origin, identity URL) without throwing.
import { strict as assert } from 'node:assert';
import { describeProperties, fc, hostileText, mutatedText } from '@sfjwt/test-support/fuzz';
import { cachedEntryProblem, entryFreshness, tokenOfEntry } from '../../src/client/shared-cache.js';
import type { CachedAccessToken } from '../../src/client/token-cache.js';
import { instanceOriginProblem, isPrintableAccessToken } from '../../src/exchange/instance-url.js';

const ACCESS_TOKEN = '00D000000000001!AQ8AQFakeAccessTokenForProperties.0123456789';
const VALID: CachedAccessToken = {
  accessToken: ACCESS_TOKEN,
  instanceUrl: 'https://acme.my.salesforce.com',
  tokenHost: 'https://login.salesforce.com',
  audience: 'https://login.salesforce.com',
  id: 'https://login.salesforce.com/id/00D000000000001AAA/005000000000001AAA',
  scope: 'api',
  tokenType: 'Bearer',
  issuedAt: 1_700_000_000_000,
  expiresAt: 1_700_007_200_000,
};

/** One field of the valid entry replaced by something a confused or hostile writer stores. */
const fieldMutation = fc.tuple(
  fc.constantFrom(...(Object.keys(VALID) as (keyof CachedAccessToken)[]), '__proto__'),
  fc.oneof(
    fc.constant(undefined),
    hostileText,
    fc.constantFrom(
      Number.NaN,
      Infinity,
      -1,
      0,
      2 ** 64,
      'javascript:alert(1)',
      'https://evil.example@acme.my.salesforce.com',
    ),
    fc.anything({ maxDepth: 1 }),
  ),
);
const entry = fc.oneof(
  fc
    .array(fieldMutation, { maxLength: 3 })
    .map((changes) => Object.fromEntries([...Object.entries(VALID), ...changes])),
  mutatedText(fc.constant(JSON.stringify(VALID))).map((text) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }),
  fc.anything(),
);

describeProperties('jwt-core/cache-entry', {
  'any stored value is refused without quoting the token, or can be served as it is': {
    runs: 400,
    property: () =>
      fc.property(entry, (value) => {
        const problem = cachedEntryProblem(value);
        if (problem !== undefined) {
          assert.ok(!problem.includes(ACCESS_TOKEN.slice(0, 24)), 'a cache problem quotes the access token');
          return;
        }
        const valid = value as CachedAccessToken;
        assert.ok(isPrintableAccessToken(valid.accessToken));
        assert.equal(instanceOriginProblem(valid.instanceUrl), undefined);
        const served = tokenOfEntry(valid);
        assert.match(served.orgId, /^00D/);
        const freshness = entryFreshness(valid);
        assert.ok(freshness.refreshAt <= freshness.expiresAt);
      }),
  },
});
