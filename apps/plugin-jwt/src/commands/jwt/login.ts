import { Messages } from '@salesforce/core/messages';
import { SfCommand } from '@salesforce/sf-plugins-core';
import { openAuth, saveAuth } from '../../shared/auth-store.js';
import { toSfError } from '../../shared/errors.js';
import { prepareExchange, runExchange } from '../../shared/exchange-run.js';
import { fetchFromEnv } from '../../shared/http.js';
import { fetchOrgFields } from '../../shared/org-info.js';
import { aliasFlag, exchangeFlags, exchangeInputOf, setDefaultDevHubFlag, setDefaultFlag } from '../../shared/org-flags.js';
import { secretSources } from '../../shared/passphrase.js';
import { refreshPlan } from '../../shared/refresh-plan.js';
import { grantRejectedError, isTokenExchangeError } from '../../shared/render-exchange.js';
import { REDACTED, type LoginResult } from '../../shared/login-result.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@sfjwt/plugin-jwt', 'jwt.login');

export type { LoginResult } from '../../shared/login-result.js';

export default class JwtLogin extends SfCommand<LoginResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');

  public static override readonly flags = {
    ...exchangeFlags,
    alias: aliasFlag,
    'set-default': setDefaultFlag,
    'set-default-dev-hub': setDefaultDevHubFlag,
  };

  public async run(): Promise<LoginResult> {
    const { flags } = await this.parse(JwtLogin);
    try {
      const prepared = await prepareExchange(
        exchangeInputOf(flags),
        secretSources((message) => this.secretPrompt({ message })),
        Date.now,
      );
      const token = await runExchange(prepared, { env: process.env, now: Date.now });
      for (const warning of token.warnings) this.warn(warning);
      const username = flags.username.trim();
      // One round trip for the org's metadata; the auth is prepared in memory meanwhile.
      const [plan, org, opened] = await Promise.all([
        refreshPlan(prepared.key),
        fetchOrgFields(fetchFromEnv(process.env), token.instanceUrl, token.accessToken, Date.now),
        openAuth({
          username,
          accessToken: token.accessToken,
          instanceUrl: token.instanceUrl,
          loginUrl: token.tokenHost,
          orgId: token.orgId,
          userId: token.userId,
        }),
      ]);
      const saved = await saveAuth(opened, {
        clientId: flags['client-id'].trim(),
        privateKeyPath: plan.refreshable ? plan.privateKeyPath : undefined,
        org,
        alias: flags.alias,
        setDefault: flags['set-default'],
        setDefaultDevHub: flags['set-default-dev-hub'],
      });

      this.logSuccess(messages.getMessage('success', [username, token.orgId, token.instanceUrl]));
      this.log(messages.getMessage('info.via', [token.tokenHost, token.audience ?? '(unknown)']));
      if (saved.replaced) this.log(messages.getMessage('info.replaced', [username]));
      if (saved.aliases.length > 0) this.log(messages.getMessage('info.aliases', [saved.aliases.join(', ')]));
      if (plan.refreshable) this.log(messages.getMessage('info.refresh', [plan.privateKeyPath]));
      else this.warn(messages.getMessage(`warning.noRefresh.${plan.reason}`));

      return {
        username,
        orgId: token.orgId,
        userId: token.userId,
        instanceUrl: token.instanceUrl,
        loginUrl: token.tokenHost,
        audience: token.audience ?? null,
        accessToken: REDACTED,
        isDevHub: org.isDevHub,
        aliases: saved.aliases,
        replaced: saved.replaced,
        refresh: plan.refreshable ? { enabled: true, privateKey: plan.privateKeyPath } : { enabled: false, reason: plan.reason },
        attempts: token.attempts.map((a) => ({ ...a })),
      };
    } catch (err) {
      throw isTokenExchangeError(err) ? grantRejectedError(err) : toSfError(err);
    }
  }
}
