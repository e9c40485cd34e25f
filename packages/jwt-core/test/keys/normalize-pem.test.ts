import { strict as assert } from 'node:assert';
import { normalizePem } from '../../src/keys/normalize-pem.js';
import { fixtureText } from '../support/fixtures.js';

describe('normalizePem', () => {
  const pem = fixtureText('keys/pkcs1.key');
  const legacy = fixtureText('keys/legacy-des3.key');

  it('leaves a canonical PEM unchanged, and is idempotent', () => {
    assert.equal(normalizePem(pem), pem);
    assert.equal(normalizePem(legacy), legacy);
    assert.equal(normalizePem(normalizePem(`\uFEFF${pem.replace(/\n/g, ' ')}`)), pem);
  });

  it('strips a BOM, turns CRLF and CR into LF, trims', () => {
    assert.equal(normalizePem(`\uFEFF  \r\n${pem.replace(/\n/g, '\r\n')}\r\n\r\n`), pem);
    assert.equal(normalizePem(pem.replace(/\n/g, '\r')), pem);
  });

  it('unescapes literal \\n and \\r\\n when there is no real newline', () => {
    assert.equal(normalizePem(pem.replace(/\n/g, '\\n')), pem);
    assert.equal(normalizePem(legacy.replace(/\n/g, '\\r\\n')), legacy);
  });

  it('does not touch a backslash-n inside text that has real newlines', () => {
    const text = 'line one\\n\nline two';
    assert.equal(normalizePem(text), text);
  });

  it('removes quotes around a PEM, as .env files and JSON keep them', () => {
    assert.equal(normalizePem(`"${pem.replace(/\n/g, '\\n')}"`), pem);
    assert.equal(normalizePem(`'${pem}'`), pem);
  });

  it('decodes a PEM that was base64-encoded as a whole, wrapped or not', () => {
    const b64 = Buffer.from(pem).toString('base64');
    assert.equal(normalizePem(b64), pem);
    assert.equal(normalizePem(b64.replace(/(.{76})/g, '$1\n')), pem);
  });

  it('decodes a base64-encoded PEM kept in quotes, as a .env file keeps it (fuzz counterexample, seed 272026)', () => {
    const b64 = Buffer.from(pem).toString('base64');
    assert.equal(normalizePem(`'${b64}'`), pem);
    assert.equal(normalizePem(`"${b64}"`), pem);
  });

  it('rewraps at 64 characters a PEM whose newlines became spaces or vanished, keeping legacy headers', () => {
    assert.equal(normalizePem(pem.replace(/\n/g, ' ')), pem);
    assert.equal(normalizePem(pem.replace(/\n/g, '')), pem);
    assert.equal(normalizePem(legacy.replace(/\n/g, ' ')), legacy);
    assert.equal(normalizePem(pem.replace(/\n(?!-----END)/g, '\n    ')), pem);
  });

  it('keeps every block of a bundle and drops text outside them', () => {
    const cert = fixtureText('certs/seed-genpkey.crt');
    assert.equal(normalizePem(`Bag Attributes\n    localKeyID: 01\n${pem}subject=CN = x\n${cert}`), pem + cert);
  });

  it('only cleans up text it cannot repair, so the loader can name the problem', () => {
    const truncated = pem.slice(0, 300);
    assert.equal(normalizePem(`\uFEFF${truncated}\r\n`), truncated.trim());
    const garbled = pem.replace('\n', '\n!!!');
    assert.equal(normalizePem(garbled), garbled.trim());
    assert.equal(normalizePem('not a key'), 'not a key');
    assert.equal(normalizePem(''), '');
  });
});
