// Which (token host, aud) pairs each setup accepts (reference §2.2), played through Host headers on one port.
import assert from 'node:assert/strict';
import { startEmulator, type Emulator, type EmulatorConfig } from '../src/index.js';
import { json, postAssertion } from './support/http.js';
import { signJws } from './support/jwt.js';
import { ECA_PAIR_CASES, type EcaPairAnswer, type EcaPairHost } from '@sfjwt/test-support';
import {
  ACME,
  ACME_UAT,
  CA_KEY,
  ECA_KEY,
  GOV,
  GOV_CA_KEY,
  LOGIN,
  NOW,
  SBX_CA_KEY,
  TEST,
  claims,
  demo,
  multiOrgConfig,
} from './support/setup.js';

type Expect = 200 | 'audience' | 'not-approved' | 'app-not-found' | 'validation-failed';
const BODIES: Record<Exclude<Expect, 200>, object> = {
  audience: { error: 'invalid_grant', error_description: 'audience is invalid' },
  'validation-failed': { error: 'invalid_grant', error_description: 'Audience validation failed' },
  'not-approved': { error: 'invalid_grant', error_description: "user hasn't approved this consumer" },
  'app-not-found': { error: 'app_not_found', error_description: 'External client app is not installed in this org' },
};

const H = {
  login: 'login.salesforce.com',
  test: 'test.salesforce.com',
  acme: 'acme.my.salesforce.com',
  uat: 'acme--uat.sandbox.my.salesforce.com',
  gov: 'gov.my.salesforce.com',
  self: undefined,
} as const;

async function check(
  emulator: Emulator,
  iss: string,
  sub: string,
  host: keyof typeof H,
  aud: string,
  expected: Expect,
): Promise<void> {
  const res = await postAssertion(
    emulator.url,
    signJws(demo().privateKeyPem, claims(iss, sub, aud)),
    H[host] === undefined ? {} : { host: H[host] },
  );
  const label = `${iss} ${sub} host=${host} aud=${aud}`;
  if (expected === 200) {
    assert.equal(res.status, 200, `${label}: ${res.body}`);
  } else {
    assert.equal(res.status, 400, label);
    assert.deepEqual(json(res), BODIES[expected], label);
  }
}

async function withEmulator(config: EmulatorConfig, run: (e: Emulator) => Promise<void>): Promise<void> {
  const emulator = await startEmulator(config, { now: () => NOW });
  try {
    await run(emulator);
  } finally {
    await emulator.stop();
  }
}

describe('audience and host pairs', () => {
  let emulator: Emulator;
  before(async () => {
    emulator = await startEmulator(multiOrgConfig(), { now: () => NOW });
  });
  after(() => emulator.stop());

  it('Connected App, production: login/login, My Domain with login or its own My Domain; no cross pairs', async () => {
    const cases: [keyof typeof H, string, Expect][] = [
      ['login', LOGIN, 200],
      ['login', `${LOGIN}/`, 200],
      ['login', TEST, 'audience'],
      ['login', ACME, 'audience'],
      ['test', TEST, 'not-approved'],
      ['acme', LOGIN, 200],
      ['acme', ACME, 200],
      ['acme', `${ACME}/`, 200],
      ['acme', TEST, 'audience'],
      ['self', LOGIN, 200],
      ['self', 'EMULATOR', 200],
      ['self', 'EMULATOR/', 200],
    ];
    for (const [host, aud, expected] of cases) {
      await check(emulator, CA_KEY, 'admin@acme.example', host, aud.replace('EMULATOR', emulator.url), expected);
    }
  });

  it('Connected App, sandbox: test/test or its My Domain with test or itself; never login', async () => {
    const cases: [keyof typeof H, string, Expect][] = [
      ['test', TEST, 200],
      ['test', LOGIN, 'audience'],
      ['login', LOGIN, 'not-approved'],
      ['uat', TEST, 200],
      ['uat', ACME_UAT, 200],
      ['uat', LOGIN, 'audience'],
      ['acme', TEST, 'audience'],
    ];
    for (const [host, aud, expected] of cases)
      await check(emulator, SBX_CA_KEY, 'admin@acme.example.uat', host, aud, expected);
  });

  it('External Client App: the (host, aud) matrix as observed (test-support ECA_PAIR_CASES, each row cited)', async () => {
    const host: Record<EcaPairHost, keyof typeof H> = { myDomain: 'acme', login: 'login', test: 'test' };
    const aud: Record<EcaPairHost, string> = { myDomain: ACME, login: LOGIN, test: TEST };
    const expect: Record<EcaPairAnswer, Expect> = {
      token: 200,
      app_not_found: 'app-not-found',
      'audience is invalid': 'audience',
    };
    for (const [h, a, answer] of ECA_PAIR_CASES)
      await check(emulator, ECA_KEY, 'admin@acme.example', host[h], aud[a], expect[answer]);
    // The emulator's own origin stands for its role's host (My Domain); a trailing slash is tolerated.
    await check(emulator, ECA_KEY, 'admin@acme.example', 'acme', `${ACME}/`, 200);
    await check(emulator, ECA_KEY, 'admin@acme.example', 'self', `${emulator.url}/`, 200);
    await check(emulator, ECA_KEY, 'admin@acme.example', 'acme', 'https://example.com', 'audience');
  });

  it("GovCloud: My Domain host with login aud; its My Domain as aud reads as user hasn't approved", async () => {
    await check(emulator, GOV_CA_KEY, 'admin@gov.example', 'gov', LOGIN, 200);
    await check(emulator, GOV_CA_KEY, 'admin@gov.example', 'gov', GOV, 'not-approved');
  });

  it('Host headers carry ports and case like real ones', async () => {
    const res = await postAssertion(
      emulator.url,
      signJws(demo().privateKeyPem, claims(ECA_KEY, 'admin@acme.example', ACME)),
      { host: 'ACME.my.salesforce.com:443' },
    );
    assert.equal(res.status, 200, res.body);
  });

  it('policy: connectedAppMyDomain=false reproduces the 2023 rejection of My Domain as aud', () =>
    withEmulator({ ...multiOrgConfig(), audiencePolicy: { connectedAppMyDomain: false } }, async (e) => {
      await check(e, CA_KEY, 'admin@acme.example', 'acme', ACME, 'audience');
      await check(e, CA_KEY, 'admin@acme.example', 'self', `${e.url}/`, 'audience');
      await check(e, CA_KEY, 'admin@acme.example', 'self', LOGIN, 200);
      await check(e, ECA_KEY, 'admin@acme.example', 'self', `${e.url}/`, 200);
    }));

  it('per org: ecaGenericHosts lets an ECA answer on its generic host with that host as aud (issue 24 item 9)', () => {
    const config = multiOrgConfig();
    const acme = config.orgs.find((o) => o.myDomain?.startsWith('acme.'));
    assert.ok(acme !== undefined);
    acme.ecaGenericHosts = true;
    return withEmulator(config, async (e) => {
      await check(e, ECA_KEY, 'admin@acme.example', 'login', LOGIN, 200);
      await check(e, ECA_KEY, 'admin@acme.example', 'acme', ACME, 200);
      // Still only the org's own generic host (a production org: not test), and still the same host as aud.
      await check(e, ECA_KEY, 'admin@acme.example', 'test', TEST, 'app-not-found');
      await check(e, ECA_KEY, 'admin@acme.example', 'login', ACME, 'audience');
    });
  });

  it("policy: connectedAppAudienceMismatch=not-approved answers user hasn't approved this consumer (restforce#886)", () =>
    withEmulator(
      { ...multiOrgConfig(), audiencePolicy: { connectedAppAudienceMismatch: 'not-approved' } },
      async (e) => {
        await check(e, CA_KEY, 'admin@acme.example', 'login', ACME, 'not-approved');
        await check(e, CA_KEY, 'admin@acme.example', 'login', LOGIN, 200);
      },
    ));

  it('policy: trailingSlash=reject compares aud exactly; invalidDescription picks the wording', () =>
    withEmulator(
      {
        ...multiOrgConfig(),
        audiencePolicy: { trailingSlash: 'reject', invalidDescription: 'Audience validation failed' },
      },
      async (e) => {
        await check(e, CA_KEY, 'admin@acme.example', 'acme', `${LOGIN}/`, 'validation-failed');
        await check(e, ECA_KEY, 'admin@acme.example', 'self', `${e.url}/`, 'validation-failed');
        await check(e, ECA_KEY, 'admin@acme.example', 'self', e.url, 200);
      },
    ));

  it('role login: the emulator URL is login.salesforce.com (ECAs are then not found)', () =>
    withEmulator({ ...multiOrgConfig(), role: 'login' }, async (e) => {
      await check(e, CA_KEY, 'admin@acme.example', 'self', `${e.url}/`, 200);
      await check(e, CA_KEY, 'admin@acme.example', 'self', LOGIN, 200);
      await check(e, CA_KEY, 'admin@acme.example', 'self', TEST, 'audience');
      await check(e, ECA_KEY, 'admin@acme.example', 'self', `${e.url}/`, 'app-not-found');
    }));

  it('role test: the emulator URL is test.salesforce.com', () =>
    withEmulator({ ...multiOrgConfig(), role: 'test' }, async (e) => {
      await check(e, SBX_CA_KEY, 'admin@acme.example.uat', 'self', `${e.url}/`, 200);
      await check(e, CA_KEY, 'admin@acme.example', 'self', `${e.url}/`, 'not-approved');
    }));
});
