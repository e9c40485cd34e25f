// The token client against the Salesforce emulator over real HTTP: one token request for many callers, and a
// re-mint when the emulator ends every session. The emulator counts the requests, independently of the client.
import { strict as assert } from 'node:assert';
import { createDemoConfig, startEmulator, type Emulator } from '@sfjwt/salesforce-emulator';
import { createTokenClient, type TokenClient } from '../../src/client/token-client.js';
import { mintAccessToken } from '../../src/client/mint.js';
import { TokenExchangeError } from '../../src/errors.js';

const tokenRequests = (emulator: Emulator): number =>
  emulator.stats().requests.filter((r) => r.route === 'token').length;

describe('createTokenClient against the emulator', function () {
  this.timeout(30_000);
  let emulator: Emulator;
  let demo: ReturnType<typeof createDemoConfig>;
  let client: TokenClient;

  before(async () => {
    demo = createDemoConfig({ appType: 'connected-app' });
    emulator = await startEmulator(demo.config);
  });
  after(async () => emulator.stop());
  beforeEach(() => {
    client = createTokenClient({
      clientId: demo.consumerKey,
      username: demo.username,
      privateKey: demo.privateKeyPem,
      instanceUrl: emulator.url,
      fetch: globalThis.fetch,
      now: Date.now,
    });
  });

  it('100 concurrent getToken() make exactly one token request, and the token works', async () => {
    const before = tokenRequests(emulator);
    const tokens = await Promise.all(Array.from({ length: 100 }, () => client.getToken()));
    assert.equal(tokenRequests(emulator) - before, 1);
    assert.equal(new Set(tokens.map((t) => t.accessToken)).size, 1);
    assert.equal(tokens[0]!.orgId, demo.orgId);
    assert.equal(tokens[0]!.userId, demo.userId);
    const response = await client.fetch('/services/data/v62.0/');
    assert.equal(response.status, 200);
  });

  it('after the org ends every session, fetch re-mints once and the request succeeds', async () => {
    await client.fetch('/services/data/v62.0/');
    const before = tokenRequests(emulator);
    emulator.revokeAllTokens();
    const response = await client.fetch('/services/data/v62.0/');
    assert.equal(response.status, 200);
    assert.equal(tokenRequests(emulator) - before, 1);
    const rest = emulator
      .stats()
      .requests.filter((r) => r.route === 'resources')
      .slice(-2);
    assert.deepEqual(
      rest.map((r) => r.status),
      [401, 200],
    );
  });

  it('mintAccessToken diagnoses a rejected grant (unknown user)', async () => {
    const err = await mintAccessToken({
      clientId: demo.consumerKey,
      username: 'nobody@example.com',
      privateKey: demo.privateKeyPem,
      instanceUrl: emulator.url,
      fetch: globalThis.fetch,
      now: Date.now,
      certificate: demo.certificatePem,
    }).catch((e: unknown) => e);
    assert.ok(err instanceof TokenExchangeError);
    assert.equal(err.code, 'ERR_TOKEN_GRANT_REJECTED');
    assert.ok(err.diagnosis !== undefined && err.diagnosis.causes.length > 0);
  });
});
