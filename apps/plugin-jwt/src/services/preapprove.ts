/** `sf jwt preapprove`: jwt-core's pre-approval guide (plain data already; no I/O, no network), in the CLI's words. */
import { preapprovalGuide } from '@sfjwt/jwt-core';
import { cliPreapprovalGuide } from '../errors/cli-advice.js';
import type { PreapproveResult } from '../results/preapprove.js';

/** Flag values. */
export interface PreapproveInput {
  readonly clientId: string;
  readonly loginUrl: string | undefined;
  readonly redirectUri: string | undefined;
  readonly responseType: 'token' | 'code';
  readonly username: string | undefined;
}

export function preapprovalGuideFor(input: PreapproveInput): PreapproveResult {
  return cliPreapprovalGuide(preapprovalGuide(input));
}
