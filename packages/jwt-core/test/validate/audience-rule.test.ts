// The audience rule, as a table: the same table (tooling/test-support's audience-rule.ts) runs against the salesforce-emulator's token endpoint
// (packages/salesforce-emulator/test/audience-rule.test.ts). `validate` must refuse (an error finding) exactly what
// the emulator answers "audience is invalid" to; a tolerated aud may carry a warning.
import { strict as assert } from 'node:assert';
import { checkAudience } from '../../src/validate/check-audience.js';
import { AUDIENCE_RULE_CASES, type AudienceVerdict } from '@sfjwt/test-support';

type Verdict = AudienceVerdict;

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
