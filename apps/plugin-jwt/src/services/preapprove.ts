/** `sf jwt preapprove`: jwt-core's pre-approval guide (plain data already; no I/O, no network), in the CLI's words. */
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

export async function preapprovalGuideFor(input: PreapproveInput): Promise<PreapproveResult> {
  const { preapprovalGuide } = await import('@sfjwt/jwt-core');
  return cliPreapprovalGuide(preapprovalGuide(input));
}
