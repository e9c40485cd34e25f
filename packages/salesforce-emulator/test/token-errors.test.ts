// Every JWT bearer error of the catalog, with its exact body and status, and the order the checks run in.
import assert from 'node:assert/strict';
import { startEmulator, type Emulator } from '../src/index.js';
import { json, postAssertion, request, FORM, JWT_GRANT } from './support/http.js';
import { b64url, signJws } from './support/jwt.js';
import {
  ACME,
  CA_KEY,
  ECA_KEY,
  LOGIN,
  NOW,
  NOW_S,
  SELF_KEY,
  TEST,
  claims,
  demo,
  multiOrgConfig,
  otherKey,
} from './support/setup.js';

const err = (error: string, error_description: string) => ({ error, error_description });
const NOT_APPROVED = err('invalid_grant', "user hasn't approved this consumer");
const INVALID_ASSERTION = err('invalid_grant', 'invalid assertion');
const EXPIRED = err('invalid_grant', 'expired authorization code');
const AUDIENCE = err('invalid_grant', 'audience is invalid');

describe('token endpoint: JWT bearer errors', () => {
  let emulator: Emulator;
  const key = () => demo().privateKeyPem;
  const sign = (c: Record<string, unknown>) => signJws(key(), c);
  const expectError = async (
    assertion: string,
    expected: object,
    options: Parameters<typeof postAssertion>[2] = {},
  ) => {
    const res = await postAssertion(emulator.url, assertion, options);
    assert.equal(res.status, 400, res.body);
    assert.match(res.headers['content-type'] ?? '', /^application\/json/);
    assert.deepEqual(json(res), expected);
  };

  before(async () => {
    emulator = await startEmulator(multiOrgConfig(), { now: () => NOW });
  });
  after(() => emulator.stop());

  it('refuses a missing, misspelt or non-form grant_type with unsupported_grant_type', async () => {
    const expected = err('unsupported_grant_type', 'grant type not supported');
    const token = `${emulator.url}/services/oauth2/token`;
    const missing = await request(token, { body: 'assertion=x', headers: FORM });
    assert.equal(missing.status, 400);
    assert.deepEqual(json(missing), expected);
    const misspelt = await request(token, {
      body: 'grant_type=urn:ietf:params:oauth:grant-type:jwt_bearer&assertion=x',
      headers: FORM,
    });
    assert.deepEqual(json(misspelt), expected);
    const asJson = await request(token, {
      body: JSON.stringify({ grant_type: JWT_GRANT, assertion: sign(claims(CA_KEY, 'admin@acme.example', LOGIN)) }),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(asJson.status, 400);
    assert.deepEqual(json(asJson), expected);
  });

  it('answers a GET with invalid_request / must use HTTP POST', async () => {
    const res = await request(`${emulator.url}/services/oauth2/token?grant_type=${JWT_GRANT}`);
    assert.equal(res.status, 400);
    assert.deepEqual(json(res), err('invalid_request', 'must use HTTP POST'));
  });

  it('refuses a scope parameter before looking at the assertion', async () => {
    await expectError('not-a-jwt', err('invalid_request', 'scope parameter not supported'), {
      extra: { scope: 'api' },
    });
  });

  it('answers invalid assertion for anything that is not an RS256 JWS', async () => {
    const good = sign(claims(CA_KEY, 'admin@acme.example', LOGIN));
    const [h, c] = good.split('.');
    const cases = [
      '',
      'garbage',
      `${h}.${c}`,
      `${h}.${c}.sig.extra`,
      `${h}.${b64url('not json')}.${b64url('sig')}`,
      `${b64url('[1]')}.${c}.${b64url('sig')}`,
      signJws(key(), claims(CA_KEY, 'admin@acme.example', LOGIN), { alg: 'RS512', typ: 'JWT' }),
      `${h}.${c}.`,
      '-----BEGIN PRIVATE KEY-----',
    ];
    for (const assertion of cases) await expectError(assertion, INVALID_ASSERTION);
    const noAssertion = await request(`${emulator.url}/services/oauth2/token`, {
      body: `grant_type=${encodeURIComponent(JWT_GRANT)}`,
      headers: FORM,
    });
    assert.deepEqual(json(noAssertion), INVALID_ASSERTION);
  });

  it('answers invalid_client_id for an unknown iss (even when the signature is also wrong)', async () => {
    const expected = err('invalid_client_id', 'client identifier invalid');
    await expectError(sign(claims('3MVG9UNKNOWN', 'admin@acme.example', LOGIN)), expected);
    await expectError(sign(claims(` ${CA_KEY}`, 'admin@acme.example', LOGIN)), expected);
    await expectError(sign(claims(undefined as unknown as string, 'admin@acme.example', LOGIN)), expected);
    await expectError(signJws(otherKey(), claims('3MVG9UNKNOWN', 'admin@acme.example', LOGIN)), expected);
  });

  it('answers invalid assertion when the key does not match the app certificate', async () => {
    await expectError(signJws(otherKey(), claims(CA_KEY, 'admin@acme.example', LOGIN)), INVALID_ASSERTION);
    // A tampered claim set breaks the signature too.
    const [h, , s] = sign(claims(CA_KEY, 'admin@acme.example', LOGIN)).split('.');
    await expectError(
      `${h}.${b64url(JSON.stringify(claims(CA_KEY, 'other@acme.example', LOGIN)))}.${s}`,
      INVALID_ASSERTION,
    );
  });

  it('answers expired authorization code for a past, missing or non-numeric exp (after the signature check)', async () => {
    await expectError(sign(claims(CA_KEY, 'admin@acme.example', LOGIN, { exp: NOW_S - 1 })), EXPIRED);
    await expectError(sign(claims(CA_KEY, 'admin@acme.example', LOGIN, { exp: NOW_S })), EXPIRED);
    await expectError(sign(claims(CA_KEY, 'admin@acme.example', LOGIN, { exp: undefined })), EXPIRED);
    await expectError(sign(claims(CA_KEY, 'admin@acme.example', LOGIN, { exp: 'soon' })), EXPIRED);
    await expectError(
      signJws(otherKey(), claims(CA_KEY, 'admin@acme.example', LOGIN, { exp: NOW_S - 1 })),
      INVALID_ASSERTION,
    );
  });

  it('answers audience is invalid for a scheme-less, foreign, http, pathed or cross aud (after exp)', async () => {
    for (const aud of [
      'login.salesforce.com',
      'https://example.com',
      'http://acme.my.salesforce.com',
      `${ACME}/services/oauth2/token`,
      TEST,
      'https://gov.my.salesforce.com',
    ]) {
      await expectError(sign(claims(CA_KEY, 'admin@acme.example', aud)), AUDIENCE);
    }
    await expectError(sign(claims(CA_KEY, 'admin@acme.example', LOGIN, { aud: [LOGIN] })), AUDIENCE);
    await expectError(sign(claims(CA_KEY, 'admin@acme.example', 'nope', { exp: NOW_S - 5 })), EXPIRED);
  });

  it('answers app_not_found for an External Client App reached through login/test (host or aud)', async () => {
    const expected = err('app_not_found', 'External client app is not installed in this org');
    await expectError(sign(claims(ECA_KEY, 'admin@acme.example', LOGIN)), expected, { host: 'login.salesforce.com' });
    await expectError(sign(claims(ECA_KEY, 'admin@acme.example', TEST)), expected, { host: 'test.salesforce.com' });
    await expectError(sign(claims(ECA_KEY, 'admin@acme.example', LOGIN)), expected);
    await expectError(sign(claims(ECA_KEY, 'admin@acme.example', 'https://gov.my.salesforce.com')), expected, {
      host: 'gov.my.salesforce.com',
    });
    await expectError(sign(claims(ECA_KEY, 'admin@acme.example', 'https://gov.my.salesforce.com')), AUDIENCE);
  });

  it("answers user hasn't approved this consumer for unknown users and users of another org or login server", async () => {
    await expectError(sign(claims(CA_KEY, 'nobody@acme.example', ACME)), NOT_APPROVED);
    await expectError(sign(claims(CA_KEY, 'admin@acme.example.uat', ACME)), NOT_APPROVED);
    await expectError(sign(claims(CA_KEY, 'admin@acme.example.uat', LOGIN)), NOT_APPROVED, {
      host: 'login.salesforce.com',
    });
    await expectError(sign(claims(CA_KEY, undefined as unknown as string, ACME)), NOT_APPROVED);
  });

  it('answers inactive user, authentication failure (frozen) and ip restricted from the user record', async () => {
    const assertion = sign(claims(CA_KEY, 'admin@acme.example', ACME));
    try {
      emulator.setUser('admin@acme.example', { active: false });
      await expectError(assertion, err('invalid_grant', 'inactive user'));
      emulator.setUser('admin@acme.example', { active: true, frozen: true });
      await expectError(assertion, err('invalid_grant', 'authentication failure'));
      emulator.setUser('admin@acme.example', { frozen: false, ipRestricted: true });
      await expectError(assertion, err('invalid_grant', 'ip restricted or invalid login hours'));
      emulator.model.apps.find((a) => a.consumerKey === CA_KEY)!.ipRelaxation = 'bypass';
      assert.equal((await postAssertion(emulator.url, assertion)).status, 200);
    } finally {
      emulator.setUser('admin@acme.example', { active: true, frozen: false, ipRestricted: false });
      emulator.model.apps.find((a) => a.consumerKey === CA_KEY)!.ipRelaxation = 'enforce';
    }
  });

  it('answers invalid_app_access when an admin-approved app is not assigned to the profile or a permission set', async () => {
    const assertion = sign(claims(CA_KEY, 'integration@acme.example', ACME));
    await expectError(assertion, err('invalid_app_access', 'user is not admin approved to access this app'));
    emulator.setUser('integration@acme.example', { permissionSets: ['JWT_Access'] });
    try {
      assert.equal((await postAssertion(emulator.url, assertion)).status, 200);
    } finally {
      emulator.setUser('integration@acme.example', { permissionSets: [] });
    }
  });

  it('self-authorize: not approved until an approval with a refresh token exists, and again after it is revoked', async () => {
    const assertion = sign(claims(SELF_KEY, 'self@acme.example', ACME));
    await expectError(assertion, NOT_APPROVED);
    emulator.approve('self@acme.example', SELF_KEY);
    assert.equal((await postAssertion(emulator.url, assertion)).status, 200);
    assert.equal(emulator.revokeApprovals('self@acme.example', SELF_KEY), 1);
    await expectError(assertion, NOT_APPROVED);
  });

  it('runs the checks in order: client, signature, exp, aud, user, approval', async () => {
    // Each assertion has two faults; the earlier check must win.
    await expectError(
      signJws(otherKey(), claims('3MVG9UNKNOWN', 'x', 'x', { exp: 1 })),
      err('invalid_client_id', 'client identifier invalid'),
    );
    await expectError(signJws(otherKey(), claims(CA_KEY, 'x', 'x', { exp: 1 })), INVALID_ASSERTION);
    await expectError(sign(claims(CA_KEY, 'nobody@acme.example', 'x', { exp: 1 })), EXPIRED);
    await expectError(sign(claims(CA_KEY, 'nobody@acme.example', 'https://example.com')), AUDIENCE);
    emulator.setUser('integration@acme.example', { active: false });
    try {
      await expectError(sign(claims(CA_KEY, 'integration@acme.example', ACME)), err('invalid_grant', 'inactive user'));
    } finally {
      emulator.setUser('integration@acme.example', { active: true });
    }
  });
});
