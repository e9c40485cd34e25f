// Properties of the emulator's JWT bearer grant (issue 27), over real HTTP: valid assertions mutated (claims dropped,
// of other types, off by one second, other keys and headers, the compact text spliced) get either a token or exactly
// one answer of the error catalog with its status, never a 500 or another shape; and no answer changes how the same
// valid assertion is answered afterwards.
import assert from 'node:assert/strict';
import { describeProperties, fc, hostileText, mutatedText } from '@sfjwt/test-support/fuzz';
import { CATALOG } from '../src/errors-catalog.js';
import { startEmulator, type Emulator } from '../src/index.js';
import { json, postAssertion } from './support/http.js';
import { b64url, signJws } from './support/jwt.js';
import { ACME, CA_KEY, ECA_KEY, LOGIN, NOW, NOW_S, TEST, demo, multiOrgConfig, otherKey } from './support/setup.js';

const ANSWERS = new Set(Object.values(CATALOG).map((entry) => `${entry.status} ${entry.error} ${entry.description}`));

const claimValue = fc.oneof(
  fc.constantFrom(CA_KEY, ECA_KEY, 'admin@acme.example', 'nobody@acme.example', LOGIN, TEST, ACME, `${ACME}/`),
  fc.constantFrom(NOW_S + 180, NOW_S + 1, NOW_S, NOW_S - 1, NOW_S + 301, NOW_S + 86_400 * 365, 0, -1, 1e20, 1.5),
  fc.constant(null),
  fc.array(fc.constantFrom(LOGIN, ACME), { maxLength: 2 }),
  hostileText,
);
const claims = fc.record(
  {
    iss: claimValue,
    sub: claimValue,
    aud: claimValue,
    exp: claimValue,
    nbf: claimValue,
    iat: claimValue,
    jti: claimValue,
  },
  { requiredKeys: [], noNullPrototype: true },
);
const header = fc.constantFrom(
  { alg: 'RS256', typ: 'JWT' },
  { alg: 'RS256' },
  { alg: 'HS256' },
  { alg: 'none' },
  { alg: 'RS512' },
  {},
);

let emulator: Emulator;
let valid: string;
const sign = (body: object, head: object, other: boolean): string =>
  signJws(other ? otherKey() : demo().privateKeyPem, body as Record<string, unknown>, head as Record<string, unknown>);

/** The answer is a token, or one catalog entry with its status: the same shape Salesforce gives. */
async function answeredLikeSalesforce(assertion: string): Promise<void> {
  const res = await postAssertion(emulator.url, assertion);
  const body = json<Record<string, unknown>>(res);
  if (res.status === 200) {
    assert.equal(typeof body['access_token'], 'string');
    return;
  }
  assert.ok(
    ANSWERS.has(`${res.status} ${String(body['error'])} ${String(body['error_description'])}`),
    `${res.status} ${res.body}`,
  );
}

before(async () => {
  // Hundreds of thousands of logins at one instant: the login rate limit (its own tests cover it) stays out of the way.
  emulator = await startEmulator(
    { ...multiOrgConfig(), rateLimit: { maxLogins: 1e12, windowSeconds: 1 } },
    { now: () => NOW },
  );
  valid = sign(
    { iss: CA_KEY, sub: 'admin@acme.example', aud: LOGIN, exp: NOW_S + 180 },
    { alg: 'RS256', typ: 'JWT' },
    false,
  );
});
after(() => emulator.stop());

describeProperties('salesforce-emulator/jwt-grant', {
  'structured claims and headers get a token or one catalog answer': {
    runs: 120,
    property: () =>
      fc.asyncProperty(claims, header, fc.boolean(), async (body, head, other) => {
        await answeredLikeSalesforce(sign(body, head, other));
      }),
  },
  'a mutated compact assertion gets a token or one catalog answer, and the valid one still gets its token': {
    runs: 120,
    property: () =>
      fc.asyncProperty(
        fc.oneof(
          mutatedText(fc.constant(valid)),
          fc.string({ unit: 'binary', maxLength: 64 }).map((text) => `${b64url(text)}.x.y`),
        ),
        async (assertion) => {
          await answeredLikeSalesforce(assertion);
          const again = await postAssertion(emulator.url, valid);
          assert.equal(again.status, 200, again.body);
        },
      ),
  },
});
