// What the packages' README examples read to log in (SALESFORCE_*), for an org of the salesforce-emulator's demo:
// the key written into the run's folder, 0600. The emulator is the caller's (test-support does not depend on it).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The demo org as the examples need it: where it answers, its app's consumer key and the key that signs. */
export interface ExampleOrg {
  readonly url: string;
  readonly consumerKey: string;
  readonly privateKeyPem: string;
}

/** The examples' SALESFORCE_* environment for `org` as `username`, with the key in `dir/server.key`. */
export function exampleOrgEnv(dir: string, org: ExampleOrg, username: string): Record<string, string> {
  const keyFile = join(dir, 'server.key');
  writeFileSync(keyFile, org.privateKeyPem, { mode: 0o600 });
  return {
    SALESFORCE_INSTANCE_URL: org.url,
    SALESFORCE_CLIENT_ID: org.consumerKey,
    SALESFORCE_USERNAME: username,
    SALESFORCE_KEY_FILE: keyFile,
  };
}
