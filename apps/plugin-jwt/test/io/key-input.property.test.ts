// Properties of the plugin's key input (issue 27): a key from --jwt-key-file, stdin ("-") or SFJWT_KEY, valid keys
// mutated the ways files, pipes and CI secrets mangle them, with or without SFJWT_KEY_PASSPHRASE, loads the same key
// or ends in one coded error that carries no key material and no passphrase.
import { strict as assert } from 'node:assert';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  assertNoSecret,
  asyncOutcomeOf,
  describeProperties,
  fc,
  mutatedBytes,
  mutatedText,
} from '@sfjwt/test-support/fuzz';
import { resolvePrivateKey, type ResolvedPrivateKey } from '../../src/io/key-input.js';
import { assertPluginCoded } from '../support/coded-error.js';

const PASSPHRASE = 'property-passphrase-1';
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const MODULUS = createPublicKey(privateKey).export({ format: 'jwk' }).n;
const PLAIN = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const PKCS1 = privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
const ENCRYPTED = privateKey.export({
  type: 'pkcs8',
  format: 'pem',
  cipher: 'aes-256-cbc',
  passphrase: PASSPHRASE,
}) as string;
const DER = privateKey.export({ type: 'pkcs8', format: 'der' });
const SECRETS = [
  PASSPHRASE,
  ...[PLAIN, PKCS1, ENCRYPTED].flatMap((pem) => pem.split('\n').filter((line) => line.length >= 40)),
];

const keyText = mutatedText(fc.constantFrom(PLAIN, PKCS1, ENCRYPTED), 2);
const keyBytes = fc.oneof(
  keyText.map((text) => Buffer.from(text)),
  mutatedBytes(fc.constant(new Uint8Array(DER)), 2),
);
const passphrase = fc.option(fc.constantFrom(PASSPHRASE, 'wrong-passphrase'), { nil: undefined });
const source = fc.oneof(
  keyBytes.map((bytes) => ({ kind: 'file' as const, bytes })),
  keyBytes.map((bytes) => ({ kind: 'stdin' as const, bytes })),
  keyText.map((text) => ({ kind: 'env' as const, bytes: Buffer.from(text) })),
);

let dir: string;
before(() => (dir = mkdtempSync(join(tmpdir(), 'sfjwt-key-property-'))));
after(() => rmSync(dir, { recursive: true, force: true }));

describeProperties('plugin-jwt/key-input', {
  'a mangled key from a file, stdin or SFJWT_KEY loads as the same key or ends in one coded error without secrets': {
    runs: 150,
    property: () =>
      fc.asyncProperty(source, passphrase, async (input, pass) => {
        const env: NodeJS.ProcessEnv = pass === undefined ? {} : { SFJWT_KEY_PASSPHRASE: pass };
        const file = join(dir, 'key.pem');
        if (input.kind === 'file') writeFileSync(file, input.bytes);
        if (input.kind === 'env') env['SFJWT_KEY'] = input.bytes.toString('utf8');
        let resolved: ResolvedPrivateKey | undefined;
        const error = await asyncOutcomeOf(async () => {
          resolved = await resolvePrivateKey({
            env,
            prompt: undefined,
            jwtKeyFile: input.kind === 'file' ? file : input.kind === 'stdin' ? '-' : undefined,
            stdin: Readable.from([input.bytes]),
          });
        });
        if (error === undefined) {
          assert.equal(createPublicKey(resolved!.key.keyObject).export({ format: 'jwk' }).n, MODULUS);
          return;
        }
        assertPluginCoded(error);
        assertNoSecret(error, SECRETS);
      }),
  },
});
