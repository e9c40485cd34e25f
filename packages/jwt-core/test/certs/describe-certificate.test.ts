import { strict as assert } from 'node:assert';
import { createPrivateKey } from 'node:crypto';
import { CertificateError, type JwtCoreErrorCode } from '../../src/errors.js';
import { createSelfSignedCertificate } from '../../src/certs/create-certificate.js';
import {
  assertCertificateMatchesKey,
  certificateMatchesKey,
  describeCertificate,
} from '../../src/certs/describe-certificate.js';
import { readCertificate } from '../../src/certs/read-certificate.js';
import { fixtureBytes, fixturePath, fixtureText } from '../support/fixtures.js';
import { openssl } from '@sfjwt/test-support';

const cert = fixtureText('certs/seed-genpkey.crt');
const itsKey = createPrivateKey(fixtureText('keys/seed-genpkey.key'));
const otherKey = createPrivateKey(fixtureText('keys/pkcs1.key'));
const at = (iso: string) => () => Date.parse(iso);

function assertCertError(fn: () => unknown, code: JwtCoreErrorCode, message: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof CertificateError, String(err));
    assert.equal(err.code, code);
    assert.equal(err.message, message);
    assert.ok(err.fix.length > 0);
    assert.ok(!JSON.stringify([err.message, err.fix, err.details]).includes('MII'), 'leaks key material');
    return true;
  });
}

describe('describeCertificate', () => {
  it('describes the seed certificate (openssl x509 -req -signkey) exactly', () => {
    assert.deepEqual(describeCertificate(cert, { now: at('2027-01-01T00:00:00Z') }), {
      subject: { commonName: 'csr-fixture', organization: 'Acme' },
      subjectString: 'CN=csr-fixture, O=Acme',
      issuer: { commonName: 'csr-fixture', organization: 'Acme' },
      issuerString: 'CN=csr-fixture, O=Acme',
      serialNumber: '5aae12aa67ffccf9c54ec6c2ae2829c2640b19fd',
      notBefore: '2026-11-22T06:05:05.000Z',
      notAfter: '2027-11-22T06:05:05.000Z',
      daysLeft: 325,
      expired: false,
      notYetValid: false,
      keyType: 'rsa',
      keyBits: 2048,
      sha1Fingerprint: 'AA:FE:1B:DB:E6:E4:0B:C8:C2:AC:3E:72:1C:C9:68:76:2F:2B:A6:C1',
      sha256Fingerprint:
        '52:68:FC:CC:93:6B:7F:71:C1:05:77:8E:86:1F:FD:1F:8E:AB:1C:A7:F5:57:27:6A:AA:EC:94:29:E2:FE:64:C7',
      // openssl pkey -in seed-genpkey.key -pubout -outform DER | openssl dgst -sha256 -c
      publicKeySha256Fingerprint:
        '6F:9C:32:53:A0:15:4C:FE:01:51:89:19:E3:77:DE:AD:1B:38:C6:82:65:72:71:AC:E3:05:74:85:C7:81:17:04',
      x5t: 'qv4b2-bkC8jCrD5yHMlodi8rpsE',
      x5tS256: 'Umj8zJNrf3HBBXeOhh_9H46rHKf1VydqquyUKeL-ZMc',
      selfSigned: true,
    });
  });

  it('follows the injected clock: not yet valid, expiring, expired', () => {
    const before = describeCertificate(cert, { now: at('2026-11-22T06:05:04Z') });
    assert.equal(before.notYetValid, true);
    assert.equal(before.daysLeft, 365);
    const lastDay = describeCertificate(cert, { now: at('2027-11-22T06:05:04Z') });
    assert.deepEqual([lastDay.daysLeft, lastDay.expired], [0, false]);
    const after = describeCertificate(cert, { now: at('2027-11-23T06:05:06Z') });
    assert.deepEqual([after.daysLeft, after.expired], [-2, true]);
  });

  it('says whether a private key matches', () => {
    assert.equal(describeCertificate(cert, { now: Date.now, privateKey: itsKey }).matchesKey, true);
    assert.equal(describeCertificate(cert, { now: Date.now, privateKey: otherKey }).matchesKey, false);
    const ec = createPrivateKey(fixtureText('keys/ec-p256-sec1.key'));
    assert.equal(certificateMatchesKey(cert, ec), false);
    assert.equal(certificateMatchesKey(cert, itsKey), true);
  });

  it('agrees with openssl on our own certificates, and sees they are self-signed', () => {
    const ours = createSelfSignedCertificate({
      key: itsKey,
      subject: { commonName: 'ours', country: 'US' },
      now: at('2026-01-01T00:00:00Z'),
    });
    const d = describeCertificate(ours, { now: at('2026-01-01T00:00:00Z') });
    assert.equal(d.selfSigned, true);
    assert.equal(d.subjectString, 'C=US, CN=ours');
    assert.equal(d.daysLeft, 365);
    assert.equal(
      `sha256 Fingerprint=${d.sha256Fingerprint}\n`,
      openssl(['x509', '-noout', '-fingerprint', '-sha256'], ours),
    );
    assert.equal(`serial=${d.serialNumber.toUpperCase()}\n`, openssl(['x509', '-noout', '-serial'], ours));
  });

  it('is not self-signed when a CA issued it, and names the CA as issuer', () => {
    // The CA path: openssl signs the fixture CSR with the seed-req-x509 certificate and key.
    const issued = openssl([
      'x509',
      '-req',
      '-sha256',
      '-days',
      '30',
      '-set_serial',
      '7',
      '-in',
      fixturePath('certs/csr-fixture.csr'),
      '-CA',
      fixturePath('certs/seed-req-x509.crt'),
      '-CAkey',
      fixturePath('keys/seed-req-x509.key'),
    ]);
    const d = describeCertificate(issued, { now: Date.now, privateKey: itsKey });
    assert.equal(d.selfSigned, false);
    assert.equal(d.issuerString, 'CN=seed-req-x509');
    assert.equal(d.subjectString, 'CN=csr-fixture, O=Acme');
    assert.equal(d.serialNumber, '07');
    assert.equal(d.matchesKey, true);
  });

  it('reads DER bytes, CRLF/BOM text and a bundle with the key first', () => {
    const der = Buffer.from(
      cert
        .split('\n')
        .filter((l) => !l.startsWith('-----'))
        .join(''),
      'base64',
    );
    assert.equal(readCertificate(der).fingerprint, 'AA:FE:1B:DB:E6:E4:0B:C8:C2:AC:3E:72:1C:C9:68:76:2F:2B:A6:C1');
    assert.equal(
      readCertificate(`\uFEFF${cert.replace(/\n/g, '\r\n')}`).serialNumber,
      '5AAE12AA67FFCCF9C54EC6C2AE2829C2640B19FD',
    );
    assert.equal(
      readCertificate(fixtureText('keys/seed-req-x509.key') + fixtureText('certs/seed-req-x509.crt')).subject,
      'CN=seed-req-x509',
    );
  });
});

describe('readCertificate: wrong inputs are named', () => {
  it('ERR_CERT_EMPTY', () => {
    assertCertError(() => readCertificate(' \n'), 'ERR_CERT_EMPTY', 'The certificate is empty.');
  });

  it('ERR_CERT_NOT_PEM', () => {
    assertCertError(
      () => readCertificate('server.crt'),
      'ERR_CERT_NOT_PEM',
      'The certificate is not PEM: no "-----BEGIN CERTIFICATE-----" line was found.',
    );
  });

  it('ERR_CERT_IS_PRIVATE_KEY, also for an encrypted or truncated key', () => {
    const message =
      'This is a private key, not a certificate: the app gets the certificate; the client keeps the private key.';
    assertCertError(() => readCertificate(fixtureText('keys/seed-genpkey.key')), 'ERR_CERT_IS_PRIVATE_KEY', message);
    assertCertError(() => readCertificate(fixtureText('keys/legacy-des3.key')), 'ERR_CERT_IS_PRIVATE_KEY', message);
    assertCertError(
      () => readCertificate(fixtureText('keys/pkcs1.key').slice(0, 200)),
      'ERR_CERT_IS_PRIVATE_KEY',
      message,
    );
  });

  it('ERR_CERT_INVALID names a CSR, a public key, truncation, damage, binary and non-certificates', () => {
    const cases: [string | Uint8Array, string][] = [
      [fixtureText('certs/csr-fixture.csr'), 'this is a certificate signing request (CSR), not a certificate.'],
      [fixtureText('keys/public-spki.pem'), 'this is a bare public key, not a certificate.'],
      [
        cert.slice(0, 300),
        'it is truncated: "-----BEGIN CERTIFICATE-----" has no matching "-----END CERTIFICATE-----" line.',
      ],
      [
        cert.replace(/\n.*\n/, '\n'),
        'the body of the "CERTIFICATE" block is not valid base64 or is shorter than it says (lines lost when copying?).',
      ],
      [new Uint8Array([0x00, 0xff, 0x10]), 'it is binary data that is not a DER certificate.'],
      [fixtureBytes('keys/seed-genpkey.der'), 'OpenSSL could not parse it as an X.509 certificate.'],
      [
        '-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----',
        'OpenSSL could not parse it as an X.509 certificate.',
      ],
      ['-----BEGIN PKCS7-----\nMAMCAQE=\n-----END PKCS7-----', 'the PEM holds "PKCS7", not a certificate.'],
    ];
    for (const [input, reason] of cases) {
      assertCertError(() => readCertificate(input), 'ERR_CERT_INVALID', `The certificate cannot be read: ${reason}`);
    }
  });
});

describe('assertCertificateMatchesKey', () => {
  it('passes for the right key and throws ERR_CERT_KEY_MISMATCH with the fingerprint otherwise', () => {
    assertCertificateMatchesKey(cert, itsKey);
    assert.throws(
      () => assertCertificateMatchesKey(cert, otherKey),
      (err: unknown) => {
        assert.ok(err instanceof CertificateError);
        assert.equal(err.code, 'ERR_CERT_KEY_MISMATCH');
        assert.equal(
          err.message,
          'The private key does not match the certificate (with this pair, Salesforce answers "invalid assertion").',
        );
        assert.deepEqual(err.details, {
          certificateSha256Fingerprint:
            '52:68:FC:CC:93:6B:7F:71:C1:05:77:8E:86:1F:FD:1F:8E:AB:1C:A7:F5:57:27:6A:AA:EC:94:29:E2:FE:64:C7',
        });
        return true;
      },
    );
  });
});
