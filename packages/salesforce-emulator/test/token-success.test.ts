// Successful JWT bearer exchanges: the body, what Salesforce tolerates, chunked bodies, rate limits, stats.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { startEmulator, type Emulator } from '../src/index.js';
import { json, postAssertion } from './support/http.js';
import { signJws } from './support/jwt.js';
import {
  ACME,
  ADMIN_ID,
  CA_KEY,
  LOGIN,
  NOW,
  NOW_S,
  PROD_ID,
  SECRET,
  claims,
  demo,
  multiOrgConfig,
} from './support/setup.js';

describe('token endpoint: JWT bearer success', () => {
  let emulator: Emulator;
  let clock = NOW;
  const sign = (c: Record<string, unknown>, header?: Record<string, unknown>) =>
    signJws(demo().privateKeyPem, c, header);

  before(async () => {
    emulator = await startEmulator(
      { ...multiOrgConfig(), rateLimit: { maxLogins: 3, windowSeconds: 60 } },
      { now: () => clock },
    );
  });
  after(() => emulator.stop());
  beforeEach(() => {
    clock += 120_000; // a fresh rate-limit window for every test
    emulator.resetStats();
  });

  it("answers 200 with Salesforce's fields, in order, and no refresh_token or expires_in", async () => {
    const res = await postAssertion(
      emulator.url,
      sign(claims(CA_KEY, 'admin@acme.example', ACME, { exp: clock / 1000 + 180 })),
    );
    assert.equal(res.status, 200, res.body);
    assert.equal(res.headers.date, new Date(clock).toUTCString());
    assert.equal(res.headers['content-type'], 'application/json;charset=UTF-8');
    const body = json<Record<string, string>>(res);
    assert.deepEqual(Object.keys(body), [
      'access_token',
      'signature',
      'scope',
      'instance_url',
      'id',
      'token_type',
      'issued_at',
    ]);
    assert.match(body.access_token!, new RegExp(`^${PROD_ID.slice(0, 15)}!AQ[A-Za-z0-9._]{94}$`));
    assert.equal(body.instance_url, emulator.url);
    assert.equal(body.id, `${emulator.url}/id/${PROD_ID}/${ADMIN_ID}`);
    assert.equal(body.token_type, 'Bearer');
    assert.equal(body.scope, 'api web');
    assert.equal(body.issued_at, String(clock));
    const expected = createHmac('sha256', SECRET).update(`${body.id}${body.issued_at}`).digest('base64');
    assert.equal(body.signature, expected);
  });

  it('accepts what Salesforce tolerates: ms exp, string exp, no typ, iat, prn over sub, padded segments', async () => {
    const base = claims(CA_KEY, 'admin@acme.example', LOGIN);
    const variants = [
      sign({ ...base, exp: clock + 300, iat: Math.floor(clock / 1000) }),
      sign({ ...base, exp: String(Math.floor(clock / 1000) + 600) }),
      sign({ ...base, exp: clock / 1000 + 600 }, { alg: 'RS256' }),
      sign({ ...base, exp: clock / 1000 + 600, sub: 'nobody@acme.example', prn: 'admin@acme.example' }),
    ];
    for (const assertion of variants) {
      clock += 61_000; // stay under the test's rate limit
      const res = await postAssertion(emulator.url, assertion, { host: 'login.salesforce.com' });
      assert.equal(res.status, 200, res.body);
    }
    clock += 120_000;
    const padded = sign({ ...base, exp: clock / 1000 + 60 })
      .split('.')
      .map((part) => `${part}${'='.repeat((4 - (part.length % 4)) % 4)}`)
      .join('.');
    assert.equal((await postAssertion(emulator.url, padded, { host: 'login.salesforce.com' })).status, 200);
  });

  it('reads chunked bodies (no Content-Length) like sized ones', async () => {
    const assertion = sign(claims(CA_KEY, 'admin@acme.example', ACME, { exp: clock / 1000 + 60 }));
    assert.equal((await postAssertion(emulator.url, assertion, { chunked: true })).status, 200);
    assert.equal((await postAssertion(emulator.url, assertion, { chunked: false })).status, 200);
    assert.deepEqual(
      emulator.stats().requests.map((r) => r.chunked),
      [true, false],
    );
  });

  it('tolerates clock skew only when configured', async () => {
    const skewed = await startEmulator({ ...multiOrgConfig(), clockSkewSeconds: 30 }, { now: () => NOW });
    try {
      const ok = await postAssertion(skewed.url, sign(claims(CA_KEY, 'admin@acme.example', ACME, { exp: NOW_S - 29 })));
      assert.equal(ok.status, 200);
      const late = await postAssertion(
        skewed.url,
        sign(claims(CA_KEY, 'admin@acme.example', ACME, { exp: NOW_S - 30 })),
      );
      assert.deepEqual(json(late), { error: 'invalid_grant', error_description: 'expired authorization code' });
    } finally {
      await skewed.stop();
    }
  });

  it('rate-limits logins per user: login rate exceeded past maxLogins in the window, fine again after it', async () => {
    const assertion = sign(claims(CA_KEY, 'admin@acme.example', ACME, { exp: clock / 1000 + 3600 }));
    for (let i = 0; i < 3; i++) assert.equal((await postAssertion(emulator.url, assertion)).status, 200);
    const limited = await postAssertion(emulator.url, assertion);
    assert.equal(limited.status, 400);
    assert.deepEqual(json(limited), { error: 'invalid_grant', error_description: 'login rate exceeded' });
    clock += 61_000;
    assert.equal((await postAssertion(emulator.url, assertion)).status, 200);
  });

  it('records each request in stats with decoded claims, never the access token', async () => {
    const c = claims(CA_KEY, 'admin@acme.example', ACME, { exp: clock / 1000 + 60 });
    const ok = json<{ access_token: string }>(await postAssertion(emulator.url, sign(c)));
    await postAssertion(emulator.url, sign({ ...c, aud: 'https://example.com' }));
    const stats = emulator.stats();
    assert.equal(stats.total, 2);
    assert.deepEqual(stats.counts, { 'token 200': 1, 'token 400': 1 });
    const [first, second] = stats.requests;
    assert.equal(first?.grantType, 'urn:ietf:params:oauth:grant-type:jwt-bearer');
    assert.deepEqual(first?.assertion, { header: { alg: 'RS256', typ: 'JWT' }, claims: c });
    assert.equal(first?.loginHost, 'acme.my.salesforce.com');
    assert.equal(first?.username, 'admin@acme.example');
    assert.equal(first?.status, 200);
    assert.deepEqual(second?.error, { error: 'invalid_grant', error_description: 'audience is invalid' });
    assert.ok(!JSON.stringify(stats).includes(ok.access_token));
    assert.ok(!JSON.stringify(stats).includes(sign(c).split('.')[2]!));
  });
});
