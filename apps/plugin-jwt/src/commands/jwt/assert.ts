import { Messages } from '@salesforce/core/messages';
import { Flags } from '@salesforce/sf-plugins-core';
import { helpExamples } from '../../base/examples.js';
import { JwtCommand } from '../../base/jwt-command.js';
import { jwtKeyFileFlag } from '../../flags/key-flags.js';
import { audienceFlag, clientIdFlag, instanceUrlFlag, usernameFlag } from '../../flags/org-flags.js';
import type { JwtAssertResult } from '../../results/assert.js';
import { signAssertionFor } from '../../services/assert.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@sfjwt/plugin-jwt', 'jwt.assert');

export type { JwtAssertResult } from '../../results/assert.js';

export default class JwtAssert extends JwtCommand<JwtAssertResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = helpExamples(messages.getMessages('examples'));

  public static override readonly flags = {
    'client-id': clientIdFlag,
    username: usernameFlag,
    'jwt-key-file': jwtKeyFileFlag,
    'instance-url': instanceUrlFlag,
    audience: audienceFlag,
    // No default on purpose: leaving --expires-in out means the standard 180 s; giving it opts into a long lifetime.
    // eslint-disable-next-line sf-plugin/flag-min-max-default
    'expires-in': Flags.integer({ min: 1, summary: messages.getMessage('flags.expires-in.summary') }),
    jti: Flags.boolean({ summary: messages.getMessage('flags.jti.summary') }),
  };

  public async run(): Promise<JwtAssertResult> {
    const { flags } = await this.parse(JwtAssert);
    const input = {
      clientId: flags['client-id'],
      username: flags.username,
      jwtKeyFile: flags['jwt-key-file'],
      instanceUrl: flags['instance-url'],
      audience: flags.audience,
      expiresIn: flags['expires-in'],
      jti: flags.jti,
    };
    const result = await this.guard(() => signAssertionFor(input, this.services()));
    this.log(result.token);
    return result;
  }
}
