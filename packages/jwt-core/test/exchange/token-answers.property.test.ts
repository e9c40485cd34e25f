// Properties of the token endpoint's answers (issue 27): success and error bodies, valid ones mutated (a field
// dropped, a wrong type, hostile strings, truncated JSON, another status or content type), are classified without
// throwing; a token accepted is well-formed; a refusal is a coded TransportError that never quotes the access token.
import { strict as assert } from 'node:assert';
import {
  assertCoded,
  assertNoSecret,
  describeProperties,
  fc,
  hostileText,
  mutatedText,
} from '@sfjwt/test-support/fuzz';
import { JwtCoreError } from '../../src/errors.js';
import { classifyResponse } from '../../src/exchange/classify-response.js';
import { instanceOriginProblem, isPrintableAccessToken } from '../../src/exchange/instance-url.js';

const TOKEN_HOST = 'https://login.salesforce.com';
const accessToken = fc.stringMatching(/^00D[A-Za-z0-9]{12}![A-Za-z0-9._]{20,60}$/);

const fieldValue = (valid: fc.Arbitrary<string>): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 4, arbitrary: valid },
    mutatedText(valid, 2),
    hostileText,
    fc.integer(),
    fc.constant(null),
    fc.array(fc.string(), { maxLength: 2 }),
  );

/** A success body: every field valid, mutated, of another type, or missing. */
const successBody = (token: string): fc.Arbitrary<Record<string, unknown>> =>
  fc.record(
    {
      access_token: fieldValue(fc.constant(token)),
      instance_url: fieldValue(
        fc.constantFrom(
          'https://acme.my.salesforce.com',
          'http://localhost:1717',
          'http://acme.example.com',
          'https://acme.my.salesforce.com/',
        ),
      ),
      id: fieldValue(fc.constant('https://login.salesforce.com/id/00D000000000001AAA/005000000000001AAA')),
      issued_at: fieldValue(fc.constant('1700000000000')),
      scope: fieldValue(fc.constant('api')),
      token_type: fieldValue(fc.constant('Bearer')),
      signature: fieldValue(fc.constant('c2lnbmF0dXJl')),
    },
    { requiredKeys: [] },
  );

const errorBody = fc.record(
  {
    error: fieldValue(fc.constantFrom('invalid_grant', 'invalid_client_id', 'invalid_app_access')),
    error_description: fieldValue(fc.constant("user hasn't approved this consumer")),
  },
  { requiredKeys: [] },
);

/** The raw text on the wire: the JSON, or the JSON mutated (truncated, spliced), or an HTML page. */
const wireText = (body: fc.Arbitrary<unknown>): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: body.map((value) => JSON.stringify(value)) },
    mutatedText(body.map((value) => JSON.stringify(value))),
    fc.constant('<html><body>Maintenance</body></html>'),
  );

const status = fc.oneof(
  fc.constantFrom(200, 201, 204, 302, 400, 401, 403, 404, 407, 408, 429, 500, 502, 503),
  fc.integer({ min: 100, max: 599 }),
);
const headers = fc.record({
  'content-type': fc.option(fc.constantFrom('application/json;charset=UTF-8', 'text/html', 'text/plain'), {
    nil: undefined,
  }),
  location: fc.option(hostileText, { nil: undefined }),
});

describeProperties('jwt-core/token-answers', {
  'every answer is classified; a token is well-formed; a refusal is coded and never quotes the access token': {
    runs: 400,
    property: () =>
      fc.property(
        accessToken.chain((token) => fc.tuple(fc.constant(token), wireText(fc.oneof(successBody(token), errorBody)))),
        status,
        headers,
        ([token, text], code, header) => {
          const classified = classifyResponse(
            code,
            { get: (name) => header[name as keyof typeof header] ?? null },
            text,
            TOKEN_HOST,
          );
          if (classified.kind === 'token') {
            const { parsed } = classified;
            assert.ok(isPrintableAccessToken(parsed.accessToken));
            assert.ok(
              [undefined, 'is not https'].includes(instanceOriginProblem(parsed.instanceUrl)),
              parsed.instanceUrl,
            );
            assert.match(parsed.orgId, /^00D/);
          }
          if (classified.kind === 'fatal') {
            assertCoded(classified.failure, JwtCoreError);
            assertNoSecret(classified.failure, [token]);
          }
          if (classified.kind === 'retryable')
            assert.ok(!classified.problem.includes(token), 'a retryable problem quotes the token');
        },
      ),
  },
});
