/**
 * Human output of `sf jwt app create`: the steps as a table, the app's facts, the login command and, after a
 * certificate rotation, the order that has no outage; on failure the deploy's component errors.
 */
import { Messages } from '@salesforce/core/messages';
import { replacedCertificate, type AppCreateResult } from '../results/app-create.js';
import type { Output } from './output.js';
import { displayField } from './sanitize.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@sfjwt/plugin-jwt', 'jwt.app.create');

/** What a command with a spinner offers the progress. */
export type ProgressOutput = Pick<Output, 'logToStderr'> & {
  readonly spinner: { start(text: string): void; stop(text: string): void; status: string | undefined };
  jsonEnabled(): boolean;
};

/**
 * The workflow's progress on the command's spinner (a terminal) or one stderr line each (a CI log, where a spinner
 * cannot redraw). Statuses carry server text (a deploy status, the token endpoint's error_description): each is
 * sanitized as one field, so no escape sequence, control character or line break reaches the terminal.
 */
export function progressOn(out: ProgressOutput, redraws: boolean = process.stderr.isTTY === true) {
  let action = '';
  const line = (text: string): void => {
    if (!out.jsonEnabled()) out.logToStderr(text);
  };
  return {
    start: (text: string): void => {
      action = displayField(text);
      if (redraws) out.spinner.start(action);
      else line(`${action}...`);
    },
    status: (text: string): void => {
      const clean = displayField(text);
      if (redraws) out.spinner.status = clean;
      else line(`${action}... ${clean}`);
    },
    stop: (text: string): void => {
      const clean = displayField(text);
      if (redraws) out.spinner.stop(clean);
      else line(`${action}... ${clean}`);
    },
  };
}

export function renderSteps(out: Output, r: AppCreateResult): void {
  out.table({
    data: r.steps.map((s) => ({ step: s.name, status: s.status, detail: displayField(s.detail) })),
    columns: ['step', 'status', 'detail'],
    overflow: 'wrap',
  });
}

export function renderAppCreate(out: Output, r: AppCreateResult): void {
  renderSteps(out, r);
  out.log(messages.getMessage('info.app', [r.name, r.consumerKeyReused ? 'updated' : 'created']));
  out.log(messages.getMessage('info.consumerKey', [displayField(r.consumerKey ?? '')]));
  out.log(messages.getMessage('info.myDomain', [displayField(r.myDomain)]));
  out.log(messages.getMessage('info.contactEmail', [displayField(r.contactEmail ?? '')]));
  out.log('');
  out.log(messages.getMessage('info.login'));
  out.log(`  ${displayField(r.loginCommand ?? '', 2000)}`);
  if (replacedCertificate(r)) renderRotation(out);
}

/** After a certificate rotation: the order in which clients change keys without an outage. */
function renderRotation(out: Output): void {
  out.log('');
  out.log(messages.getMessage('info.rotation'));
  messages.getMessages('info.rotation.steps').forEach((step, index) => out.log(`  ${index + 1}. ${step}`));
}

/** What a failed run got to: the deploy's component failures (if any), then the steps. */
export function renderAppCreateFailure(out: Output, r: AppCreateResult): void {
  const failures = (r.deploy?.components ?? []).filter((c) => c.state === 'Failed');
  if (failures.length > 0) {
    out.table({
      title: `Component failures (deploy ${displayField(r.deploy?.id ?? '')})`,
      data: failures.map((c) => ({
        type: displayField(c.type),
        name: displayField(c.fullName),
        problem: displayField(c.problem ?? ''),
      })),
      columns: ['type', 'name', 'problem'],
      overflow: 'wrap',
    });
  }
  renderSteps(out, r);
}
