import { strict as assert } from 'node:assert';
import { UrlError } from '../../src/errors.js';
import { normalizeLoginUrl } from '../../src/audience/normalize-url.js';
import { resolveEndpoints, type ResolveEndpointsInput } from '../../src/audience/resolve.js';

const L = 'https://login.salesforce.com';
const T = 'https://test.salesforce.com';

type Pair = readonly [tokenHost: string, audience: string];
interface Row {
  readonly name: string;
  readonly input: ResolveEndpointsInput;
  readonly family: string;
  readonly sandbox: boolean;
  readonly pairs: readonly Pair[];
  readonly warning?: RegExp;
}

const md = (h: string): string => `https://${h}`;

const ROWS: readonly Row[] = [
  {
    name: 'no URL',
    input: {},
    family: 'login',
    sandbox: false,
    pairs: [
      [L, L],
      [T, T],
    ],
  },
  {
    name: 'login',
    input: { instanceUrl: 'https://login.salesforce.com/' },
    family: 'login',
    sandbox: false,
    pairs: [[L, L]],
  },
  {
    name: 'test',
    input: { instanceUrl: 'https://TEST.salesforce.com' },
    family: 'test',
    sandbox: true,
    pairs: [[T, T]],
  },
  {
    name: 'production My Domain',
    input: { instanceUrl: 'https://Acme.my.salesforce.com/' },
    family: 'my-domain',
    sandbox: false,
    pairs: [
      [md('acme.my.salesforce.com'), md('acme.my.salesforce.com')],
      [md('acme.my.salesforce.com'), L],
      [L, L],
    ],
  },
  {
    name: 'My Domain with a path and default port',
    input: { instanceUrl: 'https://acme.my.salesforce.com:443/services/oauth2/token' },
    family: 'my-domain',
    sandbox: false,
    pairs: [
      [md('acme.my.salesforce.com'), md('acme.my.salesforce.com')],
      [md('acme.my.salesforce.com'), L],
      [L, L],
    ],
  },
  {
    name: 'demo partition (production)',
    input: { instanceUrl: 'https://acme.demo.my.salesforce.com' },
    family: 'my-domain',
    sandbox: false,
    pairs: [
      [md('acme.demo.my.salesforce.com'), md('acme.demo.my.salesforce.com')],
      [md('acme.demo.my.salesforce.com'), L],
      [L, L],
    ],
  },
  {
    name: 'enhanced sandbox My Domain',
    input: { instanceUrl: 'https://acme--uat.sandbox.my.salesforce.com' },
    family: 'sandbox-my-domain',
    sandbox: true,
    pairs: [
      [md('acme--uat.sandbox.my.salesforce.com'), md('acme--uat.sandbox.my.salesforce.com')],
      [md('acme--uat.sandbox.my.salesforce.com'), T],
      [T, T],
    ],
  },
  {
    name: 'legacy sandbox My Domain (-- without .sandbox.)',
    input: { instanceUrl: 'https://acme--uat.my.salesforce.com' },
    family: 'sandbox-my-domain',
    sandbox: true,
    pairs: [
      [md('acme--uat.my.salesforce.com'), md('acme--uat.my.salesforce.com')],
      [md('acme--uat.my.salesforce.com'), T],
      [T, T],
    ],
  },
  {
    name: 'legacy sandbox My Domain on a cs instance',
    input: { instanceUrl: 'https://acme--uat.cs42.my.salesforce.com' },
    family: 'sandbox-my-domain',
    sandbox: true,
    pairs: [
      [md('acme--uat.cs42.my.salesforce.com'), md('acme--uat.cs42.my.salesforce.com')],
      [md('acme--uat.cs42.my.salesforce.com'), T],
      [T, T],
    ],
  },
  {
    name: 'scratch org',
    input: { instanceUrl: 'https://power-fun-1234-dev-ed.scratch.my.salesforce.com' },
    family: 'scratch',
    sandbox: true,
    pairs: [
      [md('power-fun-1234-dev-ed.scratch.my.salesforce.com'), md('power-fun-1234-dev-ed.scratch.my.salesforce.com')],
      [md('power-fun-1234-dev-ed.scratch.my.salesforce.com'), T],
      [T, T],
    ],
  },
  {
    name: 'Developer Edition',
    input: { instanceUrl: 'https://acme-dev-ed.develop.my.salesforce.com' },
    family: 'developer',
    sandbox: false,
    pairs: [
      [md('acme-dev-ed.develop.my.salesforce.com'), md('acme-dev-ed.develop.my.salesforce.com')],
      [md('acme-dev-ed.develop.my.salesforce.com'), L],
      [L, L],
    ],
  },
  {
    name: 'Trailhead Playground',
    input: { instanceUrl: 'https://wise-fox-abc.trailblaze.my.salesforce.com' },
    family: 'developer',
    sandbox: false,
    pairs: [
      [md('wise-fox-abc.trailblaze.my.salesforce.com'), md('wise-fox-abc.trailblaze.my.salesforce.com')],
      [md('wise-fox-abc.trailblaze.my.salesforce.com'), L],
      [L, L],
    ],
  },
  {
    name: 'alternative My Domain suffix',
    input: { instanceUrl: 'https://acme.my-salesforce.com' },
    family: 'alternate-my-domain',
    sandbox: false,
    pairs: [
      [md('acme.my-salesforce.com'), md('acme.my-salesforce.com')],
      [md('acme.my-salesforce.com'), L],
      [L, L],
    ],
  },
  {
    name: 'GovCloud (.mil): login aud first, never the commercial login host',
    input: { instanceUrl: 'https://agency.my.salesforce.mil' },
    family: 'govcloud',
    sandbox: false,
    pairs: [
      [md('agency.my.salesforce.mil'), L],
      [md('agency.my.salesforce.mil'), md('agency.my.salesforce.mil')],
    ],
  },
  {
    name: 'GovCloud sandbox',
    input: { instanceUrl: 'https://agency--qa.sandbox.my.salesforce.mil' },
    family: 'govcloud',
    sandbox: true,
    pairs: [
      [md('agency--qa.sandbox.my.salesforce.mil'), T],
      [md('agency--qa.sandbox.my.salesforce.mil'), md('agency--qa.sandbox.my.salesforce.mil')],
    ],
  },
  {
    name: 'China',
    input: { instanceUrl: 'https://acme.my.sfcrmproducts.cn' },
    family: 'china',
    sandbox: false,
    pairs: [
      [md('acme.my.sfcrmproducts.cn'), md('acme.my.sfcrmproducts.cn')],
      [md('acme.my.sfcrmproducts.cn'), L],
    ],
  },
  {
    name: 'gs1',
    input: { instanceUrl: 'https://gs1.my.salesforce.com' },
    family: 'gs1',
    sandbox: false,
    pairs: [[md('gs1.my.salesforce.com'), 'https://gs1.salesforce.com']],
  },
  {
    name: 'Experience Cloud site root',
    input: { instanceUrl: 'https://acme.my.site.com/' },
    family: 'site',
    sandbox: false,
    pairs: [[md('acme.my.site.com'), md('acme.my.site.com')]],
  },
  {
    name: 'Experience Cloud site path (kept), page below it dropped',
    input: { instanceUrl: 'https://acme.my.site.com/partners/s/login/' },
    family: 'site',
    sandbox: false,
    pairs: [[md('acme.my.site.com/partners'), md('acme.my.site.com/partners')]],
  },
  {
    name: 'sandbox Experience Cloud site',
    input: { instanceUrl: 'https://acme--uat.sandbox.my.site.com/help' },
    family: 'site',
    sandbox: true,
    pairs: [[md('acme--uat.sandbox.my.site.com/help'), md('acme--uat.sandbox.my.site.com/help')]],
  },
  {
    name: 'legacy force.com site with a path',
    input: { instanceUrl: 'https://acme.force.com/customers/' },
    family: 'site',
    sandbox: false,
    pairs: [[md('acme.force.com/customers'), md('acme.force.com/customers')]],
  },
  {
    name: 'classic instance host',
    input: { instanceUrl: 'https://na85.salesforce.com' },
    family: 'instance',
    sandbox: false,
    pairs: [
      [md('na85.salesforce.com'), L],
      [L, L],
    ],
    warning: /instance host, not a login host/,
  },
  {
    name: 'classic sandbox instance host',
    input: { instanceUrl: 'https://cs42.salesforce.com' },
    family: 'instance',
    sandbox: true,
    pairs: [
      [md('cs42.salesforce.com'), T],
      [T, T],
    ],
    warning: /instance host, not a login host/,
  },
  {
    name: 'loopback over http (emulator)',
    input: { instanceUrl: 'http://127.0.0.1:8443/' },
    family: 'loopback',
    sandbox: false,
    pairs: [
      ['http://127.0.0.1:8443', 'http://127.0.0.1:8443'],
      ['http://127.0.0.1:8443', L],
      ['http://127.0.0.1:8443', T],
    ],
  },
  {
    name: 'localhost',
    input: { instanceUrl: 'http://localhost:3000' },
    family: 'loopback',
    sandbox: false,
    pairs: [
      ['http://localhost:3000', 'http://localhost:3000'],
      ['http://localhost:3000', L],
      ['http://localhost:3000', T],
    ],
  },
  {
    name: 'IPv6 loopback',
    input: { instanceUrl: 'http://[::1]:9000' },
    family: 'loopback',
    sandbox: false,
    pairs: [
      ['http://[::1]:9000', 'http://[::1]:9000'],
      ['http://[::1]:9000', L],
      ['http://[::1]:9000', T],
    ],
  },
  {
    name: 'custom domain',
    input: { instanceUrl: 'https://login.example.com' },
    family: 'custom',
    sandbox: false,
    pairs: [
      ['https://login.example.com', 'https://login.example.com'],
      ['https://login.example.com', L],
    ],
  },
  {
    name: 'External Client App on My Domain: My Domain only',
    input: { instanceUrl: 'https://acme.my.salesforce.com', appType: 'external-client-app' },
    family: 'my-domain',
    sandbox: false,
    pairs: [[md('acme.my.salesforce.com'), md('acme.my.salesforce.com')]],
  },
  {
    name: 'External Client App on a sandbox My Domain',
    input: { instanceUrl: 'https://acme--uat.sandbox.my.salesforce.com', appType: 'external-client-app' },
    family: 'sandbox-my-domain',
    sandbox: true,
    pairs: [[md('acme--uat.sandbox.my.salesforce.com'), md('acme--uat.sandbox.my.salesforce.com')]],
  },
  {
    name: 'External Client App on GovCloud: My Domain aud',
    input: { instanceUrl: 'https://agency.my.salesforce.mil', appType: 'external-client-app' },
    family: 'govcloud',
    sandbox: false,
    pairs: [[md('agency.my.salesforce.mil'), md('agency.my.salesforce.mil')]],
  },
  {
    name: 'External Client App via login: warned',
    input: { instanceUrl: 'https://login.salesforce.com', appType: 'external-client-app' },
    family: 'login',
    sandbox: false,
    pairs: [[L, L]],
    warning: /External Client Apps need the My Domain URL/,
  },
  {
    name: 'Connected App on My Domain: same as unknown',
    input: { instanceUrl: 'https://acme.my.salesforce.com', appType: 'connected-app' },
    family: 'my-domain',
    sandbox: false,
    pairs: [
      [md('acme.my.salesforce.com'), md('acme.my.salesforce.com')],
      [md('acme.my.salesforce.com'), L],
      [L, L],
    ],
  },
  {
    name: 'explicit audience with a My Domain host',
    input: { instanceUrl: 'https://acme.my.salesforce.com', audience: 'https://login.salesforce.com/' },
    family: 'my-domain',
    sandbox: false,
    pairs: [[md('acme.my.salesforce.com'), L]],
  },
  {
    name: 'explicit audience alone: sent to its own host',
    input: { audience: 'https://test.salesforce.com' },
    family: 'test',
    sandbox: true,
    pairs: [[T, T]],
  },
  {
    name: 'explicit cross pair: kept, warned',
    input: { instanceUrl: 'https://login.salesforce.com', audience: 'https://test.salesforce.com' },
    family: 'login',
    sandbox: false,
    pairs: [[L, T]],
    warning: /cross pair/,
  },
];

describe('audience/resolveEndpoints', () => {
  for (const row of ROWS) {
    it(row.name, () => {
      const r = resolveEndpoints(row.input);
      assert.equal(r.family, row.family);
      assert.equal(r.sandbox, row.sandbox);
      assert.deepEqual(
        r.candidates.map((c) => [c.tokenHost, c.audience]),
        row.pairs,
      );
      assert.equal(r.tokenHost, row.pairs[0]![0]);
      assert.equal(r.audience, row.pairs[0]![1]);
      assert.equal(r.reason, r.candidates[0]!.reason);
      assert.ok(r.candidates.length <= 3);
      for (const c of r.candidates) {
        assert.ok(c.reason.length > 10, `reason for ${c.tokenHost}`);
        assert.ok(!c.tokenHost.endsWith('/') && !c.audience.endsWith('/'));
      }
      if (row.warning) assert.match(r.warnings.join('\n'), row.warning);
      else assert.deepEqual(r.warnings, []);
    });
  }

  it('never proposes a login/test cross pair on its own', () => {
    for (const row of ROWS.filter((r) => r.input.audience === undefined)) {
      for (const c of resolveEndpoints(row.input).candidates) {
        assert.ok(!(c.tokenHost === L && c.audience === T) && !(c.tokenHost === T && c.audience === L), row.name);
      }
    }
  });

  it('cites the reference in the My Domain reasons', () => {
    const r = resolveEndpoints({ instanceUrl: 'https://acme.my.salesforce.com' });
    assert.equal(
      r.reason,
      'My Domain as token host and aud: what External Client Apps need and many Connected Apps accept in 2026',
    );
    assert.equal(
      r.candidates[1]!.reason,
      'My Domain host with the login aud: Connected Apps that reject My Domain as aud',
    );
  });
});

describe('audience/resolveEndpoints rejections', () => {
  const cases: ReadonlyArray<readonly [string, ResolveEndpointsInput, string, string, string]> = [
    [
      'Lightning domain',
      { instanceUrl: 'https://acme.lightning.force.com' },
      'ERR_URL_LIGHTNING',
      'The instance URL https://acme.lightning.force.com is a Lightning domain, not a login host.',
      'Use the My Domain URL instead: https://acme.my.salesforce.com (Setup → My Domain shows it).',
    ],
    [
      'sandbox Lightning domain',
      { instanceUrl: 'https://acme--uat.sandbox.lightning.force.com/lightning/page/home' },
      'ERR_URL_LIGHTNING',
      'The instance URL https://acme--uat.sandbox.lightning.force.com is a Lightning domain, not a login host.',
      'Use the My Domain URL instead: https://acme--uat.sandbox.my.salesforce.com (Setup → My Domain shows it).',
    ],
    [
      'GovCloud Lightning domain',
      { instanceUrl: 'https://agency.lightning.crmforce.mil' },
      'ERR_URL_LIGHTNING',
      'The instance URL https://agency.lightning.crmforce.mil is a Lightning domain, not a login host.',
      'Use the My Domain URL instead: https://agency.my.salesforce.mil (Setup → My Domain shows it).',
    ],
    [
      'Lightning domain as audience',
      { audience: 'https://acme.lightning.force.com' },
      'ERR_URL_LIGHTNING',
      'The audience https://acme.lightning.force.com is a Lightning domain, not a login host.',
      'Use the My Domain URL instead: https://acme.my.salesforce.com (Setup → My Domain shows it).',
    ],
    [
      'http on a real host',
      { instanceUrl: 'http://acme.my.salesforce.com' },
      'ERR_URL_NOT_HTTPS',
      'The instance URL must use https, not http: http://acme.my.salesforce.com.',
      'Use https://acme.my.salesforce.com. Only loopback hosts (localhost, 127.0.0.1, [::1]) may use http, for a local emulator.',
    ],
    [
      'another scheme',
      { audience: 'ftp://login.salesforce.com' },
      'ERR_URL_NOT_HTTPS',
      'The audience must use https, not ftp: ftp://login.salesforce.com.',
      'Use https://login.salesforce.com. Only loopback hosts (localhost, 127.0.0.1, [::1]) may use http, for a local emulator.',
    ],
    [
      'credentials (never echoed)',
      { instanceUrl: 'https://admin:hunter2@acme.my.salesforce.com' },
      'ERR_URL_HAS_CREDENTIALS',
      'The instance URL contains a user name or password: https://acme.my.salesforce.com.',
      'Remove the "user:password@" part: https://acme.my.salesforce.com. The JWT bearer flow sends no password.',
    ],
    [
      'query',
      { instanceUrl: 'https://acme.my.salesforce.com/?startURL=/home' },
      'ERR_URL_HAS_QUERY_OR_FRAGMENT',
      'The instance URL has a query or fragment: https://acme.my.salesforce.com/?startURL=/home.',
      'Give only the scheme and host: https://acme.my.salesforce.com.',
    ],
    [
      'empty fragment',
      { audience: 'https://login.salesforce.com#' },
      'ERR_URL_HAS_QUERY_OR_FRAGMENT',
      'The audience has a query or fragment: https://login.salesforce.com#.',
      'Give only the scheme and host: https://login.salesforce.com.',
    ],
    [
      'bare host',
      { audience: 'login.salesforce.com' },
      'ERR_URL_INVALID',
      'The audience "login.salesforce.com" is not a valid URL: the scheme is missing.',
      'Add the scheme: https://login.salesforce.com. Salesforce rejects an audience without https:// ("audience is invalid").',
    ],
    [
      'bare host with a port',
      { instanceUrl: 'localhost:8080' },
      'ERR_URL_INVALID',
      'The instance URL "localhost:8080" is not a valid URL.',
      'Give a full URL such as https://yourdomain.my.salesforce.com.',
    ],
    [
      'garbage',
      { instanceUrl: 'https://exa mple.com' },
      'ERR_URL_INVALID',
      'The instance URL "https://exa mple.com" is not a valid URL.',
      'Give a full URL such as https://yourdomain.my.salesforce.com.',
    ],
    [
      'empty',
      { instanceUrl: '  ' },
      'ERR_URL_INVALID',
      'The instance URL is empty.',
      'Give a full URL such as https://yourdomain.my.salesforce.com.',
    ],
  ];
  for (const [name, input, code, message, fix] of cases) {
    it(name, () => {
      assert.throws(
        () => resolveEndpoints(input),
        (err: unknown) => {
          assert.ok(err instanceof UrlError);
          assert.equal(err.code, code);
          assert.equal(err.message, message);
          assert.equal(err.fix, fix);
          assert.equal(err.cause, undefined);
          return true;
        },
      );
    });
  }
});

describe('audience/normalizeLoginUrl', () => {
  it('keeps scheme and host, no trailing slash; a site keeps its path', () => {
    assert.equal(normalizeLoginUrl(' https://ACME.my.salesforce.com/ '), 'https://acme.my.salesforce.com');
    assert.equal(normalizeLoginUrl('https://acme.my.salesforce.com./'), 'https://acme.my.salesforce.com');
    assert.equal(
      normalizeLoginUrl('https://acme.my.site.com/partners/s/login', 'audience'),
      'https://acme.my.site.com/partners',
    );
    assert.equal(normalizeLoginUrl('http://127.0.0.1:1717/services/oauth2/token'), 'http://127.0.0.1:1717');
  });
});
