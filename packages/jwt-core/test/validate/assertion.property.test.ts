// Properties of the assertion decoder and every validation check (issue 27): hostile compact JWS text and structured
// headers and claims (fields dropped, wrong types, extreme numbers, hostile strings) never end in anything but a
// result or a coded JwtCoreError; assertions we sign decode to their claims and verify with jose.
import { strict as assert } from 'node:assert';
import { createPublicKey } from 'node:crypto';
import { compactVerify, importSPKI } from 'jose';
import { assertCoded, describeProperties, fc, hostileText, mutatedText, outcomeOf } from '@sfjwt/test-support/fuzz';
import { JwtCoreError } from '../../src/errors.js';
import { loadPrivateKey } from '../../src/keys/load-private-key.js';
import { createAssertion } from '../../src/sign/create-assertion.js';
import { decodeAssertion } from '../../src/validate/decode.js';
import { FINDING_SEVERITY } from '../../src/validate/findings.js';
import { validateAssertion } from '../../src/validate/validate-assertion.js';
import { fixtureText } from '../support/fixtures.js';
import { craftToken } from './tokens.js';

const NOW = 1_700_000_000_000;
const KEY = loadPrivateKey(fixtureText('keys/seed-genpkey.key')).keyObject;
const CERT = { label: 'server.crt', pem: fixtureText('certs/seed-genpkey.crt') };
const OTHER_CERT = { label: 'other.crt', pem: fixtureText('certs/seed-req-x509.crt') };
const PUBLIC_PEM = createPublicKey(KEY).export({ type: 'spki', format: 'pem' }) as string;

/** A claim value: what a valid one looks like, or what hostile tooling puts there instead. */
const claimValue = fc.oneof(
  fc.constantFrom(
    '3MVG9A2kN3Bn17hu.Zr0j_QxYz',
    'ci@acme.com',
    'https://login.salesforce.com',
    'https://acme.my.salesforce.com',
  ),
  hostileText,
  fc.integer(),
  fc.double(),
  fc.constantFrom(NOW / 1000, NOW / 1000 + 300, NOW / 1000 - 300, 0, -1, 2 ** 53, 1e308, null, true),
  fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2, noNullPrototype: true }),
);
const CLAIM_NAMES = ['iss', 'sub', 'aud', 'exp', 'iat', 'nbf', 'jti', 'scope', '__proto__', 'constructor'] as const;
const claims = fc.dictionary(fc.constantFrom(...CLAIM_NAMES, 'x'), claimValue, { maxKeys: 9, noNullPrototype: true });
const header = fc.oneof(
  fc.record(
    {
      alg: fc.constantFrom('RS256', 'RS384', 'HS256', 'none', 'ES256', 'rs256'),
      typ: fc.constantFrom('JWT', 'jwt', 'JOSE'),
    },
    { requiredKeys: [] },
  ),
  fc.dictionary(fc.constantFrom('alg', 'typ', 'kid', 'crit', 'x5c', 'jku'), claimValue, {
    maxKeys: 4,
    noNullPrototype: true,
  }),
);

const expectation = fc.record(
  {
    clientId: fc.constantFrom('3MVG9A2kN3Bn17hu.Zr0j_QxYz', 'other'),
    username: fc.constantFrom('ci@acme.com', 'CI@ACME.COM'),
    instanceUrl: fc.constantFrom(
      'https://acme.my.salesforce.com',
      'https://login.salesforce.com',
      'http://localhost:1717',
    ),
    audience: fc.constantFrom('https://login.salesforce.com', 'https://test.salesforce.com'),
    appType: fc.constantFrom('external-client-app' as const, 'connected-app' as const),
  },
  { requiredKeys: [] },
);

/** Validation of any input ends in a result whose findings are known codes, or in a coded JwtCoreError. */
function validatesOrRefuses(assertion: string, expected: object, skewSeconds: number | undefined): void {
  let result: ReturnType<typeof validateAssertion> | undefined;
  const error = outcomeOf(() => {
    result = validateAssertion(assertion, { now: () => NOW, expected, certificates: [CERT, OTHER_CERT], skewSeconds });
  });
  if (error !== undefined) return assertCoded(error, JwtCoreError);
  for (const finding of result!.findings)
    assert.ok(finding.code in FINDING_SEVERITY, `unknown finding ${finding.code}`);
  const hasError = result!.findings.some((finding) => FINDING_SEVERITY[finding.code] === 'error');
  assert.equal(result!.ok, !hasError);
}

const validAssertion = fc.constant(
  createAssertion({
    clientId: '3MVG9A2kN3Bn17hu.Zr0j_QxYz',
    username: 'ci@acme.com',
    audience: 'https://login.salesforce.com',
    now: () => NOW,
    key: KEY,
  }).assertion,
);

describeProperties('jwt-core/assertion', {
  'any text decodes or ends in a coded AssertionFormatError': {
    runs: 300,
    property: () =>
      fc.property(fc.oneof(mutatedText(validAssertion), fc.string({ unit: 'binary', maxLength: 200 })), (text) => {
        const error = outcomeOf(() => decodeAssertion(text));
        if (error !== undefined) assertCoded(error, JwtCoreError, /^ERR_ASSERTION_(MALFORMED|TOO_LARGE)$/);
      }),
  },
  'a mutated signed assertion validates to known findings or a coded error': {
    runs: 150,
    property: () =>
      fc.property(
        mutatedText(validAssertion),
        expectation,
        fc.option(fc.integer({ min: -5, max: 100_000 }), { nil: undefined }),
        validatesOrRefuses,
      ),
  },
  'structured headers and claims validate to known findings or a coded error': {
    runs: 200,
    property: () =>
      fc.property(header, claims, expectation, fc.boolean(), (h, c, expected, signed) => {
        validatesOrRefuses(craftToken(h, c, signed ? KEY : undefined), expected, undefined);
      }),
  },
  'an assertion we sign decodes to its claims, validates, and verifies with jose': {
    runs: 40,
    property: () =>
      fc.asyncProperty(
        fc.stringMatching(/^3MVG[A-Za-z0-9._]{20,80}$/),
        fc.emailAddress().filter((username) => username.length <= 80),
        fc.constantFrom(
          'https://login.salesforce.com',
          'https://test.salesforce.com',
          'https://acme.my.salesforce.com',
        ),
        async (clientId, username, audience) => {
          const created = createAssertion({ clientId, username, audience, now: () => NOW, key: KEY });
          const decoded = decodeAssertion(created.assertion);
          assert.deepEqual(decoded.claims, created.claims);
          const verified = await compactVerify(created.assertion, await importSPKI(PUBLIC_PEM, 'RS256'));
          assert.deepEqual(JSON.parse(new TextDecoder().decode(verified.payload)), created.claims);
          const result = validateAssertion(created.assertion, {
            now: () => NOW,
            expected: { clientId, username, audience },
            certificates: [CERT],
          });
          assert.equal(result.signature.verified, true);
        },
      ),
  },
});
