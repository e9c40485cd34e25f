// An unsealed shared cache someone else can write (another tenant of the Redis, another app): a value planted at the
// app's token key in the codec's own format, naming another origin, must not redirect the app's traffic. The token
// client (jwt-core) counts it as a cache failure, reports it without a token, mints, and POSTs to its own instance.
// Real redis-server, real emulator, a real second HTTP server standing for the attacker's origin.
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTokenClient, tokenCacheKey, type TokenCacheErrorEvent } from '@sfjwt/jwt-core';
import { createDemoConfig, startEmulator, type Emulator } from '@sfjwt/salesforce-emulator';
import type { RedisServer } from '@sfjwt/test-support';
import { createRedisTokenCache } from '../src/index.js';
import { sessionKeys } from '../src/keys.js';
import { DEFAULT_KEY_PREFIX } from '../src/redis-token-cache.js';
import { connect, redisServer, type Redis } from './support.js';

const PLANTED = '00D000000000EVLAAA!planted-by-another-tenant';

describe('a planted unsealed entry (real Redis, emulator, another origin)', function () {
  this.timeout(30_000);
  let server: RedisServer;
  let redis: Redis;
  let emulator: Emulator;
  let attacker: Server;
  let attackerUrl: string;
  const received: string[] = [];
  const demo = createDemoConfig({ appType: 'connected-app', username: 'planted@sfjwt-demo.example' });

  before(async () => {
    server = await redisServer();
    redis = await connect(server);
    emulator = await startEmulator(demo.config);
    attacker = createServer((req, res) => {
      received.push(`${req.method} ${req.url}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"001000000000EVLAAA","success":true}');
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
  });
  after(async () => {
    redis?.destroy();
    await emulator?.stop();
    await new Promise((resolve) => attacker?.close(resolve));
    await server?.stop();
  });

  it('is a cache failure: the client mints, POSTs to its own instance, and nothing reaches the other origin', async () => {
    const session = tokenCacheKey({ host: emulator.url, clientId: demo.consumerKey, username: demo.username });
    const entry = {
      accessToken: PLANTED,
      instanceUrl: attackerUrl,
      tokenHost: attackerUrl,
      id: `${attackerUrl}/id/00D000000000EVLAAA/005000000000EVLAAA`,
      issuedAt: Date.now(),
      expiresAt: Date.now() + 600_000,
    };
    const hash = createHash('sha256').update(PLANTED, 'utf8').digest('hex');
    await redis.set(sessionKeys(DEFAULT_KEY_PREFIX, session).token, `sfjwt1:${hash}:p:${JSON.stringify(entry)}`, {
      PX: 600_000,
    });
    // The planted value decodes: it is the format's own, so only the token client's checks stand in the way.
    assert.equal((await createRedisTokenCache({ client: redis }).get(session))?.instanceUrl, attackerUrl);

    const errors: TokenCacheErrorEvent[] = [];
    const client = createTokenClient({
      clientId: demo.consumerKey,
      username: demo.username,
      privateKey: demo.privateKeyPem,
      instanceUrl: emulator.url,
      // Patient (not the 0.5 s and 1 s defaults): on a loaded machine a stall of this process past them turns the
      // one report asserted below, an invalid entry, into a timeout.
      cache: createRedisTokenCache({ client: redis, commandTimeoutMs: 10_000 }),
      cacheTimeoutMs: 10_000,
      onCacheError: (e) => errors.push(e),
    });
    const tokenPosts = emulator.stats().requests.filter((r) => r.route === 'token').length;
    const response = await client.fetch('/services/data/v62.0/sobjects/Account', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ Name: 'Acme (confidential)' }),
    });
    await response.body?.cancel();
    assert.deepEqual(received, [], 'the other origin received nothing');
    assert.equal(emulator.stats().requests.filter((r) => r.route === 'token').length - tokenPosts, 1, 'one login');
    assert.ok(
      emulator.stats().requests.some((r) => r.method === 'POST' && r.path === '/services/data/v62.0/sobjects/Account'),
      'the POST reached the emulator',
    );
    const token = await client.getToken();
    assert.equal(token.instanceUrl, emulator.url);
    assert.notEqual(token.accessToken, PLANTED);
    assert.deepEqual(
      errors.map((e) => [e.operation, e.reason]),
      [['get', 'invalid-entry']],
    );
    assert.match(errors[0]!.message, /tokenHost "http:\/\/127\.0\.0\.1:\d+" is not a token host of this client/);
    assert.doesNotMatch(JSON.stringify(errors) + errors[0]!.message, /planted-by-another-tenant/);
    assert.ok(!errors[0]!.message.includes(token.accessToken));
  });
});
