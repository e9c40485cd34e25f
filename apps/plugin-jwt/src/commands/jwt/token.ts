import { Messages } from '@salesforce/core/messages';
import { SfCommand } from '@salesforce/sf-plugins-core';
import { toSfError } from '../../shared/errors.js';
import { prepareExchange, runExchange } from '../../shared/exchange-run.js';
import { exchangeFlags, exchangeInputOf } from '../../shared/org-flags.js';
import { secretSources } from '../../shared/passphrase.js';
import { grantRejectedError, isTokenExchangeError } from '../../shared/render-exchange.js';
import { tokenResultOf, type TokenCommandResult } from '../../shared/token-result.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@sfjwt/plugin-jwt', 'jwt.token');

export type { TokenCommandResult } from '../../shared/token-result.js';

export default class JwtToken extends SfCommand<TokenCommandResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');

  public static override readonly flags = {
    ...exchangeFlags,
  };

  public async run(): Promise<TokenCommandResult> {
    const { flags } = await this.parse(JwtToken);
    try {
      const prepared = await prepareExchange(
        exchangeInputOf(flags),
        secretSources((message) => this.secretPrompt({ message })),
        Date.now,
      );
      const token = await runExchange(prepared, { env: process.env, now: Date.now });
      for (const warning of token.warnings) this.warn(warning);
      // stdout carries the token and nothing else, so `TOKEN=$(sf jwt token …)` works.
      this.log(token.accessToken);
      return tokenResultOf(token);
    } catch (err) {
      throw isTokenExchangeError(err) ? grantRejectedError(err) : toSfError(err);
    }
  }
}
