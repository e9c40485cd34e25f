// The adapter against the real jsforce 3 and the emulator: queries, a revoked session, one new login for everyone.
import { strict as assert } from 'node:assert';
import { createMemoryTokenCache, createTokenClient, type TokenClient } from '@sfjwt/jwt-core';
import { createDemoConfig, startEmulator, type Emulator } from '@sfjwt/salesforce-emulator';
import { Connection } from 'jsforce';
import { jsforceConnectionConfig } from '../src/index.js';

const demo = createDemoConfig({ appType: 'connected-app', username: 'jsforce@sfjwt-demo.example' });
const SOQL = 'SELECT Id, Username FROM User';

describe('jsforceConnectionConfig with jsforce 3 and the emulator', () => {
  let emulator: Emulator;
  const tokenClient = (options: Partial<Parameters<typeof createTokenClient>[0]> = {}): TokenClient =>
    createTokenClient({
      clientId: demo.consumerKey,
      username: demo.username,
      privateKey: demo.privateKeyPem,
      instanceUrl: emulator.url,
      ...options,
    });
  const tokenRequests = () => emulator.stats().requests.filter((r) => r.route === 'token').length;
  const revoke = async (accessToken: string) => {
    const response = await fetch(`${emulator.url}/services/oauth2/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: accessToken }),
    });
    assert.equal(response.status, 200);
  };

  before(async () => {
    emulator = await startEmulator(demo.config);
  });
  beforeEach(() => emulator.resetStats());
  after(async () => {
    await emulator?.stop();
  });

  it('queries, and after the session is revoked the next query succeeds after exactly one new token request', async () => {
    const salesforce = tokenClient();
    const conn = new Connection(await jsforceConnectionConfig(salesforce, { version: '62.0' }));
    assert.equal(conn.instanceUrl, emulator.url);
    const first = await conn.query<{ Username: string }>(SOQL);
    assert.ok(
      first.records.some((r) => r.Username === demo.username),
      JSON.stringify(first.records),
    );
    assert.equal(tokenRequests(), 1);

    const dead = conn.accessToken!;
    await revoke(dead);
    const refreshed: string[] = [];
    conn.on('refresh', (accessToken: string) => refreshed.push(accessToken));
    const second = await conn.query<{ Username: string }>(SOQL);
    assert.equal(second.totalSize, first.totalSize);
    assert.equal(tokenRequests(), 2);
    assert.notEqual(conn.accessToken, dead);
    assert.deepEqual(refreshed, [conn.accessToken]);
    assert.equal((await salesforce.getToken()).accessToken, conn.accessToken);
  });

  it('a revoked session refreshes once for a whole fleet: 2 processes (one shared cache), 3 connections each', async () => {
    const cache = createMemoryTokenCache();
    const fleet = [tokenClient({ cache }), tokenClient({ cache })];
    const connections = await Promise.all(
      fleet.flatMap((client) =>
        [1, 2, 3].map(async () => new Connection(await jsforceConnectionConfig(client, { version: '62.0' }))),
      ),
    );
    await Promise.all(connections.map((conn) => conn.query(SOQL)));
    assert.equal(tokenRequests(), 1, 'one token for the fleet');
    await revoke(connections[0]!.accessToken!);
    const results = await Promise.all(connections.map((conn) => conn.query(SOQL)));
    assert.ok(results.every((r) => r.totalSize > 0));
    assert.equal(tokenRequests(), 2, 'one new token for the fleet');
    assert.equal(new Set(connections.map((conn) => conn.accessToken)).size, 1);
  });

  it('a refresh that cannot get a token fails the query with the client’s error, and the next query recovers', async () => {
    const salesforce = tokenClient();
    const conn = new Connection(await jsforceConnectionConfig(salesforce, { version: '62.0' }));
    await revoke(conn.accessToken!);
    emulator.setFaults({ route: 'token', rateLimited: true, times: 1 });
    await assert.rejects(
      async () => await conn.query(SOQL),
      (error: Error) => {
        assert.match(error.message, /^Unable to refresh session due to: /);
        assert.ok(!error.message.includes(conn.accessToken!), 'no token in the message');
        return true;
      },
    );
    emulator.setFaults([]);
    assert.ok((await conn.query(SOQL)).totalSize > 0);
    assert.equal(tokenRequests(), 3, 'the first token, the refused one, the next one');
  });
});

describe('jsforceConnectionConfig when the next token is for another instance', () => {
  // The emulator serves one instance; a token client whose next token moved is the only way to reach this branch.
  const moved = {
    accessToken: '00D000000000001!second',
    instanceUrl: 'https://moved.my.salesforce.com',
    id: 'https://login.salesforce.com/id/00D000000000001EAA/005000000000001AAA',
  };
  const client = {
    tokens: [{ ...moved, accessToken: '00D000000000001!first', instanceUrl: 'https://acme.my.salesforce.com' }, moved],
    invalidated: [] as string[],
    getToken() {
      return Promise.resolve(this.tokens.shift()!);
    },
    invalidate(accessToken?: string) {
      this.invalidated.push(accessToken ?? '');
      return Promise.resolve();
    },
  };

  it('fails the retried request (the new token never goes to the old URL) and moves the connection', async () => {
    const config = await jsforceConnectionConfig(client as unknown as TokenClient, { version: '62.0' });
    const conn = new Connection(config);
    const outcome = await new Promise<{ error: Error | null | undefined; accessToken: string | undefined }>((resolve) =>
      config.refreshFn!(conn, (error, accessToken) => resolve({ error, accessToken })),
    );
    assert.equal(outcome.accessToken, undefined);
    assert.match(outcome.error!.message, /^The org's instance is now https:\/\/moved\.my\.salesforce\.com: /);
    assert.ok(!outcome.error!.message.includes(moved.accessToken));
    assert.deepEqual(client.invalidated, ['00D000000000001!first']);
    assert.equal(conn.instanceUrl, moved.instanceUrl);
    assert.equal(conn.accessToken, moved.accessToken);
  });
});
