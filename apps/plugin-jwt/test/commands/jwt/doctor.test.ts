/** `sf jwt doctor` against the emulator: the checklist, the exit code, and what each failure skips. */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { wholeSecondNow, withFrozenClock } from '@sfjwt/test-support';
import JwtDoctor, { type DoctorResult } from '../../../src/commands/jwt/doctor.js';
import { startDemo, type DemoEmulator } from '../../support/emulator.js';
import { runInProcess } from './harness.js';

const NO_ENV = { SFJWT_KEY: undefined, SFJWT_KEY_PASSPHRASE: undefined, HTTP_PROXY: undefined, http_proxy: undefined };

describe('jwt doctor (against the emulator)', function () {
  this.timeout(60_000);
  let demo: DemoEmulator;
  before(async () => {
    demo = await startDemo();
  });
  after(() => demo.stop());

  const run = (args: string[]) => runInProcess<DoctorResult>(JwtDoctor, args, NO_ENV);
  const statuses = (r: DoctorResult): string[] => r.checks.map((c) => `${c.id}:${c.status}`);

  it('passes every check for a good setup, exit 0', async () => {
    const out = await run([...demo.flags(), '--cert-file', demo.certPath, '--json']);
    assert.equal(out.exitCode, 0, out.stderr);
    assert.deepEqual(statuses(out.result!), [
      'key:pass',
      'certificate:pass',
      'match:pass',
      'expiry:pass',
      'resolver:pass',
      'claims:pass',
      'exchange:pass',
      'clock:pass',
    ]);
    const claims = out.result!.checks.find((c) => c.id === 'claims')!;
    assert.match(
      claims.detail,
      /^iss 3MVG9[A-Za-z0-9]{7}…, sub demo\.user@sfjwt-demo\.example, aud http:\/\/127\.0\.0\.1:\d+, exp = iat \+ 180 s\./,
    );
    assert.equal(out.result!.ok, true);
  });

  it('prints a checklist and fails (exit 78, ERR_CERT_KEY_MISMATCH: the first failed check) on a key that does not match the certificate, with the ranked causes', async () => {
    const other = join(demo.dir, 'other.key');
    execFileSync('openssl', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', other], {
      stdio: 'pipe',
    });
    const flags = demo.flags().map((v) => (v === demo.keyPath ? other : v));
    const out = await run([...flags, '--cert-file', demo.certPath]);
    assert.equal(out.exitCode, 78);
    const lines = out.stdout.split('\n');
    assert.match(
      lines[2]!,
      /^✗ match {8}FAIL {2}The key does not match the certificate: public key [0-9A-F:]{95} vs [0-9A-F:]{95}\. Salesforce would answer "invalid assertion"\.$/,
    );
    assert.ok(lines.some((l) => /^✗ exchange {5}FAIL {2}.+answered invalid_grant "invalid assertion"/.test(l)));
    assert.ok(
      out.stdout.includes(
        'Likely causes:\n  • the private key does not belong to the certificate uploaded to the app.',
      ),
    );
    assert.match(out.stderr, /2 of 8 checks failed: match, exchange\./);
  });

  it('flags the clock when Salesforce runs 5 minutes ahead (and the exchange fails as expired)', async () => {
    demo.emulator.setClock(() => Date.now() + 5 * 60_000);
    try {
      // Both clocks stand still (the emulator's runs off Date.now too), so the skew is exactly 5 minutes.
      const out = await withFrozenClock(wholeSecondNow(), () => run([...demo.flags(), '--json']));
      assert.equal(out.exitCode, 77);
      const byId = Object.fromEntries(out.result!.checks.map((c) => [c.id, c]));
      assert.equal(byId['exchange']!.status, 'fail');
      assert.equal(out.result!.diagnosis?.causes[0]?.id, 'clock-skew');
      assert.equal(byId['clock']!.status, 'fail');
      // 300 s less the 1 s the doctor allows for the Date header's resolution (the attempt took no time here).
      assert.equal(byId['clock']!.detail, `The local clock is 299 s behind ${demo.emulator.url}'s Date header.`);
    } finally {
      demo.emulator.setClock(Date.now);
    }
  });

  it('tells an unparseable Date header from a missing one (issue 11)', async () => {
    // A token endpoint that rejects the grant with the Date header given (or none).
    const serve = async (date: string | undefined): Promise<Server> => {
      const server = createServer((req, res) => {
        req.resume();
        req.on('end', () => {
          res.sendDate = false;
          res.writeHead(400, { 'content-type': 'application/json', ...(date === undefined ? {} : { date }) });
          res.end(JSON.stringify({ error: 'invalid_grant', error_description: 'invalid assertion' }));
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return server;
    };
    const clockAgainst = async (date: string | undefined) => {
      const server = await serve(date);
      try {
        const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        const out = await run([...demo.flags().map((v) => (v === demo.emulator.url ? url : v)), '--json']);
        assert.equal(out.exitCode, 77);
        return { url, clock: out.result!.checks.find((c) => c.id === 'clock')! };
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    };
    const garbled = await clockAgainst('Someday, 99 Foo 20xx');
    assert.deepEqual(garbled.clock, {
      id: 'clock',
      status: 'skip',
      detail: `${garbled.url} sent a Date header that is not an HTTP date (unparseable), so the clock could not be compared.`,
    });
    const missing = await clockAgainst(undefined);
    assert.deepEqual(missing.clock, {
      id: 'clock',
      status: 'skip',
      detail: 'No Date header came back from the server.',
    });
  });

  it('skips what depends on a failed key, and the certificate checks without --cert-file', async () => {
    const flags = demo.flags().map((v) => (v === demo.keyPath ? demo.certPath : v));
    const out = await run([...flags, '--json']);
    assert.equal(out.exitCode, 78);
    assert.deepEqual(statuses(out.result!), [
      'key:fail',
      'certificate:skip',
      'match:skip',
      'expiry:skip',
      'resolver:pass',
      'claims:pass',
      'exchange:skip',
      'clock:skip',
    ]);
    assert.deepEqual(out.result!.checks[0], {
      id: 'key',
      status: 'fail',
      code: 'ERR_KEY_IS_CERTIFICATE',
      detail:
        'This is a certificate, not a private key: the app gets the certificate; the client needs the private key.',
      fix: 'Give the private key made together with this certificate (for example server.key); upload the certificate (server.crt) to the app.',
    });
  });
});
