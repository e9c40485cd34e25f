// An isolated sf auth store for in-process command tests: HOME in a temp folder, the generic keychain, and
// @salesforce/core's cached state and config forgotten on the way in and out.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';

/** Points sf at `<dir>/home`; the returned function puts HOME and the keychain setting back. */
export async function isolateSfHome(dir: string): Promise<() => Promise<void>> {
  const saved = { HOME: process.env.HOME, SF_USE_GENERIC_UNIX_KEYCHAIN: process.env.SF_USE_GENERIC_UNIX_KEYCHAIN };
  process.env.HOME = join(dir, 'home');
  process.env.SF_USE_GENERIC_UNIX_KEYCHAIN = 'true';
  await forgetSfState();
  return async () => {
    await forgetSfState();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}

async function forgetSfState(): Promise<void> {
  const { ConfigAggregator, StateAggregator } = await import('@salesforce/core');
  StateAggregator.clearInstance();
  await ConfigAggregator.clearInstance();
}

/** `sf jwt login` in-process as the admin (`--alias admin`), through `app`'s consumer key and the admin's key file. */
export async function loginAdminInProcess(
  admin: { readonly consumerKey: string; readonly username: string },
  keyFile: string,
  instanceUrl: string,
): Promise<void> {
  const { default: JwtLogin } = await import('../../src/commands/jwt/login.js');
  const { runInProcess } = await import('./run-command.js');
  const login = await runInProcess(JwtLogin, [
    '--client-id',
    admin.consumerKey,
    '--username',
    admin.username,
    '--jwt-key-file',
    keyFile,
    '--instance-url',
    instanceUrl,
    '--alias',
    'admin',
  ]);
  assert.equal(login.exitCode, 0, login.stderr);
}
