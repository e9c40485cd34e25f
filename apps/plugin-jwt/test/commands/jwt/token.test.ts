/**
 * `sf jwt token` against the emulator: the exact request, stdout = the token only, and for every Salesforce answer
 * the emulator reproduces, the diagnosis that names the real cause.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Emulator } from '@sfjwt/salesforce-emulator';
import { wholeSecondNow, withFrozenClock } from '@sfjwt/test-support';
import JwtToken, { type TokenCommandResult } from '../../../src/commands/jwt/token.js';
import { startDemo, type DemoEmulator } from '../../support/emulator.js';
import { runInProcess } from './harness.js';
import { exitCodeOf } from '../../../src/errors/exit-codes.js';

const NO_ENV = {
  SFJWT_KEY: undefined,
  SFJWT_KEY_PASSPHRASE: undefined,
  HTTPS_PROXY: undefined,
  HTTP_PROXY: undefined,
  https_proxy: undefined,
  http_proxy: undefined,
};

type Failure = {
  name: string;
  message: string;
  actions?: string[];
  data?: {
    attempts: { audience?: string; errorDescription?: string }[];
    diagnosis?: { causes: { id: string; likelihood: string; evidence: string[] }[] };
  };
};

describe('jwt token (against the emulator)', function () {
  this.timeout(60_000);
  let demo: DemoEmulator;
  let emulator: Emulator;
  before(async () => {
    demo = await startDemo();
    emulator = demo.emulator;
  });
  after(() => demo.stop());
  beforeEach(() => {
    emulator.setFaults([]);
    emulator.resetStats();
  });

  const run = (extra: string[] = [], base = demo.flags()) =>
    runInProcess<TokenCommandResult>(JwtToken, [...base, ...extra], NO_ENV);

  it('prints only the access token on stdout, from one POST with grant_type and assertion', async () => {
    const out = await run();
    assert.equal(out.exitCode, 0, out.stderr);
    const token = out.result!.accessToken;
    assert.match(token, /^00D[A-Za-z0-9]{12}!/);
    assert.equal(out.stdout, `${token}\n`);
    const posts = emulator.stats().requests.filter((r) => r.route === 'token');
    assert.equal(posts.length, 1);
    assert.equal(posts[0]!.grantType, 'urn:ietf:params:oauth:grant-type:jwt-bearer');
    const claims = posts[0]!.assertion!.claims;
    assert.deepEqual(Object.keys(claims).sort(), ['aud', 'exp', 'iat', 'iss', 'sub']);
    assert.equal((claims['exp'] as number) - (claims['iat'] as number), 180);
  });

  it('returns the typed result with --json', async () => {
    const out = await run(['--json']);
    assert.equal(out.exitCode, 0, out.stderr);
    const r = out.result!;
    assert.equal(r.orgId, demo.orgId);
    assert.equal(r.userId, demo.userId);
    assert.equal(r.instanceUrl, emulator.url);
    assert.equal(r.tokenHost, emulator.url);
    assert.equal(r.audience, emulator.url);
    assert.equal(r.id.endsWith(`/id/${demo.orgId}/${demo.userId}`), true);
    assert.deepEqual(
      r.attempts.map((a) => a.outcome),
      ['success'],
    );
  });

  async function failure(extra: string[] = [], base?: string[]): Promise<Failure> {
    const out = await run(extra, base);
    assert.equal(out.exitCode, exitCodeOf(out.error?.name ?? ''), `expected a failure, got: ${out.stdout}`);
    assert.notEqual(out.exitCode, 0);
    assert.equal(out.stdout, '', 'nothing on stdout when there is no token');
    return out.error as unknown as Failure;
  }

  const likely = (f: Failure): string[] =>
    (f.data?.diagnosis?.causes ?? []).filter((c) => c.likelihood === 'likely').map((c) => c.id);

  it('client identifier invalid → the consumer key', async () => {
    const base = demo.flags().map((v) => (v === demo.consumerKey ? `${demo.consumerKey}X` : v));
    const f = await failure([], base);
    assert.equal(f.name, 'ERR_TOKEN_GRANT_REJECTED');
    assert.match(
      f.message,
      /\(invalid_client_id: client identifier invalid\)\. Most likely: iss is not a consumer key this org knows/,
    );
    assert.deepEqual(likely(f), ['client-id-wrong']);
    assert.deepEqual(f.actions, [
      'Copy the Consumer Key again: App Manager → the app → View → Manage Consumer Details (External Client App: Settings → OAuth Settings → Consumer Key and Secret).',
    ]);
  });

  it('invalid assertion with the app certificate given → the key does not match it, by fingerprint', async () => {
    const other = join(demo.dir, 'other.key');
    execFileSync('openssl', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', other], {
      stdio: 'pipe',
    });
    const base = demo.flags().map((v) => (v === demo.keyPath ? other : v));
    const f = await failure(['--cert-file', demo.certPath], base);
    assert.match(
      f.message,
      /\(invalid_grant: invalid assertion\)\. Most likely: the private key does not belong to the certificate uploaded to the app\./,
    );
    assert.deepEqual(likely(f), ['key-certificate-mismatch']);
    const mismatch = f.data!.diagnosis!.causes[0]!;
    assert.match(
      mismatch.evidence[0]!,
      /^The private key does not match the given certificate \(key [0-9A-F:]{95}, certificate [0-9A-F:]{95}\)\.$/,
    );
  });

  it('audience is invalid for an unrelated aud → says so, without falling back (explicit --audience)', async () => {
    const f = await failure(['--audience', 'https://example.com']);
    assert.match(
      f.message,
      /\(invalid_grant: audience is invalid\)\. Most likely: the aud is neither login, test, nor the host the request went to\./,
    );
    assert.equal(f.data!.attempts.length, 1);
  });

  it("expired authorization code when Salesforce's clock runs ahead → clock skew, measured on the Date header", async () => {
    emulator.setClock(() => Date.now() + 10 * 60_000);
    try {
      // Both clocks stand still (the emulator's runs off Date.now too), so the skew is exactly 10 minutes.
      const f = await withFrozenClock(wholeSecondNow(), () => failure());
      assert.match(
        f.message,
        /\(invalid_grant: expired authorization code\)\. Most likely: the local clock differs from Salesforce's, so exp landed in the past\./,
      );
      const skew = f.data!.diagnosis!.causes.find((c) => c.id === 'clock-skew')!;
      assert.match(skew.evidence[0]!, /^The local clock is 600 s behind the server's Date header/);
    } finally {
      emulator.setClock(Date.now);
    }
  });

  it("user hasn't approved this consumer (self-authorize, no approval) → tries the login aud once, then names the approval", async () => {
    emulator.setAppPolicy(demo.consumerKey, { type: 'self-authorize' });
    try {
      const f = await failure();
      assert.deepEqual(
        f.data!.attempts.map((a) => [a.audience, a.errorDescription]),
        [
          [emulator.url, "user hasn't approved this consumer"],
          ['https://login.salesforce.com', "user hasn't approved this consumer"],
        ],
      );
      assert.deepEqual(likely(f), ['not-pre-authorized', 'self-authorize-without-approval']);
      assert.match(f.actions![1]!, /sf jwt preapprove --client-id 3MVG9/);
    } finally {
      emulator.setAppPolicy(demo.consumerKey, { type: 'admin-approved', profiles: ['System Administrator'] });
    }
  });

  it('the preapprove URL (response_type=token) records an approval that counts; an unexchanged code does not', async () => {
    emulator.setAppPolicy(demo.consumerKey, { type: 'self-authorize' });
    const { buildAuthorizeUrl } = await import('@sfjwt/jwt-core');
    const open = async (responseType: 'token' | 'code') => {
      const { url } = buildAuthorizeUrl({
        clientId: demo.consumerKey,
        loginUrl: emulator.url,
        username: demo.username,
        responseType,
      });
      const response = await fetch(url, { redirect: 'manual' });
      assert.equal(response.status, 302);
      return response.headers.get('location') ?? '';
    };
    try {
      assert.match(await open('code'), /^http:\/\/localhost:1717\/OauthRedirect\?code=/);
      assert.equal((await run()).exitCode, 77, 'an unexchanged code is no approval');
      assert.match(await open('token'), /^http:\/\/localhost:1717\/OauthRedirect#access_token=/);
      const out = await run();
      assert.equal(out.exitCode, 0, out.stderr);
    } finally {
      emulator.revokeApprovals(demo.username, demo.consumerKey);
      emulator.setAppPolicy(demo.consumerKey, { type: 'admin-approved', profiles: ['System Administrator'] });
    }
  });

  it('user is not admin approved → the profile or permission set', async () => {
    emulator.setAppPolicy(demo.consumerKey, { type: 'admin-approved', profiles: ['Integration User'] });
    try {
      const f = await failure();
      assert.match(
        f.message,
        /\(invalid_app_access: user is not admin approved to access this app\)\. Most likely: the app is admin-approved and the user's profile or permission set is not among the approved ones\./,
      );
      assert.match(
        f.actions![0]!,
        /Manage Profiles \(or Manage Permission Sets\) and add the profile or a permission set of demo\.user@sfjwt-demo\.example/,
      );
    } finally {
      emulator.setAppPolicy(demo.consumerKey, { type: 'admin-approved', profiles: ['System Administrator'] });
    }
  });

  for (const [patch, description] of [
    [{ active: false }, 'inactive user'],
    [{ frozen: true }, 'authentication failure'],
  ] as const) {
    it(`${description} → the user is deactivated or frozen`, async () => {
      emulator.setUser(demo.username, patch);
      try {
        const f = await failure();
        assert.match(
          f.message,
          new RegExp(`\\(invalid_grant: ${description}\\)\\. Most likely: the user is deactivated or frozen\\.`),
        );
        assert.match(f.actions![0]!, /^Setup → Users: reactivate or unfreeze demo\.user@sfjwt-demo\.example/);
      } finally {
        emulator.setUser(demo.username, { active: true, frozen: false });
      }
    });
  }

  it("ip restricted → IP relaxation or the profile's login IP ranges", async () => {
    emulator.setUser(demo.username, { ipRestricted: true });
    try {
      const f = await failure();
      assert.match(
        f.message,
        /\(invalid_grant: ip restricted or invalid login hours\)\. Most likely: the login comes from an IP range or at an hour the user's profile does not allow\./,
      );
    } finally {
      emulator.setUser(demo.username, { ipRestricted: false });
    }
  });

  it('login rate exceeded → cache tokens', async () => {
    const limited = await startDemo({}, (c) => ({ ...c, rateLimit: { maxLogins: 1, windowSeconds: 3600 } }));
    try {
      assert.equal((await run([], limited.flags())).exitCode, 0);
      const f = await failure([], limited.flags());
      assert.match(
        f.message,
        /\(invalid_grant: login rate exceeded\)\. Most likely: too many logins for this user in the last hour\./,
      );
    } finally {
      await limited.stop();
    }
  });

  it('External Client App reached with the login aud → app_not_found → My Domain as host and aud', async () => {
    const eca = await startDemo({ appType: 'external-client-app' });
    try {
      const f = await failure(['--audience', 'https://login.salesforce.com'], eca.flags());
      assert.match(
        f.message,
        /\(app_not_found: External client app is not installed in this org\)\. Most likely: an External Client App is reached only through My Domain/,
      );
      // Without --audience the resolver starts with the My Domain pair, which works.
      assert.equal((await run([], eca.flags())).exitCode, 0);
    } finally {
      await eca.stop();
    }
  });

  it('an External Client App on the login host: app_not_found, or a token where the org still allows it (issue 24 item 9)', async () => {
    // forcedotcom/cli#3482, #3325, sfdx-hardis#1979, n8n#29016: refused on login/test, though "some orgs still accept".
    const onLogin = (allow: boolean) =>
      startDemo({ appType: 'external-client-app' }, (c) => ({
        ...c,
        role: 'login',
        orgs: c.orgs.map((o) => ({ ...o, ecaGenericHosts: allow })),
      }));
    const refused = await onLogin(false);
    try {
      const f = await failure([], refused.flags());
      assert.match(f.message, /\(app_not_found: External client app is not installed in this org\)/);
    } finally {
      await refused.stop();
    }
    const allowed = await onLogin(true);
    try {
      const out = await run(['--json'], allowed.flags());
      assert.equal(out.exitCode, 0, out.stderr);
      assert.deepEqual(
        out.result!.attempts.map((a) => [a.audience, a.outcome]),
        [[allowed.emulator.url, 'success']],
      );
    } finally {
      await allowed.stop();
    }
  });

  it('a Connected App refusing the My Domain aud → falls back to the login aud and succeeds, reporting both', async () => {
    const strict = await startDemo({}, (c) => ({ ...c, audiencePolicy: { connectedAppMyDomain: false } }));
    try {
      const out = await run(['--json'], strict.flags());
      assert.equal(out.exitCode, 0, out.stderr);
      assert.deepEqual(
        out.result!.attempts.map((a) => [a.audience, a.outcome, a.errorDescription]),
        [
          [strict.emulator.url, 'rejected', 'audience is invalid'],
          ['https://login.salesforce.com', 'success', undefined],
        ],
      );
    } finally {
      await strict.stop();
    }
  });
});
