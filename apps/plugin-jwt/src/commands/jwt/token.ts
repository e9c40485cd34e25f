import { Messages } from '@salesforce/core/messages';
import { helpExamples } from '../../base/examples.js';
import { JwtCommand } from '../../base/jwt-command.js';
import { exchangeFlags, exchangeInputOf } from '../../flags/org-flags.js';
import type { TokenCommandResult } from '../../results/token.js';
import { issueToken } from '../../services/token.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@sfjwt/plugin-jwt', 'jwt.token');

export type { TokenCommandResult } from '../../results/token.js';

export default class JwtToken extends JwtCommand<TokenCommandResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = helpExamples(messages.getMessages('examples'));

  public static override readonly flags = {
    ...exchangeFlags,
  };

  public async run(): Promise<TokenCommandResult> {
    const { flags } = await this.parse(JwtToken);
    const result = await this.guard(() => issueToken(exchangeInputOf(flags), this.services()));
    // stdout carries the token and nothing else, so `TOKEN=$(sf jwt token …)` works.
    this.log(result.accessToken);
    return result;
  }
}
