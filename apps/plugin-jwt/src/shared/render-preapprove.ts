/** Human rendering of the pre-approval guide (pure). */
import type { PreapprovalGuide } from '@sfjwt/jwt-core';

/** `--json` result of `sf jwt preapprove`: jwt-core's guide as plain data. */
export type PreapproveResult = {
  recommended: PreapprovalGuide['recommended'];
  admin: {
    policy: string;
    connectedAppSteps: string[];
    externalClientAppSteps: string[];
    metadata: { connectedApp: string; externalClientApp: string };
    gotchas: string[];
  };
  selfApproval: {
    url: string;
    host: string;
    responseType: 'token' | 'code';
    redirectUri: string;
    scope: string;
    countsForJwt: boolean;
    warnings: string[];
    steps: string[];
  };
  rules: Array<{ approval: string; countsForJwt: boolean; why: string }>;
  limits: string[];
};

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
