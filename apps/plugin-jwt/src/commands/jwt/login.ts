import { Messages } from '@salesforce/core/messages';
import { helpExamples } from '../../base/examples.js';
import { JwtCommand } from '../../base/jwt-command.js';
import {
  aliasFlag,
  exchangeFlags,
  exchangeInputOf,
  setDefaultDevHubFlag,
  setDefaultFlag,
} from '../../flags/org-flags.js';
import { handOffFlags, handOffInputOf } from '../../flags/handoff-flags.js';
import { renderLogin } from '../../render/login.js';
import type { LoginResult } from '../../results/login.js';
import { login } from '../../services/login.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@sfjwt/plugin-jwt', 'jwt.login');

export type { LoginResult } from '../../results/login.js';

export default class JwtLogin extends JwtCommand<LoginResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = helpExamples(messages.getMessages('examples'));

  public static override readonly flags = {
    ...exchangeFlags,
    alias: aliasFlag,
    'set-default': setDefaultFlag,
    'set-default-dev-hub': setDefaultDevHubFlag,
    ...handOffFlags,
  };

  public async run(): Promise<LoginResult> {
    const { flags } = await this.parse(JwtLogin);
    const input = {
      ...exchangeInputOf(flags),
      alias: flags.alias,
      setDefault: flags['set-default'],
      setDefaultDevHub: flags['set-default-dev-hub'],
      ...handOffInputOf(flags),
    };
    const result = await this.guard(() => login(input, this.services()));
    renderLogin(this, result);
    return result;
  }
}
