// The "done when": what `sf jwt keygen` writes is what `sf jwt assert` signs with, openssl verifies the
// assertion against keygen's certificate, and `sf jwt validate` names that certificate as the signer.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JwtAssert, { type JwtAssertResult } from '../../../src/commands/jwt/assert.js';
import Keygen, { type KeygenResult } from '../../../src/commands/jwt/keygen.js';
import JwtValidate, { type JwtValidateResult } from '../../../src/commands/jwt/validate.js';
import { runInProcess } from './harness.js';
import { certificatePublicKey, opensslVerifyJws as opensslVerifyToken } from '@sfjwt/test-support';

const CLIENT_ID = '3MVG9A2kN3Bn17hu.Zr0j_QxYz';

describe('jwt keygen → assert → validate', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'plugin-jwt-kav-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const encrypt of [false, true]) {
    it(`signs with keygen's ${encrypt ? 'encrypted ' : ''}key; openssl and validate accept it against keygen's certificate`, async () => {
      const env = {
        SFJWT_KEY: undefined,
        SFJWT_ASSERTION: undefined,
        SFJWT_KEY_PASSPHRASE: encrypt ? 'correct horse battery' : undefined,
      };
      const name = encrypt ? 'locked' : 'server';
      const made = await runInProcess<KeygenResult>(
        Keygen,
        ['--output-dir', dir, '--name', name, ...(encrypt ? ['--encrypt'] : []), '--json'],
        env,
      );
      assert.equal(made.exitCode, 0, made.stderr);
      const { keyFile, certificateFile, sha256Fingerprint } = made.result!;

      const signed = await runInProcess<JwtAssertResult>(
        JwtAssert,
        ['-i', CLIENT_ID, '--username', 'ci@acme.com', '-f', keyFile, '-r', 'https://acme.my.salesforce.com', '--json'],
        env,
      );
      assert.equal(signed.exitCode, 0, signed.stderr);
      const { token, claims } = signed.result!;
      assert.equal(claims.aud, 'https://acme.my.salesforce.com');
      assert.equal(claims.exp - claims.iat, 180);
      assert.deepEqual(opensslVerifyToken(token, certificatePublicKey(certificateFile), dir), {
        ok: true,
        output: 'Verified OK',
      });

      const checked = await runInProcess<JwtValidateResult>(
        JwtValidate,
        [
          '--assertion',
          token,
          '--cert-file',
          certificateFile,
          '-i',
          CLIENT_ID,
          '--username',
          'ci@acme.com',
          '-r',
          'https://acme.my.salesforce.com',
          '--json',
        ],
        env,
      );
      assert.equal(checked.exitCode, 0, checked.stderr);
      assert.deepEqual(
        checked.result!.findings.map((f) => f.code),
        ['SIGNATURE_VERIFIED'],
      );
      assert.deepEqual(checked.result!.signature.matchedCandidate, {
        label: certificateFile,
        fingerprint: sha256Fingerprint,
      });
    });
  }
});
