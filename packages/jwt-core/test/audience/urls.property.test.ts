// Properties of the URL readers and the audience resolver (issue 27): instance/login URLs, audiences and token hosts,
// valid ones mutated (schemes, credentials, ports, paths, query, IDNs, hostile characters), end in a canonical base
// or a coded UrlError; a canonical base reads back as itself, and it is what the WHATWG URL parser says it is.
import { strict as assert } from 'node:assert';
import {
  assertCoded,
  describeProperties,
  errorTexts,
  fc,
  hostileText,
  mutatedText,
  outcomeOf,
} from '@sfjwt/test-support/fuzz';
import { JwtCoreError } from '../../src/errors.js';
import { normalizeAudience, normalizeLoginUrl, normalizeTokenHost } from '../../src/audience/normalize-url.js';
import { resolveEndpoints } from '../../src/audience/resolve.js';

const VALID_URLS = [
  'https://login.salesforce.com',
  'https://test.salesforce.com',
  'https://acme.my.salesforce.com',
  'https://acme--uat.sandbox.my.salesforce.com/',
  'https://acme.lightning.force.com',
  'https://acme.my.site.com/partners',
  'https://acme.my.salesforce-sites.com',
  'https://login.salesforce.mil',
  'https://gs1.salesforce.com',
  'https://na1.salesforce.com',
  'http://localhost:1717',
  'http://127.0.0.1:8443',
  'https://user:pass@acme.my.salesforce.com',
  'https://acme.my.salesforce.com/?q=1#x',
];

const url = fc.oneof(
  mutatedText(fc.constantFrom(...VALID_URLS)),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  hostileText,
);

/** A URL reader: the canonical base, which parses as itself, or a coded UrlError that names no password. */
function canonicalOrRefused(read: (input: string) => string, input: string): void {
  let base: string | undefined;
  const error = outcomeOf(() => (base = read(input)));
  if (error !== undefined) {
    assertCoded(error, JwtCoreError);
    if (input.includes('pass@')) {
      const leak = errorTexts(error).find((text) => text.includes('pass@'));
      assert.equal(leak, undefined, 'the password reached a message');
    }
    return;
  }
  const parsed = new URL(base!);
  assert.ok(parsed.protocol === 'https:' || parsed.protocol === 'http:', `base ${base} is not http(s)`);
  assert.equal(parsed.username + parsed.password + parsed.search + parsed.hash, '');
  assert.equal(read(base!), base, 'a canonical base reads back as itself');
}

describeProperties('jwt-core/urls', {
  'instance URLs end in a canonical base or a coded UrlError': {
    runs: 300,
    property: () => fc.property(url, (input) => canonicalOrRefused((text) => normalizeLoginUrl(text), input)),
  },
  'audiences end in a canonical base or a coded UrlError': {
    runs: 300,
    property: () => fc.property(url, (input) => canonicalOrRefused(normalizeAudience, input)),
  },
  'token hosts end in a canonical base or a coded UrlError': {
    runs: 300,
    property: () => fc.property(url, (input) => canonicalOrRefused(normalizeTokenHost, input)),
  },
  'the resolver answers https candidates for its token host and audience, or a coded error': {
    runs: 300,
    property: () =>
      fc.property(
        fc.option(url, { nil: undefined }),
        fc.option(url, { nil: undefined }),
        fc.option(fc.constantFrom('external-client-app' as const, 'connected-app' as const), { nil: undefined }),
        (instanceUrl, audience, appType) => {
          let resolved: ReturnType<typeof resolveEndpoints> | undefined;
          const error = outcomeOf(() => (resolved = resolveEndpoints({ instanceUrl, audience, appType })));
          if (error !== undefined) return assertCoded(error, JwtCoreError);
          assert.ok(resolved!.candidates.length > 0);
          assert.equal(resolved!.candidates[0]!.tokenHost, resolved!.tokenHost);
          for (const candidate of resolved!.candidates) {
            assert.equal(normalizeTokenHost(candidate.tokenHost), candidate.tokenHost);
          }
        },
      ),
  },
});
