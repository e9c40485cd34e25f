// setAppCertificate: an admin rotating the app's certificate at run time. Only the current certificate's key verifies.
import assert from 'node:assert/strict';
import { startEmulator, type Emulator } from '../src/index.js';
import { json, postAssertion } from './support/http.js';
import { signJws } from './support/jwt.js';
import { claims, demo, NOW, otherDemo } from './support/setup.js';

describe('setAppCertificate (certificate rotation)', () => {
  let emulator: Emulator;
  before(async () => {
    emulator = await startEmulator(demo().config, { now: () => NOW });
  });
  after(() => emulator.stop());

  const answer = async (privateKeyPem: string): Promise<string> => {
    const res = await postAssertion(
      emulator.url,
      signJws(privateKeyPem, claims(demo().consumerKey, demo().username, emulator.url)),
    );
    return res.status === 200 ? 'ok' : json<{ error_description: string }>(res).error_description;
  };

  it('switches which key verifies, from the next request on', async () => {
    assert.equal(await answer(demo().privateKeyPem), 'ok');
    assert.equal(await answer(otherDemo().privateKeyPem), 'invalid assertion');
    emulator.setAppCertificate(demo().consumerKey, otherDemo().certificatePem);
    assert.equal(await answer(otherDemo().privateKeyPem), 'ok');
    assert.equal(await answer(demo().privateKeyPem), 'invalid assertion');
    emulator.setAppCertificate(demo().consumerKey, demo().certificatePem);
    assert.equal(await answer(demo().privateKeyPem), 'ok');
  });

  it('refuses what is not a certificate, and an unknown app', () => {
    assert.throws(() => emulator.setAppCertificate(demo().consumerKey, demo().privateKeyPem), /private key/);
    assert.throws(() => emulator.setAppCertificate('3MVG9NOPE', demo().certificatePem), /no app/);
  });
});
