/**
 * Where an assertion to check comes from: `--assertion <jws>`, `--assertion -` (stdin), else env SFJWT_ASSERTION.
 * An unexpired assertion is a credential, hence stdin and the environment.
 */
import { Messages } from '@salesforce/core/messages';
import { SfError } from '@salesforce/core/sfError';
import { readStdin } from './bounded-read.js';
import { ASSERTION_ENV } from './secret-env.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@sfjwt/plugin-jwt', 'jwt.validate');

export { ASSERTION_ENV } from './secret-env.js';

/**
 * The assertion from the flag, stdin (`-`) or the environment.
 *
 * @throws `ERR_ASSERTION_INPUT_MISSING` when none of them has one; stdin's errors for `-`.
 */
export async function readAssertion(flag: string | undefined, env: NodeJS.ProcessEnv): Promise<string> {
  if (flag === '-') return Buffer.from(await readStdin('assertion')).toString('utf8');
  if (flag !== undefined) return flag;
  const fromEnv = env[ASSERTION_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return fromEnv;
  throw SfError.create({
    name: 'ERR_ASSERTION_INPUT_MISSING',
    message: messages.getMessage('error.AssertionInputMissing'),
    actions: messages.getMessages('error.AssertionInputMissing.actions'),
    exitCode: 1,
  });
}
