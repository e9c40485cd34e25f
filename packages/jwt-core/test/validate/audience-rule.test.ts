// The audience rule, as a table: the SAME table runs against the salesforce-emulator's token endpoint
// (packages/salesforce-emulator/test/audience-rule.test.ts). `validate` must refuse (an error finding) exactly what
// the emulator answers "audience is invalid" to; a tolerated aud may carry a warning.
import { strict as assert } from 'node:assert';
import { checkAudience } from '../../src/validate/check-audience.js';

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

function verdictOf(aud: unknown): Verdict {
  const findings = checkAudience({ aud }, {});
  if (findings.some((f) => f.severity === 'error')) return 'refused';
  return findings.some((f) => f.severity === 'warning') ? 'tolerated' : 'accepted';
}

describe('validate: the audience rule (same table as the emulator)', () => {
  for (const [aud, verdict, why] of AUDIENCE_RULE_CASES) {
    it(`${JSON.stringify(aud)} → ${verdict}: ${why}`, () => {
      assert.equal(verdictOf(aud), verdict);
    });
  }
});
