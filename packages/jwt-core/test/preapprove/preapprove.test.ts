import { strict as assert } from 'node:assert';
import { isJwtCoreError } from '../../src/errors.js';
import { DEFAULT_REDIRECT_URI, buildAuthorizeUrl } from '../../src/preapprove/authorize-url.js';
import { APPROVAL_RULES, preapprovalGuide } from '../../src/preapprove/guide.js';

const CLIENT_ID = '3MVG9rZjd7MXFdLhVxYFmYqGmQAaAc2pbZTxkWqWcXfPGEBHyGTTo.Z1OR3Tn3bh9ecNjsdF6eqV.5zRzn6kQ';

describe('buildAuthorizeUrl', () => {
  it('defaults to the login host, response_type=token, api refresh_token, the CLI callback and a forced login', () => {
    const r = buildAuthorizeUrl({ clientId: ` ${CLIENT_ID} ` });
    assert.equal(
      r.url,
      `https://login.salesforce.com/services/oauth2/authorize?response_type=token&client_id=${CLIENT_ID}&redirect_uri=http%3A%2F%2Flocalhost%3A1717%2FOauthRedirect&scope=api%20refresh_token&prompt=login%20consent`,
    );
    assert.equal(r.redirectUri, DEFAULT_REDIRECT_URI);
    assert.equal(r.countsForJwt, true);
    assert.deepEqual(r.warnings, []);
  });

  it('uses the My Domain host, encodes username, state and a custom callback', () => {
    const r = buildAuthorizeUrl({
      clientId: CLIENT_ID,
      loginUrl: 'https://ACME--uat.sandbox.my.salesforce.com/',
      redirectUri: 'https://app.example.com/cb?x=1&y=2',
      username: 'ci+bot@acme.com.uat',
      state: 'a b&c',
    });
    const url = new URL(r.url);
    assert.equal(url.origin + url.pathname, 'https://acme--uat.sandbox.my.salesforce.com/services/oauth2/authorize');
    assert.equal(url.searchParams.get('redirect_uri'), 'https://app.example.com/cb?x=1&y=2');
    assert.equal(url.searchParams.get('login_hint'), 'ci+bot@acme.com.uat');
    assert.equal(url.searchParams.get('state'), 'a b&c');
    assert.ok(r.url.includes('&login_hint=ci%2Bbot%40acme.com.uat&state=a%20b%26c'));
  });

  it('warns that an unexchanged code does not count', () => {
    const r = buildAuthorizeUrl({ clientId: CLIENT_ID, responseType: 'code' });
    assert.equal(r.countsForJwt, false);
    assert.deepEqual(r.warnings, [
      'response_type=code counts only once the code is exchanged at the token endpoint (with the consumer secret, and PKCE if the app requires it); an unexchanged code leaves no approval. Prefer response_type=token.',
    ]);
  });

  it('warns that an approval without refresh_token does not count', () => {
    const r = buildAuthorizeUrl({ clientId: CLIENT_ID, scope: 'api web' });
    assert.equal(r.countsForJwt, false);
    assert.deepEqual(r.warnings, [
      'The scope lacks refresh_token (or offline_access): Salesforce issues no refresh token, so this approval will NOT count for the JWT flow.',
    ]);
    assert.equal(buildAuthorizeUrl({ clientId: CLIENT_ID, scope: 'api  offline_access' }).countsForJwt, true);
  });

  it('rejects a bad client id, a Lightning host and a redirect URI with a fragment', () => {
    assert.throws(
      () => buildAuthorizeUrl({ clientId: 'me@acme.com' }),
      (e: unknown) => isJwtCoreError(e, 'ERR_CLAIM_CLIENT_ID'),
    );
    assert.throws(
      () => buildAuthorizeUrl({ clientId: CLIENT_ID, loginUrl: 'https://acme.lightning.force.com' }),
      (e: unknown) => isJwtCoreError(e, 'ERR_URL_LIGHTNING'),
    );
    assert.throws(
      () => buildAuthorizeUrl({ clientId: CLIENT_ID, redirectUri: 'https://x.example.com/cb#frag' }),
      (e: unknown) =>
        isJwtCoreError(e, 'ERR_URL_HAS_QUERY_OR_FRAGMENT') &&
        e.message === 'The redirect URI "https://x.example.com/cb#frag" has a fragment.',
    );
    assert.throws(
      () => buildAuthorizeUrl({ clientId: CLIENT_ID, redirectUri: 'not a url' }),
      (e: unknown) =>
        isJwtCoreError(e, 'ERR_URL_INVALID') && e.message === 'The redirect URI "not a url" is not an absolute URL.',
    );
  });

  it('refuses redirect URIs with script or local-content schemes (issue 11), keeps custom app schemes', () => {
    const refused: readonly [string, string][] = [
      ['javascript:alert(document.cookie)', 'javascript'],
      ['JavaScript:alert(1)//', 'javascript'],
      [' javascript:alert(1)', 'javascript'],
      ['data:text/html,<script>alert(1)</script>', 'data'],
      ['file:///etc/passwd', 'file'],
      ['vbscript:msgbox(1)', 'vbscript'],
      ['blob:https://evil.example/uuid', 'blob'],
      ['about:blank', 'about'],
    ];
    for (const [redirectUri, scheme] of refused) {
      assert.throws(
        () => buildAuthorizeUrl({ clientId: CLIENT_ID, redirectUri }),
        (e: unknown) =>
          isJwtCoreError(e, 'ERR_URL_REDIRECT_SCHEME') &&
          e.message === `The redirect URI uses the ${scheme}: scheme, which is never an app's Callback URL.`,
        redirectUri,
      );
    }
    for (const ok of ['com.example.app:/oauth2redirect', 'sfdc://success', 'https://app.example.com/cb']) {
      assert.equal(buildAuthorizeUrl({ clientId: CLIENT_ID, redirectUri: ok }).redirectUri, ok);
    }
  });
});

describe('preapprovalGuide', () => {
  it('recommends the admin path with Setup steps and metadata names, and explains which approvals count', () => {
    const g = preapprovalGuide({ clientId: CLIENT_ID, username: 'ci@acme.com' });
    assert.equal(g.recommended, 'admin');
    assert.equal(g.admin.policy, 'Admin approved users are pre-authorized');
    assert.equal(
      g.admin.connectedAppSteps[2],
      "Back on the app's Manage page: Manage Profiles (or Manage Permission Sets) → add the profile or a permission set of ci@acme.com.",
    );
    assert.match(
      g.admin.metadata.externalClientApp,
      /permittedUsersPolicyType = AdminApprovedPreAuthorized, with commaSeparatedProfile/,
    );
    assert.equal(g.selfApproval.steps[1], 'Log in as ci@acme.com and click Allow.');
    assert.equal(g.rules, APPROVAL_RULES);
    assert.deepEqual(
      g.rules.map((r) => r.countsForJwt),
      [true, true, true, false, false, false],
    );
    assert.equal(g.limits[0], 'Salesforce keeps at most 5 approvals per user per app; a sixth revokes the oldest.');
  });
});
