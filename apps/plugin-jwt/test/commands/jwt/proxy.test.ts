/** `sf jwt token` through HTTP_PROXY / HTTPS_PROXY, and NO_PROXY, against the emulator behind a local proxy. */
import { strict as assert } from 'node:assert';
import JwtToken, { type TokenCommandResult } from '../../../src/commands/jwt/token.js';
import { startDemo, type DemoEmulator } from '../../support/emulator.js';
import { startProxy, type TestProxy } from '../../support/proxy.js';
import { runInProcess } from './harness.js';

describe('jwt token through a proxy (against the emulator)', function () {
  this.timeout(60_000);
  let demo: DemoEmulator;
  let proxy: TestProxy;
  before(async () => {
    demo = await startDemo();
  });
  after(() => demo.stop());
  afterEach(() => proxy.stop());

  const run = (env: Record<string, string | undefined>) =>
    runInProcess<TokenCommandResult>(JwtToken, [...demo.flags(), '--json'], {
      SFJWT_KEY: undefined,
      HTTPS_PROXY: undefined,
      HTTP_PROXY: undefined,
      NO_PROXY: undefined,
      https_proxy: undefined,
      http_proxy: undefined,
      no_proxy: undefined,
      ...env,
    });
  const host = (): string => new URL(demo.emulator.url).host;

  it('sends the token request through HTTP_PROXY (an http:// login URL)', async () => {
    proxy = await startProxy();
    const out = await run({ HTTP_PROXY: proxy.url });
    assert.equal(out.exitCode, 0, out.stderr);
    assert.deepEqual(proxy.seen, [`CONNECT ${host()}`]);
    assert.equal(out.result!.orgId, demo.orgId);
  });

  it('goes direct when NO_PROXY names the host and port', async () => {
    proxy = await startProxy();
    const out = await run({ HTTP_PROXY: proxy.url, NO_PROXY: `localhost,${host()}` });
    assert.equal(out.exitCode, 0, out.stderr);
    assert.deepEqual(proxy.seen, []);
  });

  it('does not use HTTPS_PROXY for an http:// URL', async () => {
    proxy = await startProxy();
    const out = await run({ HTTPS_PROXY: proxy.url });
    assert.equal(out.exitCode, 0, out.stderr);
    assert.deepEqual(proxy.seen, []);
  });

  it('passes credentials from the proxy URL', async () => {
    proxy = await startProxy('ci:s3cret');
    const out = await run({ http_proxy: proxy.url });
    assert.equal(out.exitCode, 0, out.stderr);
    assert.deepEqual(proxy.seen, [`CONNECT ${host()}`]);
  });

  it('names a proxy that refuses the credentials, without echoing them', async () => {
    proxy = await startProxy('ci:s3cret');
    const out = await run({ HTTP_PROXY: proxy.url.replace('ci:s3cret@', 'ci:wrong-password@') });
    assert.equal(out.exitCode, 78);
    assert.equal(out.error?.name, 'ERR_PROXY_INVALID');
    assert.equal(out.error?.message, `The proxy in front of ${demo.emulator.url} requires authentication (HTTP 407).`);
    assert.deepEqual(proxy.seen, [`CONNECT ${host()}`], 'a 407 is not retried');
    assert.ok(
      !JSON.stringify({ ...out.error, message: out.error?.message, actions: out.error?.actions }).includes(
        'wrong-password',
      ),
    );
  });

  it('refuses a SOCKS proxy with ERR_PROXY_INVALID', async () => {
    proxy = await startProxy();
    const out = await run({ HTTP_PROXY: 'socks5://127.0.0.1:1080' });
    assert.equal(out.exitCode, 78);
    assert.equal(out.error?.name, 'ERR_PROXY_INVALID');
    assert.equal(out.error?.message, 'HTTP_PROXY uses socks5:; only http:// and https:// proxies are supported.');
  });
});
