/** Human output of `sf jwt login`: who is logged in where, and whether sf can refresh the session on its own. */
import { Messages } from '@salesforce/core/messages';
import type { LoginResult } from '../results/login.js';
import type { Output } from './output.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@sfjwt/plugin-jwt', 'jwt.login');

export function renderLogin(out: Output, r: LoginResult): void {
  out.logSuccess(messages.getMessage('success', [r.username, r.orgId, r.instanceUrl]));
  out.log(messages.getMessage('info.via', [r.loginUrl, r.audience ?? '(unknown)']));
  if (r.replaced) out.log(messages.getMessage('info.replaced', [r.username]));
  if (r.aliases.length > 0) out.log(messages.getMessage('info.aliases', [r.aliases.join(', ')]));
  if (r.refresh.enabled) out.log(messages.getMessage('info.refresh', [r.refresh.privateKey]));
  else out.warn(messages.getMessage(`warning.noRefresh.${r.refresh.reason}`));
}
