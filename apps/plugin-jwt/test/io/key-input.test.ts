import { strict as assert } from 'node:assert';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { resolvePrivateKey, resolvePrivateKeys } from '../../src/io/key-input.js';
import { newPassphrase } from '../../src/io/secrets.js';

describe('io/key-input', () => {
  let dir: string;
  let plain: string;
  let encrypted: string;
  let privateKey: KeyObject;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'plugin-jwt-key-input-'));
    ({ privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 }));
    plain = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    encrypted = privateKey.export({
      type: 'pkcs8',
      format: 'pem',
      cipher: 'aes-256-cbc',
      passphrase: 'pw-1234',
    }) as string;
    await writeFile(join(dir, 'plain.key'), plain);
    await writeFile(join(dir, 'enc.key'), encrypted);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const noPrompt = { env: {}, prompt: undefined };

  it('reads --jwt-key-file and reports the absolute path, without key text', async () => {
    const resolved = await resolvePrivateKey({ ...noPrompt, jwtKeyFile: join(dir, 'plain.key') });
    assert.equal(resolved.source, 'file');
    assert.equal(resolved.path, join(dir, 'plain.key'));
    assert.equal(resolved.key.bits, 2048);
    assert.ok(!JSON.stringify({ ...resolved, key: { ...resolved.key, keyObject: undefined } }).includes('MII'));
  });

  it('reads "-" from stdin', async () => {
    const resolved = await resolvePrivateKey({ ...noPrompt, jwtKeyFile: '-', stdin: Readable.from([plain]) });
    assert.equal(resolved.source, 'stdin');
    assert.equal(resolved.path, undefined);
  });

  it('refuses "-" given twice before reading stdin (ERR_STDIN_TWICE, not an empty stdin)', async () => {
    const stdin = Readable.from([plain]);
    await assert.rejects(
      resolvePrivateKeys(['-', join(dir, 'plain.key'), '-'], { ...noPrompt, stdin }),
      (err: Error & { actions?: string[] }) => {
        assert.equal(err.name, 'ERR_STDIN_TWICE');
        assert.equal(
          err.message,
          '--jwt-key-file - is given 2 times, but stdin can be read only once: it holds one private key.',
        );
        assert.deepEqual(err.actions, [
          'Give stdin once and the other keys of the rotation as files, for example: cat new.key | sf jwt token ... --jwt-key-file - --jwt-key-file old.key',
        ]);
        return true;
      },
    );
    assert.equal(stdin.readableEnded, false, 'stdin was not read');
  });

  it('falls back to SFJWT_KEY, repairing literal \\n escapes', async () => {
    const resolved = await resolvePrivateKey({
      jwtKeyFile: undefined,
      prompt: undefined,
      env: { SFJWT_KEY: plain.replace(/\n/g, '\\n') },
    });
    assert.equal(resolved.source, 'env');
    assert.equal(resolved.key.format, 'pkcs8');
  });

  it('says what to do when no key is given at all', async () => {
    await assert.rejects(
      resolvePrivateKey({ ...noPrompt, jwtKeyFile: undefined }),
      (err: Error & { actions?: string[] }) => {
        assert.equal(err.name, 'ERR_KEY_INPUT_MISSING');
        assert.equal(err.message, 'No private key was given.');
        assert.match(err.actions?.[0] ?? '', /--jwt-key-file <path>.*SFJWT_KEY/);
        return true;
      },
    );
  });

  it('names the absolute path of a missing key file', async () => {
    await assert.rejects(resolvePrivateKey({ ...noPrompt, jwtKeyFile: join(dir, 'nope.key') }), {
      name: 'ERR_FILE_NOT_FOUND',
      message: `File not found: ${join(dir, 'nope.key')}`,
    });
  });

  it('takes the passphrase from SFJWT_KEY_PASSPHRASE', async () => {
    const resolved = await resolvePrivateKey({
      jwtKeyFile: join(dir, 'enc.key'),
      prompt: undefined,
      env: { SFJWT_KEY_PASSPHRASE: 'pw-1234' },
    });
    assert.equal(resolved.key.format, 'pkcs8-encrypted');
  });

  it('prompts for the passphrase in a terminal when the environment has none', async () => {
    const asked: string[] = [];
    const resolved = await resolvePrivateKey({
      jwtKeyFile: join(dir, 'enc.key'),
      env: { SFJWT_KEY_PASSPHRASE: '' },
      prompt: (message) => {
        asked.push(message);
        return Promise.resolve('pw-1234');
      },
    });
    assert.deepEqual(asked, ['Passphrase for the private key:']);
    assert.equal(resolved.key.encrypted, true);
  });

  it('explains that no prompt is possible outside a terminal', async () => {
    await assert.rejects(
      resolvePrivateKey({ ...noPrompt, jwtKeyFile: join(dir, 'enc.key') }),
      (err: Error & { actions?: string[] }) => {
        assert.equal(err.name, 'ERR_KEY_PASSPHRASE_REQUIRED');
        assert.equal(
          err.message,
          'The private key is encrypted (pkcs8-encrypted) and no passphrase was given. No prompt was possible: this is not an interactive terminal.',
        );
        assert.deepEqual(err.actions, ['Set the SFJWT_KEY_PASSPHRASE environment variable to the passphrase.']);
        return true;
      },
    );
  });

  it("reports a wrong passphrase with jwt-core's code, the fix naming SFJWT_KEY_PASSPHRASE", async () => {
    await assert.rejects(
      resolvePrivateKey({ jwtKeyFile: join(dir, 'enc.key'), prompt: undefined, env: { SFJWT_KEY_PASSPHRASE: 'nope' } }),
      (err: Error & { actions?: string[] }) => {
        assert.equal(err.name, 'ERR_KEY_PASSPHRASE_WRONG');
        assert.equal(
          err.message,
          'The passphrase does not decrypt the private key (pkcs8-encrypted): it is wrong, or the key is damaged.',
        );
        assert.deepEqual(err.actions, [
          'Check the passphrase (the SFJWT_KEY_PASSPHRASE environment variable, or the one typed at the prompt) and try again.',
        ]);
        return true;
      },
    );
  });
});

describe('io/secrets newPassphrase', () => {
  const prompts =
    (...answers: string[]) =>
    () =>
      Promise.resolve(answers.shift() ?? '');

  it('prefers the environment, then asks twice', async () => {
    assert.equal(await newPassphrase({ env: { SFJWT_KEY_PASSPHRASE: 'from-env' }, prompt: undefined }), 'from-env');
    assert.equal(await newPassphrase({ env: {}, prompt: prompts('typed', 'typed') }), 'typed');
  });

  it('refuses a mismatch, an empty answer, and a missing terminal', async () => {
    await assert.rejects(newPassphrase({ env: {}, prompt: prompts('a', 'b') }), {
      name: 'ERR_PASSPHRASE_MISMATCH',
      message: 'The two passphrases differ.',
    });
    await assert.rejects(newPassphrase({ env: {}, prompt: prompts('') }), {
      name: 'ERR_PASSPHRASE_EMPTY',
      message: 'The passphrase is empty.',
    });
    await assert.rejects(newPassphrase({ env: {}, prompt: undefined }), {
      name: 'ERR_PASSPHRASE_MISSING',
      message: '--encrypt needs a passphrase, and no prompt was possible: this is not an interactive terminal.',
    });
  });
});
