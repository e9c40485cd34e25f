import { Messages } from '@salesforce/core/messages';
import { Flags } from '@salesforce/sf-plugins-core';
import { helpExamples } from '../../base/examples.js';
import { JwtCommand } from '../../base/jwt-command.js';
import { clientIdFlag, instanceUrlFlag } from '../../flags/org-flags.js';
import { renderPreapproval } from '../../render/preapprove.js';
import type { PreapproveResult } from '../../results/preapprove.js';
import { preapprovalGuideFor } from '../../services/preapprove.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@sfjwt/plugin-jwt', 'jwt.preapprove');

export type { PreapproveResult } from '../../results/preapprove.js';

export default class JwtPreapprove extends JwtCommand<PreapproveResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = helpExamples(messages.getMessages('examples'));

  public static override readonly flags = {
    'client-id': clientIdFlag,
    'instance-url': instanceUrlFlag,
    username: Flags.string({ summary: messages.getMessage('flags.username.summary') }),
    'redirect-uri': Flags.string({ summary: messages.getMessage('flags.redirect-uri.summary') }),
    'response-type': Flags.option({
      summary: messages.getMessage('flags.response-type.summary'),
      options: ['token', 'code'] as const,
      default: 'token' as const,
    })(),
  };

  public async run(): Promise<PreapproveResult> {
    const { flags } = await this.parse(JwtPreapprove);
    const input = {
      clientId: flags['client-id'],
      loginUrl: flags['instance-url'],
      redirectUri: flags['redirect-uri'],
      responseType: flags['response-type'],
      username: flags.username,
    };
    const result = await this.guard(() => preapprovalGuideFor(input));
    renderPreapproval(this, result, flags.username);
    return result;
  }
}
