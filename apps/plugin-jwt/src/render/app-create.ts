/** Human output of `sf jwt app create`: the steps as a table, the app's facts and the login command; on failure the deploy's component errors. */
import { Messages } from '@salesforce/core/messages';
import type { AppCreateResult } from '../results/app-create.js';
import type { Output } from './output.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@sfjwt/plugin-jwt', 'jwt.app.create');

export function renderSteps(out: Output, r: AppCreateResult): void {
  out.table({
    data: r.steps.map((s) => ({ step: s.name, status: s.status, detail: s.detail })),
    columns: ['step', 'status', 'detail'],
    overflow: 'wrap',
  });
}

export function renderAppCreate(out: Output, r: AppCreateResult): void {
  renderSteps(out, r);
  out.log(messages.getMessage('info.app', [r.name, r.consumerKeyReused ? 'updated' : 'created']));
  out.log(messages.getMessage('info.consumerKey', [r.consumerKey ?? '']));
  out.log(messages.getMessage('info.myDomain', [r.myDomain]));
  out.log('');
  out.log(messages.getMessage('info.login'));
  out.log(`  ${r.loginCommand ?? ''}`);
}

/** What a failed run got to: the deploy's component failures (if any), then the steps. */
export function renderAppCreateFailure(out: Output, r: AppCreateResult): void {
  const failures = (r.deploy?.components ?? []).filter((c) => c.state === 'Failed');
  if (failures.length > 0) {
    out.table({
      title: `Component failures (deploy ${r.deploy?.id ?? ''})`,
      data: failures.map((c) => ({ type: c.type, name: c.fullName, problem: c.problem ?? '' })),
      columns: ['type', 'name', 'problem'],
      overflow: 'wrap',
    });
  }
  renderSteps(out, r);
}
