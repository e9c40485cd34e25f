import { Messages } from '@salesforce/core/messages';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { toSfError } from '../../shared/errors.js';
import { clientIdFlag, instanceUrlFlag } from '../../shared/org-flags.js';
import { preapprovalLines, type PreapproveResult } from '../../shared/render-preapprove.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@sfjwt/plugin-jwt', 'jwt.preapprove');

export type { PreapproveResult } from '../../shared/render-preapprove.js';

export default class JwtPreapprove extends SfCommand<PreapproveResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');

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
    let result: PreapproveResult;
    try {
      const { preapprovalGuide } = await import('@sfjwt/jwt-core');
      const guide = preapprovalGuide({
        clientId: flags['client-id'],
        loginUrl: flags['instance-url'],
        redirectUri: flags['redirect-uri'],
        responseType: flags['response-type'],
        username: flags.username,
      });
      result = JSON.parse(JSON.stringify(guide)) as PreapproveResult;
    } catch (err) {
      throw toSfError(err);
    }
    for (const line of preapprovalLines(result, flags.username?.trim() || 'the user', (key, tokens) => messages.getMessage(key, tokens))) this.log(line);
    for (const warning of result.selfApproval.warnings) this.warn(warning);
    return result;
  }
}
