import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import {
  TransportError,
  diagnoseFailure,
  loadPrivateKey,
  preapprovalGuide,
  proxyForUrl,
  validateAssertion,
  type ErrorHint,
  type ErrorHintKind,
  type JwtCoreError,
} from '@sfjwt/jwt-core';
import { cliDiagnosis, cliFinding, cliFix, cliMessage, cliPreapprovalGuide } from '../../src/errors/cli-advice.js';
import { toSfError } from '../../src/errors/to-sf-error.js';

const caught = (f: () => unknown): JwtCoreError => {
  try {
    f();
  } catch (err) {
    return err as JwtCoreError;
  }
  throw new Error('expected a throw');
};

// One hint of every kind: the mapped type fails to compile when jwt-core adds a kind the CLI has no wording for.
const EVERY_HINT: { readonly [K in ErrorHintKind]: Extract<ErrorHint, { kind: K }> } = {
  'passphrase-required': { kind: 'passphrase-required' },
  'passphrase-wrong': { kind: 'passphrase-wrong' },
  'key-not-pem': { kind: 'key-not-pem' },
  'new-key-pair': { kind: 'new-key-pair', minimumBits: 2048 },
  'key-openssh': { kind: 'key-openssh' },
  'key-unparseable': { kind: 'key-unparseable' },
  'keystore-key-size': { kind: 'keystore-key-size', supportedBits: [2048, 3072, 4096] },
  'lifetime-needs-long-lived': { kind: 'lifetime-needs-long-lived', maxSeconds: 180 },
  'lifetime-too-long': { kind: 'lifetime-too-long', maxSeconds: 63_244_800 },
  'jti-with-long-lived': { kind: 'jti-with-long-lived', maxSeconds: 180 },
  'certificate-expected': { kind: 'certificate-expected' },
  'certificate-is-private-key': { kind: 'certificate-is-private-key' },
  'certificate-from-csr': { kind: 'certificate-from-csr' },
  'key-certificate-mismatch': { kind: 'key-certificate-mismatch' },
  'assertion-expected': { kind: 'assertion-expected' },
  'assertion-malformed': { kind: 'assertion-malformed' },
  'grant-rejected': { kind: 'grant-rejected' },
  'proxy-url-invalid': { kind: 'proxy-url-invalid', setting: 'httpsProxy' },
  'proxy-auth-required': { kind: 'proxy-auth-required' },
  'network-unreachable': { kind: 'network-unreachable', tls: false },
  'network-timeout': { kind: 'network-timeout', limit: 'attempt' },
  'sign-fresh': { kind: 'sign-fresh' },
  'sign-rs256': { kind: 'sign-rs256' },
  'signature-missing': { kind: 'signature-missing' },
  'signature-not-checked': { kind: 'signature-not-checked' },
  'audience-for-instance': {
    kind: 'audience-for-instance',
    audience: 'https://test.salesforce.com',
    instanceUrl: 'https://test.salesforce.com',
  },
};

describe('cli-advice: jwt-core advice in CLI words', () => {
  it('has CLI wording for every hint kind, and it differs from the library fix', () => {
    for (const hint of Object.values(EVERY_HINT)) {
      const err = new TransportError('ERR_NETWORK', 'm', { fix: 'library fix', hint });
      const fix = cliFix(err);
      assert.notEqual(fix, 'library fix', hint.kind);
      assert.ok(fix.length > 10 && !fix.includes('%s'), `${hint.kind}: ${fix}`);
    }
  });

  it('words a missing passphrase with the env var and the prompt', () => {
    const err = caught(() =>
      loadPrivateKey(readFileSync(new URL('../fixtures/server-encrypted.key', import.meta.url))),
    );
    assert.equal(err.code, 'ERR_KEY_PASSPHRASE_REQUIRED');
    assert.equal(err.fix, 'Pass its passphrase as the `passphrase` option.');
    assert.equal(cliFix(err), 'Give its passphrase: set SFJWT_KEY_PASSPHRASE or answer the prompt.');
    assert.deepEqual((toSfError(err) as { actions?: string[] }).actions, [
      'Give its passphrase: set SFJWT_KEY_PASSPHRASE or answer the prompt.',
    ]);
  });

  it('names the proxy env var in message and fix', () => {
    const err = caught(() => proxyForUrl('https://login.salesforce.com', { httpsProxy: 'socks5://proxy:1080' }));
    assert.equal(err.message, 'The httpsProxy setting uses socks5:; only http:// and https:// proxies are supported.');
    assert.equal(cliMessage(err), 'HTTPS_PROXY uses socks5:; only http:// and https:// proxies are supported.');
    assert.equal(cliFix(err), 'Set HTTPS_PROXY to http://host:port; SOCKS proxies are not supported.');
    const bad = caught(() => proxyForUrl('http://127.0.0.1:1', { httpProxy: 'http://[bad' }));
    assert.equal(cliMessage(bad), 'HTTP_PROXY is not a valid proxy URL.');
    assert.equal(cliFix(bad), 'Set HTTP_PROXY to http://host:port (or http://user:password@host:port).');
  });

  it('words findings with the CLI commands and drops the hint from --json', () => {
    const now = Date.UTC(2027, 0, 1);
    const exp = Math.floor(now / 1000) - 2 * 3600;
    const b64 = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
    const jws = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({ iss: '3MVG9abcdefgh', sub: 'a@b.c', aud: 'https://acme.my.salesforce.com', exp })}.c2ln`;
    const findings = validateAssertion(jws, {
      now: () => now,
      expected: { instanceUrl: 'https://test.salesforce.com' },
    }).findings.map(cliFinding);
    const byCode = new Map(findings.map((f) => [f.code, f]));
    assert.equal(
      byCode.get('EXP_PAST')?.fix,
      'exp is about 2 hours behind: local time used as UTC? Use UTC epoch seconds. Sign a fresh assertion right before the request: `sf jwt assert` sets exp = now + 180 s in integer seconds.',
    );
    assert.equal(
      byCode.get('AUD_MISMATCH_INSTANCE')?.fix,
      'Sign with aud https://test.salesforce.com (`sf jwt assert --instance-url https://test.salesforce.com` picks it).',
    );
    assert.equal(byCode.get('SIGNATURE_NOT_CHECKED')?.fix, "Pass the app's certificate (--cert-file) to check it.");
    assert.ok(findings.every((f) => !('hint' in f)));
  });

  it('words causes and evidence by cause id, quoting the diagnosis facts, and drops them from --json', () => {
    const diagnosis = diagnoseFailure({
      error: 'invalid_grant',
      errorDescription: "user hasn't approved this consumer",
      tokenHost: 'https://acme.my.salesforce.com',
      claims: { iss: '3MVG9rZjd7MXFdLjRqK0ebwJd', sub: 'ci@acme.com', aud: 'https://acme.my.salesforce.com', exp: 1 },
    });
    const cli = cliDiagnosis(diagnosis);
    assert.ok(!('quoted' in cli));
    const selfApproval = cli.causes.find((c) => c.id === 'self-authorize-without-approval');
    assert.match(
      selfApproval!.fix,
      /^Approve once as ci@acme\.com: run `sf jwt preapprove --client-id 3MVG9rZjd7MX…` and open the URL it prints/,
    );
    const mismatch = cliDiagnosis(
      diagnoseFailure({
        error: 'invalid_grant',
        errorDescription: 'invalid assertion',
        tokenHost: 'https://login.salesforce.com',
      }),
    ).causes.find((c) => c.id === 'key-certificate-mismatch');
    assert.deepEqual(mismatch!.evidence, [
      'No certificate was given (--cert-file), so the key could not be compared with it.',
    ]);
    assert.match(mismatch!.fix, /`sf jwt inspect --jwt-key-file … --cert-file …` compares fingerprints\.$/);
  });

  it("ends the pre-approval steps with the CLI's login", () => {
    const guide = cliPreapprovalGuide(preapprovalGuide({ clientId: '3MVG9abcdefgh' }));
    assert.equal(guide.selfApproval.steps.at(-1), 'Retry `sf jwt login`.');
  });
});
