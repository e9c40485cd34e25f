// One-time approval (reference §5.2): which flows leave an approval that JWT logins of self-authorize apps accept.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startEmulator, type Emulator } from '../src/index.js';
import { FORM, json, postAssertion, request } from './support/http.js';
import { signJws } from './support/jwt.js';
import { ACME, CA_KEY, ECA_KEY, NOW, SECRET, SELF_KEY, claims, demo, multiOrgConfig } from './support/setup.js';

const CALLBACK = 'http://localhost:1717/OauthRedirect';

describe('authorize endpoint and pre-approval', () => {
  let emulator: Emulator;
  const jwtLogin = () =>
    postAssertion(emulator.url, signJws(demo().privateKeyPem, claims(SELF_KEY, 'self@acme.example', ACME)));
  const authorize = (params: Record<string, string>) =>
    request(`${emulator.url}/services/oauth2/authorize?${new URLSearchParams(params).toString()}`);
  const exchange = (params: Record<string, string>) =>
    request(`${emulator.url}/services/oauth2/token`, { body: new URLSearchParams(params).toString(), headers: FORM });

  beforeEach(async () => {
    emulator = await startEmulator(multiOrgConfig(), { now: () => NOW });
  });
  afterEach(() => emulator.stop());

  it('response_type=code redirects with code and state; the unexchanged code does not count, the exchanged one does', async () => {
    const res = await authorize({
      response_type: 'code',
      client_id: SELF_KEY,
      redirect_uri: CALLBACK,
      state: 'xyz',
      login_hint: 'self@acme.example',
    });
    assert.equal(res.status, 302);
    const location = new URL(res.headers.location ?? '');
    assert.equal(`${location.origin}${location.pathname}`, CALLBACK);
    assert.equal(location.searchParams.get('state'), 'xyz');
    const code = location.searchParams.get('code') ?? '';
    assert.match(code, /^aPrx[A-Za-z0-9._]{80}==$/);
    assert.equal((await jwtLogin()).status, 400, 'an approval without exchange must not count');

    const token = await exchange({
      grant_type: 'authorization_code',
      code,
      client_id: SELF_KEY,
      client_secret: SECRET,
      redirect_uri: CALLBACK,
    });
    assert.equal(token.status, 200, token.body);
    const body = json<Record<string, string>>(token);
    assert.deepEqual(Object.keys(body), [
      'access_token',
      'refresh_token',
      'signature',
      'scope',
      'instance_url',
      'id',
      'token_type',
      'issued_at',
    ]);
    assert.match(body.refresh_token!, /^5Aep861[A-Za-z0-9]{80}$/);
    assert.equal(body.scope, 'api web');
    assert.equal((await jwtLogin()).status, 200);

    // Codes are single-use.
    const again = await exchange({
      grant_type: 'authorization_code',
      code,
      client_id: SELF_KEY,
      client_secret: SECRET,
      redirect_uri: CALLBACK,
    });
    assert.deepEqual(json(again), { error: 'invalid_grant', error_description: 'invalid authorization code' });
  });

  it('response_type=token puts the tokens in the fragment and counts at once when refresh_token is granted', async () => {
    const res = await authorize({
      response_type: 'token',
      client_id: SELF_KEY,
      redirect_uri: CALLBACK,
      state: 's1',
      username: 'self@acme.example',
    });
    assert.equal(res.status, 302);
    const location = res.headers.location ?? '';
    assert.ok(location.startsWith(`${CALLBACK}#`), location);
    const fragment = new URLSearchParams(location.split('#')[1]);
    assert.match(fragment.get('access_token') ?? '', /^00D5g000000Prod!AQ/);
    assert.match(fragment.get('refresh_token') ?? '', /^5Aep861/);
    assert.equal(fragment.get('state'), 's1');
    assert.equal(fragment.get('token_type'), 'Bearer');
    assert.equal((await jwtLogin()).status, 200);
  });

  it('response_type=token without the refresh_token scope leaves no approval', async () => {
    const res = await authorize({
      response_type: 'token',
      client_id: SELF_KEY,
      redirect_uri: CALLBACK,
      scope: 'api web',
      login_hint: 'self@acme.example',
    });
    const fragment = new URLSearchParams((res.headers.location ?? '').split('#')[1]);
    assert.equal(fragment.get('refresh_token'), null);
    assert.equal(fragment.get('scope'), 'api web');
    assert.deepEqual(json(await jwtLogin()), {
      error: 'invalid_grant',
      error_description: "user hasn't approved this consumer",
    });
  });

  it('unknown client and mismatched redirect_uri are error pages, not redirects', async () => {
    const unknown = await authorize({ response_type: 'code', client_id: 'nope', redirect_uri: CALLBACK });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body, 'error=invalid_client_id&error_description=client%20identifier%20invalid');
    const mismatch = await authorize({
      response_type: 'code',
      client_id: SELF_KEY,
      redirect_uri: 'http://localhost:1717/Other',
    });
    assert.equal(mismatch.status, 400);
    assert.equal(
      mismatch.body,
      'error=redirect_uri_mismatch&error_description=redirect_uri%20must%20match%20configuration',
    );
  });

  it('redirects protocol errors: response type, scope, PKCE, admin approval', async () => {
    const errorOf = async (params: Record<string, string>) => {
      const res = await authorize({
        client_id: SELF_KEY,
        redirect_uri: CALLBACK,
        login_hint: 'self@acme.example',
        ...params,
      });
      assert.equal(res.status, 302);
      const q = new URL(res.headers.location ?? '').searchParams;
      return [q.get('error'), q.get('error_description'), q.get('state')];
    };
    assert.deepEqual(await errorOf({ response_type: 'id_token', state: 'a' }), [
      'unsupported_response_type',
      'response type not supported',
      'a',
    ]);
    assert.deepEqual(await errorOf({ response_type: 'code', scope: 'api full' }), [
      'invalid_scope',
      'the requested scope is not allowed',
      null,
    ]);
    const eca = await authorize({
      response_type: 'code',
      client_id: ECA_KEY,
      redirect_uri: CALLBACK,
      login_hint: 'admin@acme.example',
    });
    assert.equal(
      new URL(eca.headers.location ?? '').searchParams.get('error_description'),
      'missing required code challenge',
    );
    const denied = await authorize({
      response_type: 'token',
      client_id: CA_KEY,
      redirect_uri: CALLBACK,
      login_hint: 'integration@acme.example',
    });
    const q = new URL(denied.headers.location ?? '').searchParams;
    assert.deepEqual(
      [q.get('error'), q.get('error_description')],
      ['access_denied', 'user is not admin approved to access this app'],
    );
  });

  it('PKCE: the code exchange needs the matching verifier', async () => {
    const verifier = 'a'.repeat(50);
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const codeFor = async () => {
      const res = await authorize({
        response_type: 'code',
        client_id: ECA_KEY,
        redirect_uri: CALLBACK,
        code_challenge: challenge,
        code_challenge_method: 'S256',
      });
      return new URL(res.headers.location ?? '').searchParams.get('code') ?? '';
    };
    const base = {
      grant_type: 'authorization_code',
      client_id: ECA_KEY,
      client_secret: SECRET,
      redirect_uri: CALLBACK,
    };
    const wrong = await exchange({ ...base, code: await codeFor(), code_verifier: 'b'.repeat(50) });
    assert.deepEqual(json(wrong), { error: 'invalid_grant', error_description: 'invalid code verifier' });
    assert.equal((await exchange({ ...base, code: await codeFor(), code_verifier: verifier })).status, 200);
  });

  it('code exchange errors: client, secret, redirect_uri, expired code', async () => {
    let clock = NOW;
    await emulator.stop();
    emulator = await startEmulator(multiOrgConfig(), { now: () => clock });
    const codeFor = async () => {
      const res = await authorize({
        response_type: 'code',
        client_id: SELF_KEY,
        redirect_uri: CALLBACK,
        login_hint: 'self@acme.example',
      });
      return new URL(res.headers.location ?? '').searchParams.get('code') ?? '';
    };
    const base = {
      grant_type: 'authorization_code',
      client_id: SELF_KEY,
      client_secret: SECRET,
      redirect_uri: CALLBACK,
    };
    assert.deepEqual(json(await exchange({ ...base, client_id: 'nope', code: await codeFor() })), {
      error: 'invalid_client_id',
      error_description: 'client identifier invalid',
    });
    assert.deepEqual(json(await exchange({ ...base, client_secret: 'wrong', code: await codeFor() })), {
      error: 'invalid_client',
      error_description: 'invalid client credentials',
    });
    const { client_secret: _omitted, ...withoutSecret } = base;
    assert.deepEqual(json(await exchange({ ...withoutSecret, code: await codeFor() })), {
      error: 'invalid_client',
      error_description: 'invalid client credentials',
    });
    assert.deepEqual(json(await exchange({ ...base, redirect_uri: 'http://x/y', code: await codeFor() })), {
      error: 'redirect_uri_mismatch',
      error_description: 'redirect_uri must match configuration',
    });
    const late = await codeFor();
    clock += 16 * 60_000;
    assert.deepEqual(json(await exchange({ ...base, code: late })), {
      error: 'invalid_grant',
      error_description: 'expired authorization code',
    });
  });

  it('refresh_token grant issues a new session; a revoked refresh token is expired', async () => {
    const res = await authorize({
      response_type: 'token',
      client_id: SELF_KEY,
      redirect_uri: CALLBACK,
      login_hint: 'self@acme.example',
    });
    const refresh = new URLSearchParams((res.headers.location ?? '').split('#')[1]).get('refresh_token') ?? '';
    const grant = { grant_type: 'refresh_token', refresh_token: refresh, client_id: SELF_KEY, client_secret: SECRET };
    const ok = await exchange(grant);
    assert.equal(ok.status, 200, ok.body);
    assert.equal(json<Record<string, unknown>>(ok).refresh_token, undefined);
    const revoke = await request(`${emulator.url}/services/oauth2/revoke`, {
      body: `token=${encodeURIComponent(refresh)}`,
      headers: FORM,
    });
    assert.equal(revoke.status, 200);
    assert.deepEqual(json(await exchange(grant)), {
      error: 'invalid_grant',
      error_description: 'expired access/refresh token',
    });
    assert.equal((await jwtLogin()).status, 400, 'revoking the refresh token removes the approval');
  });

  it('keeps at most 5 approvals per user and app: a sixth revokes the oldest refresh token', async () => {
    const tokens: string[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await authorize({
        response_type: 'token',
        client_id: SELF_KEY,
        redirect_uri: CALLBACK,
        login_hint: 'self@acme.example',
      });
      tokens.push(new URLSearchParams((res.headers.location ?? '').split('#')[1]).get('refresh_token') ?? '');
    }
    const use = (t: string) =>
      exchange({ grant_type: 'refresh_token', refresh_token: t, client_id: SELF_KEY, client_secret: SECRET });
    assert.equal((await use(tokens[0]!)).status, 400);
    assert.equal((await use(tokens[1]!)).status, 200);
    assert.equal((await use(tokens[5]!)).status, 200);
  });

  it('simulated login: defaultUser when no hint, clear errors for unknown or foreign users', async () => {
    const res = await authorize({ response_type: 'code', client_id: CA_KEY, redirect_uri: CALLBACK });
    assert.equal(res.status, 302);
    assert.equal(emulator.stats().requests.at(-1)?.username, 'admin@acme.example');
    const unknown = await authorize({
      response_type: 'code',
      client_id: CA_KEY,
      redirect_uri: CALLBACK,
      login_hint: 'ghost@acme.example',
    });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body, 'emulator: login as "ghost@acme.example" failed: no such user');
    const foreign = await authorize({
      response_type: 'code',
      client_id: CA_KEY,
      redirect_uri: CALLBACK,
      login_hint: 'admin@gov.example',
    });
    assert.equal(foreign.body, 'emulator: login as "admin@gov.example" failed: user is not in the app\'s org');
  });
});
