// A shared cache someone else can write (another tenant of a shared Redis, another app): an entry that is well formed
// but not this client's session (another origin, another org or user) is a cache failure, reported through
// onCacheError without a token; the client mints its own token and its requests go only to its own instance.
import { strict as assert } from 'node:assert';
import type { TokenCacheErrorEvent } from '../../src/client/shared-cache.js';
import { createTokenClient, type TokenClientOptions } from '../../src/client/token-client.js';
import { createMemoryTokenCache, tokenCacheKey, type CachedAccessToken } from '../../src/client/token-cache.js';
import { fakeClientOptions, fakeSalesforce, HOST, ORG, USER } from '../support/fake-salesforce.js';

const NOW = 1_785_837_600_000;
const PLANTED_TOKEN = '00DEVIL00000000AAA!planted-token-value';
const OTHER_ORG = '00D000000000EVLAAA';
const OTHER_USER = '005000000000EVLAAA';

function planted(over: Partial<CachedAccessToken>): CachedAccessToken {
  return {
    accessToken: PLANTED_TOKEN,
    instanceUrl: 'https://evil.example',
    tokenHost: 'https://evil.example',
    id: `https://evil.example/id/${OTHER_ORG}/${OTHER_USER}`,
    issuedAt: NOW,
    expiresAt: NOW + 600_000,
    ...over,
  };
}

function client(instanceUrl: string) {
  const sf = fakeSalesforce();
  const clock = { now: NOW };
  const cache = createMemoryTokenCache({ now: () => clock.now });
  const errors: TokenCacheErrorEvent[] = [];
  const options: TokenClientOptions = { ...fakeClientOptions(sf, clock), instanceUrl };
  const tokenClient = createTokenClient({ ...options, cache, onCacheError: (e) => errors.push(e) });
  const key = tokenCacheKey({ host: instanceUrl, clientId: options.clientId, username: options.username });
  const plant = (entry: CachedAccessToken) => cache.set(key, entry, 600_000);
  return { sf, clock, cache, errors, client: tokenClient, plant, key };
}

/** The app's POST went to its own instance with its own token, and the failure was reported once, without a token. */
function assertRefused(
  { sf, errors }: ReturnType<typeof client>,
  reason: RegExp,
  apiCalls = [[`${HOST}/services/data/v62.0/sobjects/Account`, `Bearer ${ORG}!token-1`, '{"Name":"Acme secret"}']],
): void {
  assert.deepEqual(
    sf.state.apiCalls.map((c) => [c.url, c.authorization, c.body]),
    apiCalls,
  );
  assert.equal(errors.length, 1, JSON.stringify(errors));
  const [event] = errors;
  assert.equal(event!.operation, 'get');
  assert.equal(event!.reason, 'invalid-entry');
  assert.match(event!.message, /^The shared cache returned an unusable entry: /);
  assert.match(event!.message, reason);
  assert.doesNotMatch(JSON.stringify(errors) + event!.message, /planted-token|token-\d/);
}

const post = { method: 'POST', body: '{"Name":"Acme secret"}' } as const;

describe('token client: a planted shared-cache entry is a cache failure, never a redirect', () => {
  const rows: ReadonlyArray<readonly [string, string, Partial<CachedAccessToken>, RegExp]> = [
    [
      'another origin as token host and instance (the reported attack)',
      HOST,
      {},
      /tokenHost "https:\/\/evil\.example" is not a token host of this client \(https:\/\/acme\.my\.salesforce\.com, https:\/\/login\.salesforce\.com\)/,
    ],
    [
      'the right token host, the instance elsewhere',
      HOST,
      { tokenHost: HOST },
      /instanceUrl "https:\/\/evil\.example" is not this client's instance https:\/\/acme\.my\.salesforce\.com/,
    ],
    [
      'the right token host, another org’s My Domain as instance',
      HOST,
      { tokenHost: HOST, instanceUrl: 'https://other.my.salesforce.com' },
      /instanceUrl "https:\/\/other\.my\.salesforce\.com" is not this client's instance/,
    ],
    [
      'a look-alike instance',
      HOST,
      { tokenHost: HOST, instanceUrl: 'https://acme.my.salesforce.com.evil.example' },
      /is not this client's instance/,
    ],
    [
      'a login-host client: an instance that is not a Salesforce one',
      'https://login.salesforce.com',
      { tokenHost: 'https://login.salesforce.com', instanceUrl: 'https://evil.example' },
      /instanceUrl "https:\/\/evil\.example" is not a Salesforce instance \(My Domain\) a login at https:\/\/login\.salesforce\.com answers with/,
    ],
    [
      'a login-host client: test.salesforce.com as token host',
      'https://login.salesforce.com',
      { tokenHost: 'https://test.salesforce.com', instanceUrl: HOST },
      /tokenHost "https:\/\/test\.salesforce\.com" is not a token host of this client/,
    ],
  ];
  for (const [name, instanceUrl, over, reason] of rows) {
    it(`${name}: the client mints and POSTs to its own instance`, async () => {
      const c = client(instanceUrl);
      await c.plant(planted(over));
      const response = await c.client.fetch('/services/data/v62.0/sobjects/Account', post);
      assert.equal(response.status, 200);
      assert.equal(c.sf.state.tokenPosts, 1);
      assertRefused(c, reason);
      assert.equal((await c.client.getToken()).instanceUrl, HOST);
    });
  }

  it('once the client logged in itself, an entry for another org (or user) of Salesforce is refused', async () => {
    const c = client('https://login.salesforce.com');
    const own = await c.client.getToken();
    assert.equal(own.orgId, ORG);
    for (const [id, reason] of [
      [
        `https://login.salesforce.com/id/${OTHER_ORG}/${OTHER_USER}`,
        /the entry is for org "00D000000000EVLAAA", this client logged in to org 00D5g000004ABCDEAA/,
      ],
      [
        `https://login.salesforce.com/id/${ORG}/${OTHER_USER}`,
        /the entry is for user "005000000000EVLAAA", this client logged in as 0055g00000AbCdEAAQ/,
      ],
    ] as const) {
      c.errors.length = 0;
      c.clock.now += 10_000; // past the back-off of the previous failure
      await c.plant(planted({ tokenHost: 'https://login.salesforce.com', instanceUrl: HOST, id }));
      const served = await c.client.getToken();
      assert.equal(served.accessToken, own.accessToken, 'its own token, from memory');
      assert.equal(c.errors.length, 1);
      assert.match(c.errors[0]!.message, reason);
    }
    assert.equal(c.sf.state.tokenPosts, 1);
  });

  it('the token minted next replaces a planted or garbled entry: the rest of the fleet is served it, no login each', async () => {
    const garbage = 'not an entry' as unknown as CachedAccessToken;
    for (const bad of [planted({}), planted({ tokenHost: HOST }), garbage]) {
      const c = client(HOST);
      await c.plant(bad);
      assert.equal((await c.client.getToken()).accessToken, `${ORG}!token-1`);
      assert.equal((await c.cache.get(c.key))?.accessToken, `${ORG}!token-1`, 'the entry now is the client’s own');
      // Another process of the fleet (a new client on the same cache) is served it: still one login in all.
      const peer = createTokenClient({ ...fakeClientOptions(c.sf, c.clock), cache: c.cache });
      assert.equal((await peer.getToken()).accessToken, `${ORG}!token-1`);
      assert.equal(c.sf.state.tokenPosts, 1);
      assert.equal(c.errors.length, 1, JSON.stringify(c.errors));
    }
  });

  it('a cache that keeps answering garbage: the minted token is served from memory, reported once per back-off', async () => {
    const c = client(HOST);
    const stuck = createTokenClient({
      ...fakeClientOptions(c.sf, c.clock),
      cache: { ...c.cache, get: () => Promise.resolve('garbage' as never) },
      cacheRetryMs: 5_000,
      onCacheError: (e) => c.errors.push(e),
    });
    await Promise.all(Array.from({ length: 10 }, () => stuck.getToken()));
    await stuck.getToken();
    assert.equal(c.sf.state.tokenPosts, 1);
    assert.equal(c.errors.length, 1, JSON.stringify(c.errors));
    c.clock.now += 5_000;
    await stuck.getToken();
    assert.equal(c.sf.state.tokenPosts, 1);
    assert.equal(c.errors.length, 2);
  });

  it('an entry a peer of the same session wrote is served (the fleet still shares one token)', async () => {
    for (const instanceUrl of [HOST, 'https://login.salesforce.com']) {
      const c = client(instanceUrl);
      const peer = planted({
        accessToken: `${ORG}!peer-token`,
        tokenHost: instanceUrl,
        instanceUrl: HOST,
        id: `https://login.salesforce.com/id/${ORG}/${USER}`,
      });
      await c.plant(peer);
      assert.equal((await c.client.getToken()).accessToken, `${ORG}!peer-token`);
      assert.equal(c.sf.state.tokenPosts, 0);
      assert.deepEqual(c.errors, []);
    }
  });
});
