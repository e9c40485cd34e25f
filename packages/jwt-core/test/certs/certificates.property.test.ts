// Properties of the certificate and CSR readers and writers (issue 27): mutated PEM/DER certificates (and keys, CSRs
// and random bytes in their place) are described or refused with a coded error; certificates and CSRs we write for
// any subject are refused with a coded error or read back identically by node:crypto and openssl (a bounded sample).
import { strict as assert } from 'node:assert';
import { X509Certificate } from 'node:crypto';
import {
  assertCoded,
  describeProperties,
  fc,
  hostileText,
  mutatedBytes,
  mutatedText,
  outcomeOf,
} from '@sfjwt/test-support/fuzz';
import { openssl } from '@sfjwt/test-support';
import { JwtCoreError } from '../../src/errors.js';
import { createSelfSignedCertificate } from '../../src/certs/create-certificate.js';
import { createCsr } from '../../src/certs/create-csr.js';
import type { DistinguishedName } from '../../src/certs/subject.js';
import { describeCertificate } from '../../src/certs/describe-certificate.js';
import { loadPrivateKey } from '../../src/keys/load-private-key.js';
import { fixtureText } from '../support/fixtures.js';

const NOW = 1_700_000_000_000;
const KEY = loadPrivateKey(fixtureText('keys/seed-genpkey.key')).keyObject;
const CERT_PEM = fixtureText('certs/seed-genpkey.crt');
const CERT_DER = new X509Certificate(CERT_PEM).raw;
const INPUTS = [
  CERT_PEM,
  fixtureText('certs/seed-req-x509.crt'),
  fixtureText('certs/csr-fixture.csr'),
  fixtureText('keys/pkcs1.key'),
  fixtureText('keys/public-spki.pem'),
];

/**
 * A description, or a coded error. A mutated certificate may still be a certificate (a flipped byte in its serial or
 * signature): then its description must agree with node:crypto's reading of the same bytes, whatever they are.
 */
function describedOrRefused(input: string | Uint8Array): void {
  let fingerprint: string | undefined;
  const error = outcomeOf(
    () => (fingerprint = describeCertificate(input, { now: () => NOW, privateKey: KEY }).sha256Fingerprint),
  );
  if (error !== undefined) return assertCoded(error, JwtCoreError);
  if (typeof input !== 'string') assert.equal(fingerprint, new X509Certificate(input).fingerprint256);
  else assert.match(fingerprint!, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
}

const subjectText = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('sfjwt', 'Acme Integration', 'Zoë Ünïcode', 'a,b=c+d', '#lead', ' spaced ') },
  hostileText,
  fc.string({ maxLength: 70 }),
);
const subject: fc.Arbitrary<DistinguishedName> = fc.record(
  {
    commonName: subjectText,
    organization: subjectText,
    organizationalUnit: subjectText,
    locality: subjectText,
    country: fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom('US', 'FR') },
      fc.constantFrom('us', 'USA', ''),
      hostileText,
    ),
    emailAddress: fc.oneof({ weight: 6, arbitrary: fc.emailAddress() }, hostileText),
  },
  { requiredKeys: ['commonName'], noNullPrototype: true },
);

/** openssl's one-line form of a name we asked for: RFC 2253 with UTF-8, so it can be compared field by field. */
const opensslSubject = (args: string[], pem: string): string =>
  openssl([...args, '-noout', '-subject', '-nameopt', 'RFC2253,-esc_msb'], pem)
    .trim()
    .replace(/^subject=\s*/, '');

describeProperties('jwt-core/certificates', {
  'mutated certificates, DER, keys and CSRs are described as the same certificate or refused with a coded error': {
    runs: 300,
    property: () =>
      fc.property(
        fc.oneof(
          mutatedText(fc.constantFrom(...INPUTS)),
          mutatedBytes(fc.constant(new Uint8Array(CERT_DER))),
          fc.uint8Array({ maxLength: 200 }),
        ),
        describedOrRefused,
      ),
  },
  'a certificate we write for any subject is refused with a coded error or read back identically by node:crypto and openssl':
    {
      runs: 12,
      property: () =>
        fc.property(subject, fc.integer({ min: 1, max: 3650 }), (name, days) => {
          let pem: string | undefined;
          const error = outcomeOf(
            () => (pem = createSelfSignedCertificate({ key: KEY, subject: name, days, now: () => NOW })),
          );
          if (error !== undefined) return assertCoded(error, JwtCoreError);
          const ours = new X509Certificate(pem!);
          assert.ok(ours.checkPrivateKey(KEY));
          assert.equal(opensslSubject(['x509'], pem!), ours.subject.split('\n').reverse().join(',').replace(/^$/, ''));
          assert.equal(
            openssl(['x509', '-noout', '-enddate'], pem).trim(),
            `notAfter=${new Date(NOW + days * 86_400_000)
              .toUTCString()
              .replace(/^\w+, (\d+) (\w+) (\d+) (.*) GMT$/, '$2 $1 $4 $3 GMT')
              .replace(/ 0(\d) /, '  $1 ')}`,
          );
        }),
    },
  'a CSR we write for any subject is refused with a coded error or verifies in openssl': {
    runs: 12,
    property: () =>
      fc.property(subject, (name) => {
        let pem: string | undefined;
        const error = outcomeOf(() => (pem = createCsr({ key: KEY, subject: name })));
        if (error !== undefined) return assertCoded(error, JwtCoreError);
        // openssl exits non-zero (and openssl() throws) when the CSR's self-signature does not verify.
        openssl(['req', '-verify', '-noout'], pem);
        const certificate = createSelfSignedCertificate({ key: KEY, subject: name, now: () => NOW });
        assert.equal(opensslSubject(['req'], pem!), opensslSubject(['x509'], certificate));
      }),
  },
});
