// Server-level behaviour: TLS, localhost as the emulator's own name, the request hook, Date headers, redaction.
import assert from 'node:assert/strict';
import { request as httpsRequest } from 'node:https';
import { startEmulator, type RequestRecord } from '../src/index.js';
import { FORM, json, postAssertion, request } from './support/http.js';
import { signJws } from './support/jwt.js';
import { ECA_KEY, NOW, claims, demo, multiOrgConfig } from './support/setup.js';

function httpsGet(url: string, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    httpsRequest(url, { ca }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('server', () => {
  it("keeps idle connections open longer than clients keep theirs (Node's agent 5 s): the client always closes first", async () => {
    // Equal timeouts on both sides race: a test reusing a connection as the server drops it gets ECONNRESET.
    const emulator = await startEmulator(multiOrgConfig());
    try {
      const res = await request(`${emulator.url}/services/data`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.connection, 'keep-alive');
      const serverSeconds = Number(/timeout=(\d+)/.exec(String(res.headers['keep-alive']))?.[1]);
      // Longer than the idle timeout of Node's global agent (5 s) and undici's (4 s).
      assert.equal(serverSeconds, 30);
    } finally {
      await emulator.stop();
    }
  });

  it('tls: serves HTTPS with a generated certificate valid for 127.0.0.1 and localhost', async function () {
    this.timeout(20_000);
    const emulator = await startEmulator(multiOrgConfig(), { tls: true });
    try {
      assert.match(emulator.url, /^https:\/\/127\.0\.0\.1:\d+$/);
      assert.match(emulator.tlsCertificate ?? '', /^-----BEGIN CERTIFICATE-----/);
      const viaIp = await httpsGet(`${emulator.url}/services/data`, emulator.tlsCertificate!);
      assert.equal(viaIp.status, 200);
      const viaName = await httpsGet(`https://localhost:${emulator.port}/services/data`, emulator.tlsCertificate!);
      assert.equal(viaName.status, 200);
      await assert.rejects(
        httpsGet(`${emulator.url}/services/data`, demo().certificatePem),
        /self-signed|unable to verify|certificate/i,
      );
    } finally {
      await emulator.stop();
    }
  });

  it('localhost:PORT is the emulator too, as a Host header and as aud', async () => {
    const emulator = await startEmulator(multiOrgConfig(), { now: () => NOW });
    try {
      const assertion = signJws(
        demo().privateKeyPem,
        claims(ECA_KEY, 'admin@acme.example', `http://localhost:${emulator.port}/`),
      );
      const res = await postAssertion(emulator.url, assertion, { host: `localhost:${emulator.port}` });
      assert.equal(res.status, 200, res.body);
    } finally {
      await emulator.stop();
    }
  });

  it('onRequest sees each finished request; secrets in queries are redacted; errors carry a Date header', async () => {
    const seen: RequestRecord[] = [];
    let sawBoth = (): void => undefined;
    const bothSeen = new Promise<void>((resolve) => (sawBoth = resolve));
    const onRequest = (r: RequestRecord) => seen.push(r) === 2 && sawBoth();
    const emulator = await startEmulator(multiOrgConfig(), { now: () => NOW, onRequest });
    try {
      const res = await request(`${emulator.url}/services/oauth2/revoke?token=SECRET123`);
      assert.equal(res.status, 400);
      assert.equal(res.headers.date, 'Sat, 01 Aug 2026 12:00:00 GMT');
      await request(`${emulator.url}/services/oauth2/token`, {
        body: 'grant_type=password&client_secret=HUSH',
        headers: FORM,
      });
      await bothSeen;
      assert.deepEqual(
        seen.map((r) => [r.route, r.status, r.path]),
        [
          ['revoke', 400, '/services/oauth2/revoke?token=%5Bredacted%5D'],
          ['token', 400, '/services/oauth2/token'],
        ],
      );
      assert.equal(seen[1]?.grantType, 'password');
      assert.ok(!JSON.stringify(emulator.stats()).includes('SECRET123'));
      assert.ok(!JSON.stringify(emulator.stats()).includes('HUSH'));
      assert.deepEqual(json(res), { error: 'invalid_token', error_description: 'Token was invalid' });
    } finally {
      await emulator.stop();
    }
  });
});
