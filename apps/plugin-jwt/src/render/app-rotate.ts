/**
 * Human output of `sf jwt app rotate`: the steps as a table, then the two-key client configuration and when the old key
 * may be dropped (or, in a dry run, that nothing changed).
 */
import { Messages } from '@salesforce/core/messages';
import type { AppRotateResult } from '../results/app-rotate.js';
import type { Output } from './output.js';
import { displayField } from './sanitize.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@sfjwt/plugin-jwt', 'jwt.app.rotate');

export function renderRotateSteps(out: Output, r: AppRotateResult): void {
  out.table({
    data: r.steps.map((s) => ({ step: s.name, status: s.status, detail: displayField(s.detail) })),
    columns: ['step', 'status', 'detail'],
    overflow: 'wrap',
  });
}

export function renderAppRotate(out: Output, r: AppRotateResult): void {
  if (r.dryRun) out.log(messages.getMessage('info.planned'));
  renderRotateSteps(out, r);
  if (r.dryRun) return;
  out.log(messages.getMessage('info.done', [displayField(r.name), displayField(r.consumerKey ?? '')]));
  out.log('');
  out.log(messages.getMessage('info.clients'));
  out.log(messages.getMessage('info.clients.flags', [displayField(r.clientFlags ?? '', 2000)]));
  out.log('');
  out.log(messages.getMessage('info.drop', [r.dropOldKeyAfter ?? '']));
}
