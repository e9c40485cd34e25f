// The offline command both start-up guards (test/startup) run: `jwt assert` with the fixture key.
import { join } from 'node:path';
import { pluginDir } from './sf-cli.js';

export const STARTUP_CLIENT_ID = '3MVG9startupGuardConsumerKey0123456789';

/** `jwt assert`'s words and flags (after `jwt`), signing with the fixture key. */
export const ASSERT_ARGS: readonly string[] = [
  'assert',
  '--client-id',
  STARTUP_CLIENT_ID,
  '--username',
  'a@b.c',
  '--jwt-key-file',
  join(pluginDir, 'test', 'fixtures', 'server.key'),
];
