// Child process for sf-locks.test.ts: opens and saves one auth with @salesforce/core in the HOME it was started
// with (core reads HOME when it loads), bypassing the login's pre-check of sf's locks, so that a lock taken after
// that check is met where core meets it. Prints the error (name, message, actions) as JSON, or "saved".
import { openAuth, saveAuth } from '../../src/io/auth-store.js';
import type { OrgFields } from '../../src/io/org-info.js';

const [username, alias] = process.argv.slice(2) as [string, string];
const token = {
  username,
  accessToken: '00D000000000001AAA!late-lock-test-token',
  instanceUrl: 'https://acme.my.salesforce.com',
  loginUrl: 'https://login.salesforce.com',
  orgId: '00D000000000001AAA',
  userId: '005000000000001AAA',
};
const org: OrgFields = { isDevHub: false, isScratch: false, isSandbox: false, instanceName: 'NA1' };
try {
  await saveAuth(await openAuth(token), {
    clientId: '3MVG9latelock',
    privateKeyPath: undefined,
    org,
    alias,
    setDefault: true,
    setDefaultDevHub: false,
  });
  console.log('saved');
} catch (err) {
  const e = err as Error & { actions?: string[] };
  console.log(JSON.stringify({ name: e.name, message: e.message, actions: e.actions }));
}
