import { strict as assert } from 'node:assert';
import { createPrivateKey } from 'node:crypto';
import { createCsr } from '../../src/certs/create-csr.js';
import { fixturePath, fixtureText } from '../support/fixtures.js';
import { openssl, withTempFiles } from '@sfjwt/test-support';

describe('createCsr', () => {
  const key = createPrivateKey(fixtureText('keys/seed-genpkey.key'));
  const csr = createCsr({ key, subject: { commonName: 'integration', organization: 'Acme', country: 'DE' } });

  it('is a PKCS#10 request whose signature openssl verifies', () => {
    assert.match(csr, /^-----BEGIN CERTIFICATE REQUEST-----\n/);
    const text = openssl(['req', '-verify', '-noout', '-text'], csr);
    assert.match(text, /Version: 1 \(0x0\)/);
    assert.match(text, /Subject: C = DE, O = Acme, CN = integration\n/);
    assert.match(text, /Signature Algorithm: sha256WithRSAEncryption/);
    assert.match(text, /Attributes:\s+\(none\)/);
  });

  it('carries the public key of the key it was made from', () => {
    assert.equal(
      openssl(['req', '-noout', '-modulus'], csr),
      openssl(['rsa', '-noout', '-modulus'], fixtureText('keys/seed-genpkey.key')),
    );
  });

  it('can be signed by openssl into a certificate (the CA path)', () => {
    // What a company CA does with it, as in seed 000 step 7: x509 -req -signkey.
    const cert = withTempFiles({ 'server.csr': csr }, ({ 'server.csr': csrPath }) =>
      openssl([
        'x509',
        '-req',
        '-sha256',
        '-days',
        '30',
        '-in',
        csrPath!,
        '-signkey',
        fixturePath('keys/seed-genpkey.key'),
      ]),
    );
    assert.match(openssl(['x509', '-noout', '-subject'], cert), /subject=C = DE, O = Acme, CN = integration/);
  });

  it('refuses a bad subject', () => {
    assert.throws(() => createCsr({ key, subject: { commonName: 'x', country: 'Germany' } }), {
      code: 'ERR_KEYGEN_INVALID_OPTIONS',
      message: 'The subject\'s country (C) must be two letters, such as US or DE; got "GERMANY".',
    });
  });
});
