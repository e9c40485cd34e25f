// The audience rule, as a table: the SAME table runs against jwt-core's `validate`
// (packages/jwt-core/test/validate/audience-rule.test.ts). The emulator answers "audience is invalid" exactly to what
// `validate` refuses; an accepted or tolerated aud gets a token. Played on login.salesforce.com with a Connected App.
import assert from 'node:assert/strict';
import { startEmulator, type Emulator } from '../src/index.js';
import { json, postAssertion } from './support/http.js';
import { signJws } from './support/jwt.js';
import { CA_KEY, NOW, NOW_S, demo, multiOrgConfig } from './support/setup.js';

type Verdict = 'accepted' | 'tolerated' | 'refused';
const AUDIENCE_RULE_CASES: readonly (readonly [aud: unknown, verdict: Verdict, why: string])[] = [
  ['https://login.salesforce.com', 'accepted', 'scheme + host'],
  ['https://login.salesforce.com/', 'tolerated', 'one trailing slash (the official CLI sends it)'],
  ['HTTPS://LOGIN.SALESFORCE.COM', 'accepted', 'scheme and host are case-insensitive'],
  ['https://Login.Salesforce.com/', 'tolerated', 'case and a trailing slash'],
  ['https://login.salesforce.com:443', 'accepted', 'the default port names the same origin'],
  ['https://login.salesforce.com:8443', 'refused', 'another port'],
  [['https://login.salesforce.com'], 'refused', 'a single-element array'],
  [['https://login.salesforce.com', 'https://test.salesforce.com'], 'refused', 'an array'],
  ['https://login.salesforce.com/services/oauth2/token', 'refused', 'a path (the token URL)'],
  ['https://login.salesforce.com/x', 'refused', 'a path'],
  ['https://login.salesforce.com//', 'refused', 'two slashes: a path'],
  ['https://login.salesforce.com?x=1', 'refused', 'a query'],
  ['login.salesforce.com', 'refused', 'no scheme'],
  ['http://login.salesforce.com', 'refused', 'http'],
];

describe('emulator: the audience rule (same table as jwt-core validate)', () => {
  let emulator: Emulator;
  before(async () => {
    emulator = await startEmulator(multiOrgConfig(), { now: () => NOW });
  });
  after(() => emulator.stop());

  for (const [aud, verdict, why] of AUDIENCE_RULE_CASES) {
    it(`${JSON.stringify(aud)} → ${verdict}: ${why}`, async () => {
      const assertion = signJws(demo().privateKeyPem, {
        iss: CA_KEY,
        sub: 'admin@acme.example',
        aud,
        exp: NOW_S + 180,
      });
      const res = await postAssertion(emulator.url, assertion, { host: 'login.salesforce.com' });
      if (verdict === 'refused') {
        assert.equal(res.status, 400, res.body);
        assert.deepEqual(json(res), { error: 'invalid_grant', error_description: 'audience is invalid' });
      } else {
        assert.equal(res.status, 200, res.body);
      }
    });
  }
});
