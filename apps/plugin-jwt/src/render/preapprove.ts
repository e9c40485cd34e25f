/** Human output of `sf jwt preapprove`: the guide as lines (pure), then its warnings. */
import { Messages } from '@salesforce/core/messages';
import type { PreapproveResult } from '../results/preapprove.js';
import type { Output } from './output.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@sfjwt/plugin-jwt', 'jwt.preapprove');

/** Looks up a heading in the command's messages. */
export type Heading = (key: string, tokens: string[]) => string;

const numbered = (steps: readonly string[]): string[] => steps.map((s, i) => `    ${i + 1}. ${s}`);

/** The guide as lines: the admin path first (recommended), then the URL, the rules and the limits. */
export function preapprovalLines(guide: PreapproveResult, who: string, heading: Heading): string[] {
  return [
    heading('heading.admin', [guide.admin.policy]),
    `  ${heading('heading.connectedApp', [])}`,
    ...numbered(guide.admin.connectedAppSteps),
    `  ${heading('heading.externalClientApp', [])}`,
    ...numbered(guide.admin.externalClientAppSteps),
    `  ${heading('heading.metadata', [])}`,
    `    ${guide.admin.metadata.connectedApp}`,
    `    ${guide.admin.metadata.externalClientApp}`,
    `  ${heading('heading.gotchas', [])}`,
    ...guide.admin.gotchas.map((g) => `    - ${g}`),
    '',
    heading('heading.url', [who]),
    '',
    `  ${guide.selfApproval.url}`,
    '',
    ...numbered(guide.selfApproval.steps),
    '',
    heading('heading.rules', []),
    ...guide.rules.map((r) => `  ${r.countsForJwt ? '✓' : '✗'} ${r.approval}: ${r.why}`),
    '',
    heading('heading.limits', []),
    ...guide.limits.map((l) => `  - ${l}`),
  ];
}

/** The guide, then the self-approval URL's warnings. */
export function renderPreapproval(out: Output, guide: PreapproveResult, username: string | undefined): void {
  for (const line of preapprovalLines(guide, username?.trim() || 'the user', (key, tokens) =>
    messages.getMessage(key, tokens),
  ))
    out.log(line);
  for (const warning of guide.selfApproval.warnings) out.warn(warning);
}
