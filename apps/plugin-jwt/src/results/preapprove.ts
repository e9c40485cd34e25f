/** The `--json` result of `sf jwt preapprove`. */
import type { PreapprovalGuide } from '@sfjwt/jwt-core';

/** `--json` result of `sf jwt preapprove`: jwt-core's guide as it is (plain data). */
export type PreapproveResult = PreapprovalGuide;
