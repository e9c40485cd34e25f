/** `--json` result of `sf jwt app create` (also the `result` of its error envelope, with the steps reached). */

/** The steps, in the order they run. */
export type AppCreateStepName =
  | 'inputs'
  /** The admin: their email, the app's contact email unless --contact-email gives one. */
  | 'admin'
  | 'user'
  | 'permission-set'
  | 'lookup'
  | 'deploy'
  | 'assign'
  | 'verify';

/** `done`: did it now; `skipped`: already in place (or not needed); `failed`; `not-run`: never reached. */
export type AppCreateStepStatus = 'done' | 'skipped' | 'failed' | 'not-run';

/**
 * How the deploy step's detail ends when the run replaced the certificate of an existing app (a rotation). Not a field
 * of the result, so the `--json` contract stays as it is; the human output prints the rotation order when it sees it.
 */
export const CERTIFICATE_REPLACED = "the app's previous certificate was replaced";

export type AppCreateStep = {
  name: AppCreateStepName;
  status: AppCreateStepStatus;
  /** What happened, in a sentence. */
  detail: string;
};

/** One JWT bearer exchange of the verification. */
export type AppVerificationAttempt = {
  /** Milliseconds since the verification began (by the command's clock). */
  elapsedMs: number;
  outcome: 'success' | 'rejected' | 'network-error';
  /** Salesforce's `error` (or the network error's code) when not a success. */
  error: string | null;
  errorDescription: string | null;
};

export type AppCreateResult = {
  name: string;
  consumerKey: string | null;
  /** True when the app existed and its consumer key was kept. */
  consumerKeyReused: boolean;
  /** The org's My Domain (the admin connection's instance URL): token host and `aud` of the integration user's JWT. */
  myDomain: string;
  username: string;
  permissionSet: string | null;
  profile: string | null;
  /** The app's contact email (Salesforce requires one): --contact-email, else the admin's email; null before it is known. */
  contactEmail: string | null;
  steps: AppCreateStep[];
  deploy: {
    id: string;
    status: string;
    components: Array<{ type: string; fullName: string; state: string; problem: string | null }>;
  } | null;
  verification: { attempts: AppVerificationAttempt[]; waitedMs: number } | null;
  /** The `sf jwt login` command that logs the integration user in (no secret in it). */
  loginCommand: string | null;
};

/** True when the run deployed a new certificate over an existing app's other one (see {@link CERTIFICATE_REPLACED}). */
export function replacedCertificate(result: AppCreateResult): boolean {
  const deploy = result.steps.find((step) => step.name === 'deploy');
  return deploy?.status === 'done' && deploy.detail.endsWith(CERTIFICATE_REPLACED);
}
