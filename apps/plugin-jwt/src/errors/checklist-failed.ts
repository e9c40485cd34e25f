/**
 * A checklist that failed (`sf jwt doctor`, `sf jwt validate`) fails like every other command: an error with a
 * stable top-level `code` (the first failed check's, or the first error finding's) and its class's exit code, the
 * checklist itself in the envelope's `result` (see {@link PartialResult}).
 */
import { Messages } from '@salesforce/core/messages';
import { SfError } from '@salesforce/core/sfError';
import type { DoctorResult } from '../results/doctor.js';
import type { JwtValidateResult } from '../results/validate.js';
import { exitCodeOf } from './exit-codes.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);

let bundle: Messages<string> | undefined;
const messages = (): Messages<string> => (bundle ??= Messages.loadMessages('@sfjwt/plugin-jwt', 'errors'));

/** The doctor's failure: named by its first failed check's code, each failed check's fix as an action. */
export function doctorFailed(result: DoctorResult): SfError {
  const failed = result.checks.filter((c) => c.status === 'fail');
  const code = failed[0]?.code ?? 'ERR_UNEXPECTED';
  return SfError.create({
    name: code,
    message: messages().getMessage('error.ChecksFailed', [
      String(failed.length),
      String(result.checks.length),
      failed.map((c) => c.id).join(', '),
    ]),
    actions: failed.flatMap((c) => (c.fix === undefined ? [] : [`${c.id}: ${c.fix}`])),
    exitCode: exitCodeOf(code),
    data: { failedChecks: failed.map((c) => ({ id: c.id, code: c.code ?? code })) },
  });
}

/** An assertion Salesforce would reject: ERR_ASSERTION_INVALID, each error finding's code in `data`. */
export function assertionInvalid(result: JwtValidateResult): SfError {
  const errors = result.findings.filter((f) => f.severity === 'error');
  return SfError.create({
    name: 'ERR_ASSERTION_INVALID',
    message: messages().getMessage('error.AssertionInvalid', [
      String(errors.length),
      errors.map((f) => f.code).join(', '),
    ]),
    actions: errors.map((f) => f.fix),
    exitCode: exitCodeOf('ERR_ASSERTION_INVALID'),
    data: { findings: errors.map((f) => f.code) },
  });
}
