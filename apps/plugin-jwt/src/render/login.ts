/** Human output of `sf jwt login`: who is logged in where, and whether sf can refresh the session on its own. */
import { Messages } from '@salesforce/core/messages';
import type { LoginResult } from '../results/login.js';
import type { Output } from './output.js';
import { displayField, MAX_LINE_CHARS } from './sanitize.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@sfjwt/plugin-jwt', 'jwt.login');

export function renderLogin(out: Output, r: LoginResult): void {
  const username = displayField(r.username);
  out.logSuccess(messages.getMessage('success', [username, displayField(r.orgId), displayField(r.instanceUrl)]));
  out.log(messages.getMessage('info.via', [displayField(r.loginUrl), displayField(r.audience ?? '(unknown)')]));
  const origin = r.key.file ?? (r.key.source === 'env' ? 'SFJWT_KEY' : 'stdin');
  out.log(messages.getMessage('info.key', [displayField(origin, MAX_LINE_CHARS), displayField(r.key.fingerprint)]));
  if (r.replaced) out.log(messages.getMessage('info.replaced', [username]));
  if (r.aliases.length > 0) out.log(messages.getMessage('info.aliases', [displayField(r.aliases.join(', '))]));
  if (r.refresh.enabled)
    out.log(messages.getMessage('info.refresh', [displayField(r.refresh.privateKey, MAX_LINE_CHARS)]));
  else {
    const warning = messages.getMessage(`warning.noRefresh.${r.refresh.reason}`);
    // The command on a line of its own, so that it can be copied as it is.
    out.warn(r.refresh.command === undefined ? warning : `${warning}\n\n  ${r.refresh.command}`);
  }
  if (r.handedOffTo !== undefined)
    out.log(
      messages.getMessage('info.handedOff', [r.handedOffTo.map((f) => displayField(f, MAX_LINE_CHARS)).join(', ')]),
    );
}
