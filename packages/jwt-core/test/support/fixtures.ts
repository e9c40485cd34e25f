// Reads the committed test fixtures (see fixtures/README.md). Tests may use the file system; src may not.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** The text of a fixture file, e.g. `fixtureText('keys/pkcs1.key')`. */
export const fixtureText = (name: string): string => readFileSync(dir + name, 'utf8');

/** The bytes of a fixture file. */
export const fixtureBytes = (name: string): Uint8Array => readFileSync(dir + name);

/** The absolute path of a fixture file (for the openssl binary). */
export const fixturePath = (name: string): string => dir + name;

/** Passphrase of every encrypted fixture key. */
export const FIXTURE_PASSPHRASE = 'SomePassword';
