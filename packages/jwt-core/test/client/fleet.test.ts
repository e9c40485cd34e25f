// Fleets against the Salesforce emulator over real HTTP: several clients sharing one TokenCache (as processes share
// one Redis) make exactly one token request, and a client holding [new, old] keys rides through a certificate rotation.
// Each client counts its own token POSTs; the emulator counts them independently.
import { strict as assert } from 'node:assert';
import { createDemoConfig, startEmulator, type Emulator } from '@sfjwt/salesforce-emulator';
import { createTokenClient, type TokenClient } from '../../src/client/token-client.js';
import { createMemoryTokenCache, type TokenCache } from '../../src/client/token-cache.js';
import type { ExchangeAttempt } from '../../src/exchange/types.js';
import { loadPrivateKey } from '../../src/keys/load-private-key.js';
import { publicKeyFingerprint } from '../../src/keys/public-key-fingerprint.js';

const tokenRequests = (emulator: Emulator): number =>
  emulator.stats().requests.filter((r) => r.route === 'token').length;

/** A fetch that counts the token POSTs it sends. */
function countingFetch() {
  const counter = { tokenPosts: 0 };
  const fetch = (url: string, init: RequestInit): Promise<Response> => {
    if (url.endsWith('/services/oauth2/token')) counter.tokenPosts++;
    return globalThis.fetch(url, init);
  };
  return { counter, fetch };
}

describe('token client fleets against the emulator', function () {
  this.timeout(60_000);
  let emulator: Emulator;
  let demo: ReturnType<typeof createDemoConfig>;
  let next: ReturnType<typeof createDemoConfig>;

  before(async () => {
    demo = createDemoConfig({ appType: 'connected-app' });
    next = createDemoConfig({ appType: 'connected-app' }); // only its key pair and certificate are used
    emulator = await startEmulator(demo.config);
  });
  after(async () => emulator.stop());
  afterEach(() => emulator.setAppCertificate(demo.consumerKey, demo.certificatePem));

  const client = (
    cache: TokenCache | undefined,
    privateKey: string | readonly string[],
    onAttempt?: (a: ExchangeAttempt) => void,
  ) => {
    const { counter, fetch } = countingFetch();
    const tokenClient: TokenClient = createTokenClient({
      clientId: demo.consumerKey,
      username: demo.username,
      privateKey,
      instanceUrl: emulator.url,
      fetch,
      ...(cache === undefined ? {} : { cache }),
      ...(onAttempt === undefined ? {} : { onAttempt }),
    });
    return { counter, client: tokenClient };
  };

  it('8 clients × 25 concurrent getToken() on one shared cache: exactly 1 token request (8 without it)', async () => {
    const cache = createMemoryTokenCache();
    const before = tokenRequests(emulator);
    const fleet = Array.from({ length: 8 }, () => client(cache, demo.privateKeyPem));
    const tokens = await Promise.all(fleet.flatMap(({ client: c }) => Array.from({ length: 25 }, () => c.getToken())));
    assert.equal(tokenRequests(emulator) - before, 1);
    assert.deepEqual(fleet.map((f) => f.counter.tokenPosts).sort(), [0, 0, 0, 0, 0, 0, 0, 1]);
    assert.equal(new Set(tokens.map((t) => t.accessToken)).size, 1);
    for (const { client: c } of fleet) assert.equal((await c.fetch('/services/data/v62.0/')).status, 200);

    // The baseline, same run: without the shared cache each client mints its own.
    const baseline = tokenRequests(emulator);
    const alone = Array.from({ length: 8 }, () => client(undefined, demo.privateKeyPem));
    await Promise.all(alone.flatMap(({ client: c }) => Array.from({ length: 25 }, () => c.getToken())));
    assert.equal(tokenRequests(emulator) - baseline, 8);
  });

  it('a client holding [new, old] keys gets tokens before and after the certificate switch, with no failed call', async () => {
    const newFingerprint = publicKeyFingerprint(loadPrivateKey(next.privateKeyPem).keyObject);
    const oldFingerprint = publicKeyFingerprint(loadPrivateKey(demo.privateKeyPem).keyObject);
    const attempts: ExchangeAttempt[] = [];
    const cache = createMemoryTokenCache();
    const { client: rotating } = client(cache, [next.privateKeyPem, demo.privateKeyPem], (a) => attempts.push(a));
    const { client: peer } = client(cache, [next.privateKeyPem, demo.privateKeyPem]);

    // Before: the app still has the old certificate; the new key is refused, the old one works, in one getToken().
    const before = await rotating.getToken();
    assert.equal(before.keyFingerprint, oldFingerprint);
    assert.deepEqual(
      attempts.map((a) => [a.keyFingerprint, a.errorDescription ?? a.outcome]),
      [
        [newFingerprint, 'invalid assertion'],
        [oldFingerprint, 'success'],
      ],
    );
    assert.equal((await rotating.fetch('/services/data/v62.0/')).status, 200);
    // The choice is remembered: the next mint starts with the key that worked.
    attempts.length = 0;
    await rotating.invalidate(before.accessToken);
    assert.equal((await rotating.getToken()).keyFingerprint, oldFingerprint);
    assert.deepEqual(
      attempts.map((a) => a.keyFingerprint),
      [oldFingerprint],
    );
    // ... and shared through the cache: the peer serves the same entry.
    assert.equal((await peer.getToken()).keyFingerprint, oldFingerprint);

    // The admin deploys the new certificate; sessions end. Every call still succeeds.
    emulator.setAppCertificate(demo.consumerKey, next.certificatePem);
    emulator.revokeAllTokens();
    attempts.length = 0;
    const statuses = await Promise.all(Array.from({ length: 10 }, () => rotating.fetch('/services/data/v62.0/')));
    assert.deepEqual(new Set(statuses.map((r) => r.status)), new Set([200]));
    assert.deepEqual(
      attempts.map((a) => [a.keyFingerprint, a.errorDescription ?? a.outcome]),
      [
        [oldFingerprint, 'invalid assertion'],
        [newFingerprint, 'success'],
      ],
    );
    assert.equal((await peer.getToken()).keyFingerprint, newFingerprint);
    assert.doesNotMatch(JSON.stringify(attempts), /PRIVATE KEY|MII/);
  });

  it('a single old key after the switch fails with the diagnosis naming the key/certificate mismatch', async () => {
    emulator.setAppCertificate(demo.consumerKey, next.certificatePem);
    const { client: stale } = client(undefined, demo.privateKeyPem);
    const err = await stale.getToken().catch((e: unknown) => e);
    assert.equal((err as { code?: string }).code, 'ERR_TOKEN_GRANT_REJECTED');
    assert.equal((err as { errorDescription?: string }).errorDescription, 'invalid assertion');
  });
});
