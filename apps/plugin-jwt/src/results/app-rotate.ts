/** `--json` result of `sf jwt app rotate` (also the `result` of its error envelope, with the steps reached). */
import type { AppKind, AppListCertificate } from './app-list.js';

export type AppRotateStepName = 'read' | 'key-pair' | 'deploy' | 'verify' | 'restore';

/** `done`; `skipped` (a dry run, or not needed); `failed`; `not-run`. */
export type AppRotateStepStatus = 'done' | 'skipped' | 'failed' | 'not-run';

export type AppRotateStep = {
  name: AppRotateStepName;
  status: AppRotateStepStatus;
  /** What happened, in a sentence. */
  detail: string;
};

export type AppRotateResult = {
  name: string;
  type: AppKind | null;
  /** The app's consumer key (the JWT's `iss`): kept by the rotation. */
  consumerKey: string | null;
  /** The integration user the new key logged in as. */
  username: string | null;
  dryRun: boolean;
  oldCertificate: AppListCertificate | null;
  newCertificate: AppListCertificate | null;
  /** The new pair's files (null in a dry run; the key file is null when the key came from SFJWT_KEY). */
  newKeyFile: string | null;
  newCertificateFile: string | null;
  steps: AppRotateStep[];
  /** True when the new login failed and the old certificate was deployed back. */
  restored: boolean;
  /** How clients hold both keys, the new first: flags for sf jwt token/login/doctor. */
  clientFlags: string | null;
  /** When the old key may be dropped from every client (ISO 8601): the verified login plus Salesforce's ten minutes. */
  dropOldKeyAfter: string | null;
};
