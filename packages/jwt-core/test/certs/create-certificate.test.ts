import { strict as assert } from 'node:assert';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { KeyError, KeyGenerationError } from '../../src/errors.js';
import { createSelfSignedCertificate } from '../../src/certs/create-certificate.js';
import { fixtureText } from '../support/fixtures.js';
import { openssl, withTempFiles } from '@sfjwt/test-support';

const key = createPrivateKey(fixtureText('keys/seed-genpkey.key'));
const NOW = Date.parse('2026-03-04T05:06:07.890Z');
const now = () => NOW;
const fullSubject = {
  commonName: 'sfjwt integration',
  organization: 'Acme Ünïcode',
  organizationalUnit: 'IT',
  locality: 'San Francisco',
  state: 'CA',
  country: 'us',
  emailAddress: 'admin@example.com',
};

describe('createSelfSignedCertificate', () => {
  const pem = createSelfSignedCertificate({ key, subject: fullSubject, now });

  it('is an X.509 v3 certificate, SHA-256 with RSA, that openssl parses with the expected fields', () => {
    const text = openssl(['x509', '-noout', '-text', '-nameopt', 'oneline,-esc_msb'], pem);
    assert.match(text, /Version: 3 \(0x2\)/);
    assert.equal(text.match(/Signature Algorithm: sha256WithRSAEncryption/g)?.length, 2);
    const subject =
      'C = US, ST = CA, L = San Francisco, O = Acme Ünïcode, OU = IT, CN = sfjwt integration, emailAddress = admin@example.com';
    assert.match(text, new RegExp(`Subject: ${subject}\n`));
    assert.match(text, new RegExp(`Issuer: ${subject}\n`));
    assert.match(text, /Not Before: Mar {2}4 05:06:07 2026 GMT/);
    assert.match(text, /Not After : Mar {2}4 05:06:07 2027 GMT/);
    assert.match(text, /Public-Key: \(2048 bit\)/);
    assert.match(text, /X509v3 Basic Constraints: critical\n\s+CA:FALSE/);
    assert.match(text, /X509v3 Key Usage: critical\n\s+Digital Signature, Key Encipherment\n/);
  });

  it('has a signature openssl verifies, and the key it was made from', () => {
    withTempFiles({ 'c.crt': pem }, ({ 'c.crt': path }) => {
      assert.equal(openssl(['verify', '-CAfile', path!, path!]).trim(), `${path}: OK`);
    });
    assert.equal(
      openssl(['x509', '-noout', '-modulus'], pem),
      openssl(['rsa', '-noout', '-modulus'], fixtureText('keys/seed-genpkey.key')),
    );
    assert.ok(new X509Certificate(pem).checkPrivateKey(key));
  });

  it('computes the subject key identifier as openssl does', () => {
    // openssl req -x509 wrote this certificate for the same key, with SKI B1:01:4E:…
    const seedKey = createPrivateKey(fixtureText('keys/seed-req-x509.key'));
    const ours = createSelfSignedCertificate({ key: seedKey, subject: { commonName: 'x' }, now });
    const ski = (cert: string) =>
      openssl(['x509', '-noout', '-ext', 'subjectKeyIdentifier'], cert).split('\n')[1]?.trim();
    assert.equal(ski(ours), 'B1:01:4E:80:52:5A:EA:F7:55:76:F9:B1:0D:16:88:1A:81:31:01:CA');
    assert.equal(ski(ours), ski(fixtureText('certs/seed-req-x509.crt')));
    const aki = openssl(['x509', '-noout', '-ext', 'authorityKeyIdentifier'], ours);
    assert.match(aki, /B1:01:4E:80:52:5A:EA:F7:55:76:F9:B1:0D:16:88:1A:81:31:01:CA/);
  });

  it('uses a random, positive, 16-byte serial', () => {
    const serials = [1, 2, 3].map(
      () => new X509Certificate(createSelfSignedCertificate({ key, subject: { commonName: 'x' }, now })).serialNumber,
    );
    assert.equal(new Set(serials).size, 3);
    for (const serial of serials) {
      assert.match(serial, /^[0-9A-F]{32}$/);
      assert.ok(parseInt(serial.slice(0, 2), 16) < 0x80 && parseInt(serial.slice(0, 2), 16) > 0);
    }
  });

  it('is valid for the given days, switching to GeneralizedTime from 2050', () => {
    const long = createSelfSignedCertificate({ key, subject: { commonName: 'x' }, days: 36_500, now });
    const cert = new X509Certificate(long);
    assert.equal(new Date(cert.validTo).toISOString(), '2126-02-08T05:06:07.000Z');
    assert.match(openssl(['asn1parse'], long), /GENERALIZEDTIME\s+:21260208050607Z/);
    const one = new X509Certificate(createSelfSignedCertificate({ key, subject: { commonName: 'x' }, days: 1, now }));
    assert.equal(new Date(one.validTo).toISOString(), '2026-03-05T05:06:07.000Z');
  });

  it('refuses bad validity and subjects with ERR_KEYGEN_INVALID_OPTIONS', () => {
    const cases: [Partial<Parameters<typeof createSelfSignedCertificate>[0]>, string][] = [
      [{ days: 0 }, 'The validity must be a whole number of days from 1 to 36500; got 0.'],
      [{ days: 36_501 }, 'The validity must be a whole number of days from 1 to 36500; got 36501.'],
      [{ days: 1.5 }, 'The validity must be a whole number of days from 1 to 36500; got 1.5.'],
      [{ subject: { commonName: '  ' } }, "The subject's commonName (CN) is empty."],
      [{ subject: { commonName: 'x'.repeat(65) } }, "The subject's commonName (CN) is longer than 64 characters."],
      [
        { subject: { commonName: 'x', country: 'USA' } },
        'The subject\'s country (C) must be two letters, such as US or DE; got "USA".',
      ],
      [
        { subject: { commonName: 'x', organization: 'a\nb' } },
        "The subject's organization (O) contains control characters.",
      ],
      [
        { subject: { commonName: 'x', emailAddress: 'no-at-sign' } },
        "The subject's emailAddress must be a plain ASCII address such as admin@example.com.",
      ],
      [
        { subject: { commonName: 'x', emailAddress: 'ü@example.com' } },
        "The subject's emailAddress must be a plain ASCII address such as admin@example.com.",
      ],
      [{ subject: {} as { commonName: string } }, "The subject's commonName (CN) is required."],
    ];
    for (const [override, message] of cases) {
      assert.throws(
        () => createSelfSignedCertificate({ key, subject: { commonName: 'x' }, now, ...override }),
        (err: unknown) =>
          err instanceof KeyGenerationError && err.code === 'ERR_KEYGEN_INVALID_OPTIONS' && err.message === message,
        message,
      );
    }
  });

  it('refuses keys Salesforce cannot use', () => {
    assert.throws(
      () =>
        createSelfSignedCertificate({
          key: createPrivateKey(fixtureText('keys/rsa-1024.key')),
          subject: { commonName: 'x' },
          now,
        }),
      (err: unknown) => err instanceof KeyError && err.code === 'ERR_KEY_TOO_SMALL',
    );
  });
});
