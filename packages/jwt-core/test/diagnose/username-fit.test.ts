import { strict as assert } from 'node:assert';
import { diagnoseFailure } from '../../src/diagnose/diagnose.js';
import type { Likelihood } from '../../src/diagnose/diagnosis-types.js';
import { usernameShape } from '../../src/diagnose/username-fit.js';

const NOW_S = 1_785_837_600;
const NOT_APPROVED = "user hasn't approved this consumer";

function usernameCause(tokenHost: string, sub: string, aud = 'https://test.salesforce.com') {
  const d = diagnoseFailure({
    error: 'invalid_grant',
    errorDescription: NOT_APPROVED,
    tokenHost,
    claims: { iss: '3MVG9abc', sub, aud, exp: NOW_S + 180 },
  });
  return d.causes.find((c) => c.id === 'username-unknown')!;
}

describe('usernameShape', () => {
  const table: readonly [string, string][] = [
    ['integration@acme.com', 'production'],
    ['ops@acme.de', 'production'],
    ['ops@mail.acme.org', 'production'],
    ['integration@acme.com.uat', 'sandbox:uat'],
    ['integration@acme.com.dev', 'sandbox:dev'],
    ['integration@acme.de.full2', 'sandbox:full2'],
    ['integration@acme.com.au', 'unknown'], // a country code after .com: Australia or a sandbox named "au"
    ['integration@acme.co.uk', 'unknown'],
    ['admin@acme.example', 'unknown'],
    ['admin@acme.example.uat', 'unknown'],
    ['not-an-email', 'unknown'],
    ['@acme.com', 'unknown'],
    ['user@acme..com', 'unknown'],
  ];
  for (const [username, expected] of table) {
    it(`${username} → ${expected}`, () => {
      const shape = usernameShape(username);
      assert.equal(shape.kind === 'sandbox' ? `sandbox:${shape.suffix}` : shape.kind, expected);
    });
  }
});

describe('diagnoseFailure: username unknown in this org', () => {
  const cases: readonly [string, string, string, Likelihood, string | undefined][] = [
    [
      'a production username on a sandbox My Domain',
      'https://acme--uat.sandbox.my.salesforce.com',
      'integration@acme.com',
      'likely',
      'integration@acme.com looks like a production username (no suffix after the domain) but was sent to the sandbox host https://acme--uat.sandbox.my.salesforce.com; sandbox copies of production users are named like integration@acme.com.uat.',
    ],
    [
      'a production username on test.salesforce.com',
      'https://test.salesforce.com',
      'integration@acme.com',
      'likely',
      'integration@acme.com looks like a production username (no suffix after the domain) but was sent to the sandbox host https://test.salesforce.com; sandbox copies of production users are named like integration@acme.com.<sandbox name> (scratch-org users excepted).',
    ],
    [
      "another sandbox's suffix",
      'https://acme--uat.sandbox.my.salesforce.com',
      'integration@acme.com.qa1',
      'likely',
      'integration@acme.com.qa1 ends with .qa1, but https://acme--uat.sandbox.my.salesforce.com is the sandbox uat.',
    ],
    [
      'a sandbox-suffixed username on production',
      'https://acme.my.salesforce.com',
      'integration@acme.com.uat',
      'likely',
      'integration@acme.com.uat ends with .uat like a sandbox username, but https://acme.my.salesforce.com is a production host.',
    ],
    [
      'a sandbox-suffixed username on login.salesforce.com',
      'https://login.salesforce.com',
      'integration@acme.com.uat',
      'likely',
      'integration@acme.com.uat ends with .uat like a sandbox username, but https://login.salesforce.com is a production host.',
    ],
    [
      "the sandbox's own suffix: only Setup can tell",
      'https://acme--uat.sandbox.my.salesforce.com',
      'integration@acme.com.UAT',
      'possible',
      'integration@acme.com.UAT carries the suffix .uat of the sandbox https://acme--uat.sandbox.my.salesforce.com; only Setup → Users can tell whether it exists.',
    ],
    [
      'a production username on production',
      'https://acme.my.salesforce.com',
      'integration@acme.com',
      'possible',
      undefined,
    ],
    [
      'a scratch org: no verdict',
      'https://wise-fox-123.scratch.my.salesforce.com',
      'test-abc@example.com',
      'possible',
      undefined,
    ],
    [
      'an ambiguous ending: no verdict',
      'https://acme.my.salesforce.com',
      'integration@acme.com.au',
      'possible',
      undefined,
    ],
  ];
  for (const [name, host, sub, likelihood, evidence] of cases) {
    it(name, () => {
      const cause = usernameCause(host, sub);
      assert.equal(cause.likelihood, likelihood);
      assert.deepEqual(cause.evidence, evidence === undefined ? [] : [evidence]);
    });
  }

  it('leads the likely causes when the local check found it (evidence before defaults), and names user and org in the fix', () => {
    const d = diagnoseFailure({
      error: 'invalid_grant',
      errorDescription: NOT_APPROVED,
      tokenHost: 'https://acme--uat.sandbox.my.salesforce.com',
      claims: { iss: '3MVG9abc', sub: 'integration@acme.com', aud: 'https://test.salesforce.com', exp: NOW_S + 180 },
    });
    assert.deepEqual(
      d.causes.slice(0, 3).map((c) => `${c.id}:${c.likelihood}`),
      ['username-unknown:likely', 'not-pre-authorized:likely', 'self-authorize-without-approval:likely'],
    );
    assert.match(
      d.summary,
      /: the user has no approval for this app\. 3 likely causes; first: no user with this username exists/,
    );
    assert.equal(
      d.causes[0]!.fix,
      'Check that integration@acme.com is the exact username, not the email, in Setup → Users of the org behind https://acme--uat.sandbox.my.salesforce.com: sandbox copies of production users carry the sandbox name as a suffix (user@example.com.uat), production users do not.',
    );
  });
});
