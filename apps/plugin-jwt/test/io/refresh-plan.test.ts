import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateRsaKeyPair, exportPrivateKeyPem } from '@sfjwt/jwt-core';
import { resolvePrivateKey } from '../../src/io/key-input.js';
import { refreshPlan } from '../../src/io/refresh-plan.js';

describe('refreshPlan', () => {
  let dir: string;
  let pem: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'plugin-jwt-refresh-'));
    pem = exportPrivateKeyPem((await generateRsaKeyPair({ bits: 2048 })).privateKey);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const load = (jwtKeyFile: string | undefined, env: NodeJS.ProcessEnv = {}) =>
    resolvePrivateKey({ jwtKeyFile, env, prompt: undefined });

  it('stores the absolute path of a plain PEM file', async () => {
    const path = join(dir, 'plain.key');
    writeFileSync(path, pem);
    assert.deepEqual(await refreshPlan(await load(path)), { refreshable: true, privateKeyPath: path });
  });

  it('refuses an encrypted key: core cannot ask for its passphrase', async () => {
    const path = join(dir, 'encrypted.key');
    writeFileSync(
      path,
      exportPrivateKeyPem((await generateRsaKeyPair({ bits: 2048 })).privateKey, { passphrase: 'correct horse' }),
    );
    const key = await load(path, { SFJWT_KEY_PASSPHRASE: 'correct horse' });
    assert.deepEqual(await refreshPlan(key), { refreshable: false, reason: 'key-encrypted' });
  });

  it('refuses a file that only loads after repair (literal \\n)', async () => {
    const path = join(dir, 'escaped.key');
    writeFileSync(path, pem.trim().replace(/\n/g, '\\n'));
    assert.deepEqual(await refreshPlan(await load(path)), { refreshable: false, reason: 'key-file-needs-repair' });
  });

  it('refuses a key from the environment', async () => {
    assert.deepEqual(await refreshPlan(await load(undefined, { SFJWT_KEY: pem })), {
      refreshable: false,
      reason: 'key-from-env',
    });
  });
});
