import { strict as assert } from 'node:assert';
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { CertificateError } from '../../src/errors.js';
import { certificateMatchesKey } from '../../src/certs/describe-certificate.js';
import { certificateValidity, parseCertificateTime } from '../../src/certs/validity.js';
import { fixturePath, fixtureText } from '../support/fixtures.js';
import { openssl } from '@sfjwt/test-support';

describe('certificate validity (no validFromDate: Node 20, 22.0–22.9, polyfilled node:crypto)', () => {
  it('parses OpenSSL times exactly, single-digit days space-padded', () => {
    assert.equal(parseCertificateTime('Nov 30 15:39:38 2026 GMT'), Date.UTC(2026, 10, 30, 15, 39, 38));
    assert.equal(parseCertificateTime('Jan  3 00:00:09 2050 GMT'), Date.UTC(2050, 0, 3, 0, 0, 9));
    assert.equal(parseCertificateTime('Feb 29 23:59:59 2028 GMT'), Date.UTC(2028, 1, 29, 23, 59, 59));
  });

  it('agrees with openssl -dates (ISO 8601) on the seed certificates', () => {
    for (const name of ['certs/seed-genpkey.crt', 'certs/seed-req-x509.crt']) {
      const dates = openssl([
        'x509',
        '-noout',
        '-startdate',
        '-enddate',
        '-dateopt',
        'iso_8601',
        '-in',
        fixturePath(name),
      ]);
      const iso = (field: string) => Date.parse((new RegExp(`${field}=(.*)`).exec(dates)?.[1] ?? '').replace(' ', 'T'));
      assert.deepEqual(certificateValidity(new X509Certificate(fixtureText(name))), {
        notBefore: iso('notBefore'),
        notAfter: iso('notAfter'),
      });
    }
  });

  it('names an unknown form with ERR_CERT_INVALID, never a TypeError', () => {
    assert.throws(
      () => parseCertificateTime('2026-11-30T15:39:38Z'),
      (err: unknown) =>
        err instanceof CertificateError && err.code === 'ERR_CERT_INVALID' && /not in a known form/.test(err.message),
    );
  });
});

describe('certificateMatchesKey compares public keys (SPKI), not checkPrivateKey', () => {
  const cert = fixtureText('certs/seed-genpkey.crt');
  const itsKey = createPrivateKey(fixtureText('keys/seed-genpkey.key'));

  it('is true for the pair, false for another key and for a public key', () => {
    assert.equal(certificateMatchesKey(cert, itsKey), true);
    assert.equal(certificateMatchesKey(cert, createPrivateKey(fixtureText('keys/pkcs1.key'))), false);
    assert.equal(certificateMatchesKey(cert, createPublicKey(itsKey)), false);
  });
});
