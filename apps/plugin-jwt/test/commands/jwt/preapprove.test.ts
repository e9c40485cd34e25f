import { strict as assert } from 'node:assert';
import JwtPreapprove, { type PreapproveResult } from '../../../src/commands/jwt/preapprove.js';
import { runInProcess } from './harness.js';

const CLIENT_ID = '3MVG9A2kN3Bn17hu.Zr0j_QxYz';

describe('jwt preapprove', () => {
  it('returns the authorize URL for the My Domain host and the admin path as data', async () => {
    const out = await runInProcess<PreapproveResult>(JwtPreapprove, [
      '--client-id',
      CLIENT_ID,
      '--instance-url',
      'https://acme.my.salesforce.com/',
      '--username',
      'ci@acme.com',
      '--json',
    ]);
    assert.equal(out.exitCode, 0, out.stderr);
    const r = out.result!;
    assert.equal(
      r.selfApproval.url,
      `https://acme.my.salesforce.com/services/oauth2/authorize?response_type=token&client_id=${CLIENT_ID}&redirect_uri=http%3A%2F%2Flocalhost%3A1717%2FOauthRedirect&scope=api%20refresh_token&prompt=login%20consent&login_hint=ci%40acme.com`,
    );
    assert.equal(r.recommended, 'admin');
    assert.equal(r.admin.policy, 'Admin approved users are pre-authorized');
    assert.equal(r.selfApproval.countsForJwt, true);
    assert.equal((JSON.parse(out.stdout) as { result: PreapproveResult }).result.selfApproval.url, r.selfApproval.url);
  });

  it('prints the admin path first, then the URL on a line of its own, the rules and the limits', async () => {
    const out = await runInProcess<PreapproveResult>(JwtPreapprove, ['-i', CLIENT_ID, '--username', 'ci@acme.com']);
    assert.equal(out.exitCode, 0, out.stderr);
    const lines = out.stdout.split('\n');
    assert.equal(
      lines[0],
      'Recommended — pre-authorize the user as an admin (Admin approved users are pre-authorized):',
    );
    const urlLine = lines.findIndex((l) => l === 'Or approve once as ci@acme.com — open this URL:');
    assert.ok(urlLine > 0);
    assert.match(
      lines[urlLine + 2]!,
      /^ {2}https:\/\/login\.salesforce\.com\/services\/oauth2\/authorize\?response_type=token&/,
    );
    assert.ok(out.stdout.includes('  ✗ Self-approval with response_type=code, code never exchanged:'));
    assert.ok(
      out.stdout.includes('  - Salesforce keeps at most 5 approvals per user per app; a sixth revokes the oldest.'),
    );
  });

  it('warns that response_type=code needs the exchange, and honours --redirect-uri', async () => {
    const out = await runInProcess<PreapproveResult>(JwtPreapprove, [
      '-i',
      CLIENT_ID,
      '--response-type',
      'code',
      '--redirect-uri',
      'https://app.example.com/cb',
      '--json',
    ]);
    assert.equal(out.exitCode, 0, out.stderr);
    assert.equal(out.result!.selfApproval.countsForJwt, false);
    assert.equal(new URL(out.result!.selfApproval.url).searchParams.get('redirect_uri'), 'https://app.example.com/cb');
    assert.match(out.result!.selfApproval.warnings[0]!, /^response_type=code counts only once the code is exchanged/);
  });

  it('fails with the URL error code for a Lightning host', async () => {
    const out = await runInProcess<PreapproveResult>(JwtPreapprove, [
      '-i',
      CLIENT_ID,
      '-r',
      'https://acme.lightning.force.com',
    ]);
    assert.equal(out.exitCode, 64);
    assert.equal(out.error?.name, 'ERR_URL_LIGHTNING');
  });

  it("refuses --redirect-uri 'javascript:…' (and data:, file:) with a coded error and no URL printed (issue 11)", async () => {
    for (const uri of ['javascript:alert(document.cookie)', 'data:text/html,x', 'file:///etc/passwd']) {
      const out = await runInProcess<PreapproveResult>(JwtPreapprove, ['-i', CLIENT_ID, '--redirect-uri', uri]);
      assert.equal(out.exitCode, 64, uri);
      assert.equal(out.error?.name, 'ERR_URL_REDIRECT_SCHEME');
      assert.equal(
        out.error?.message,
        `The redirect URI uses the ${uri.split(':')[0]!}: scheme, which is never an app's Callback URL.`,
      );
      assert.ok(!out.stdout.includes('oauth2/authorize'), out.stdout);
    }
  });
});
