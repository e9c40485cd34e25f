// Shared inputs of the metadata tests: the fixture certificate and a fixed consumer key, so outputs are golden.
import { fixtureText } from '../support/fixtures.js';

/** An RSA-2048 certificate made by openssl (fixtures/README.md), as openssl wrote it. */
export const CERT_PEM = fixtureText('certs/seed-genpkey.crt');

/** The same certificate as it appears in the files: canonical PEM, no trailing newline. */
export const CERT = CERT_PEM.trim();

/** A fixed consumer key of the generated shape (85 characters, `3MVG9` + letters and digits). */
export const KEY = '3MVG9' + 'Fixed0Consumer0Key0For0Golden0Tests0'.padEnd(80, 'x');
