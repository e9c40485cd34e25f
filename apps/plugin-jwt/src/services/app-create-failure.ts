/**
 * How `sf jwt app create` fails: the wait running out, the transport's failures told apart (no answer, unreachable,
 * not a Salesforce answer, too large), the org's refusals by error code with Salesforce's text quoted, and the steps
 * done and not done appended to the message.
 */
import type { SfError } from '@salesforce/core/sfError';
import { apiErrorKey, appCreateError, appCreateErrorQuoting } from '../errors/app-errors.js';
import { grantRejectedError } from '../errors/grant-rejected.js';
import { isTokenExchangeError } from '../errors/core-errors.js';
import { toSfError } from '../errors/to-sf-error.js';
import { OrgApiError, OrgTransportError } from '../io/admin-org.js';
import type { AppCreateStep, AppCreateStepName } from '../results/app-create.js';
import { DeployNotFinished } from './app-deploy.js';
import { clock } from './app-verify.js';

export function waitExhausted(last: Error, attempts: number, waitedMs: number): SfError {
  if (isTokenExchangeError(last)) {
    const said = last.errorDescription === undefined ? last.error : `${last.error}: ${last.errorDescription}`;
    const top = last.diagnosis?.causes[0];
    const diagnosis = top === undefined ? last.fix : `${top.title} ${top.fix}`;
    return appCreateErrorQuoting('WaitExhausted', [String(attempts), clock(waitedMs), diagnosis], said);
  }
  return appCreateErrorQuoting(
    'WaitExhausted',
    [String(attempts), clock(waitedMs), 'Check the network path to the org, then run the command again.'],
    last.message,
  );
}

/** The steps that change nothing in the org: a failure there leaves it as it was. */
const PRE_FLIGHT: ReadonlySet<AppCreateStepName> = new Set(['inputs', 'admin', 'user', 'permission-set', 'lookup']);

/** The transport's failures, told apart: no answer, unreachable, not a Salesforce answer, too large, wrong shape. */
function transportError(err: OrgTransportError, step: AppCreateStepName): SfError {
  switch (err.kind) {
    case 'no-answer':
      return appCreateError('OrgNoAnswer', [
        err.call,
        err.detail === '0' ? 'in the time left' : `within ${err.detail} s`,
      ]);
    case 'unreachable':
      return appCreateError('OrgUnreachable', [err.call, err.detail]);
    case 'invalid':
      return appCreateError('OrgResponseInvalid', [err.call, err.detail]);
    case 'too-large':
      return appCreateError('OrgResponseTooLarge', [err.call, err.detail]);
    case 'wrong-shape':
      return appCreateError(PRE_FLIGHT.has(step) ? 'OrgAnswerWrongShape' : 'OrgAnswerWrongShapeLate', [
        err.call,
        err.detail,
      ]);
  }
}

export function mapError(err: unknown, step: AppCreateStepName): Error {
  if (err instanceof DeployNotFinished)
    return appCreateError('DeployNotFinished', [err.status.id, err.status.status || 'without a status']);
  if (err instanceof OrgTransportError) return transportError(err, step);
  if (err instanceof OrgApiError) {
    const key = apiErrorKey(
      err.errorCode,
      step === 'deploy' || step === 'lookup' ? 'deploy' : step === 'assign' ? 'assign' : 'other',
    );
    return key === undefined
      ? appCreateErrorQuoting('OrgCallFailed', [err.errorCode], err.message)
      : appCreateErrorQuoting(key, [], err.message);
  }
  if (isTokenExchangeError(err)) return grantRejectedError(err);
  return toSfError(err);
}

export function failureDetail(err: unknown): string {
  if (err instanceof OrgApiError) return `${err.errorCode}: ${err.message}`;
  if (err instanceof OrgTransportError) return `${err.call}: ${err.kind}`;
  return err instanceof Error
    ? (err as { code?: unknown }).code === undefined
      ? err.name
      : String((err as { code?: unknown }).code)
    : 'failed';
}

/** Adds which steps completed and which did not to the error's message. */
export function withSteps(err: Error, steps: readonly AppCreateStep[]): Error {
  if (!('exitCode' in err)) return err;
  const finished = steps.filter((s) => s.status === 'done' || s.status === 'skipped').map((s) => s.name);
  const failed = steps.find((s) => s.status === 'failed')?.name;
  const notRun = steps.filter((s) => s.status === 'not-run').map((s) => s.name);
  err.message = `${err.message}\n\nSteps completed: ${finished.length === 0 ? 'none' : finished.join(', ')}. Failed: ${failed ?? 'none'}. Not run: ${notRun.length === 0 ? 'none' : notRun.join(', ')}. Nothing after the failed step was done; run the command again once fixed: finished steps are skipped.`;
  return err;
}
