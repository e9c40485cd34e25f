// The audience rule, as a table: the same table (tooling/test-support's audience-rule.ts) runs against jwt-core's `validate`
// (packages/jwt-core/test/validate/audience-rule.test.ts). The emulator answers "audience is invalid" exactly to what
// `validate` refuses; an accepted or tolerated aud gets a token. Played on login.salesforce.com with a Connected App.
import assert from 'node:assert/strict';
import { startEmulator, type Emulator } from '../src/index.js';
import { json, postAssertion } from './support/http.js';
import { signJws } from './support/jwt.js';
import { CA_KEY, NOW, NOW_S, demo, multiOrgConfig } from './support/setup.js';
import { AUDIENCE_RULE_CASES } from '@sfjwt/test-support';

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
