// Deploy jobs and the DeployResult / DeployMessage shapes of the Metadata API (the fields jsforce's schema and
// source-deploy-retrieve read), built the same for the SOAP and the REST deploy.

export type DeployStatus =
  'Pending' | 'InProgress' | 'Succeeded' | 'SucceededPartial' | 'Failed' | 'Canceling' | 'Canceled';

export interface DeployMessage {
  changed: boolean;
  columnNumber?: number;
  componentType: string;
  created: boolean;
  createdDate: string;
  deleted: boolean;
  fileName: string;
  fullName: string;
  id?: string;
  lineNumber?: number;
  problem?: string;
  problemType?: 'Error' | 'Warning';
  success: boolean;
}

export interface DeployOptions {
  checkOnly: boolean;
  rollbackOnError: boolean;
  ignoreWarnings: boolean;
}

export interface DeployJob {
  id: string;
  orgId: string;
  createdBy: string;
  createdByName: string;
  createdAt: number;
  options: DeployOptions;
  status: DeployStatus;
  successes: DeployMessage[];
  failures: DeployMessage[];
  /** Whole-deploy error (e.g. an unreadable zip): errorStatusCode + errorMessage. */
  error?: { statusCode: string; message: string };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** The DeployResult of a job, with `details` when asked for. */
export function deployResult(job: DeployJob, includeDetails: boolean): Record<string, unknown> {
  const done = job.status !== 'Pending' && job.status !== 'InProgress';
  const deployed = job.successes.filter((m) => m.fileName !== 'package.xml').length;
  const result: Record<string, unknown> = {
    checkOnly: job.options.checkOnly,
    ...(done ? { completedDate: iso(job.createdAt) } : {}),
    createdBy: job.createdBy.slice(0, 15),
    createdByName: job.createdByName,
    createdDate: iso(job.createdAt),
    ...(includeDetails ? { details: details(job) } : {}),
    done,
    ...(job.error === undefined ? {} : { errorMessage: job.error.message, errorStatusCode: job.error.statusCode }),
    id: job.id,
    ignoreWarnings: job.options.ignoreWarnings,
    lastModifiedDate: iso(job.createdAt),
    numberComponentErrors: done ? job.failures.length : 0,
    numberComponentsDeployed: done ? deployed : 0,
    numberComponentsTotal: deployed + job.failures.length,
    numberTestErrors: 0,
    numberTestsCompleted: 0,
    numberTestsTotal: 0,
    rollbackOnError: job.options.rollbackOnError,
    runTestsEnabled: false,
    startDate: iso(job.createdAt),
    status: job.status,
    success: job.status === 'Succeeded' || job.status === 'SucceededPartial',
  };
  return result;
}

function details(job: DeployJob): Record<string, unknown> {
  return {
    componentFailures: job.failures,
    componentSuccesses: job.successes,
    runTestResult: { numFailures: 0, numTestsRun: 0, totalTime: 0 },
  };
}
