/** The `--json` result of `sf jwt preapprove`. */
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
