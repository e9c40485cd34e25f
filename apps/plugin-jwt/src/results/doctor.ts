/** The `--json` result of `sf jwt doctor`. */
import type { Diagnosis, ExchangeAttempt } from '@sfjwt/jwt-core';

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';
export type CheckId = 'key' | 'certificate' | 'match' | 'expiry' | 'resolver' | 'claims' | 'exchange' | 'clock';

/**
 * One line of the checklist. A failed check has the stable `code` of what it caught (the code an `sf jwt login` with
 * the same input fails with; the first failed check's code is the error's `code` and decides the exit code).
 */
export type DoctorCheck = { id: CheckId; status: CheckStatus; code?: string; detail: string; fix?: string };

/** `--json` result of `sf jwt doctor`. */
export type DoctorResult = {
  /** False when any check failed: the command then fails with this result in the error envelope's `result`. */
  ok: boolean;
  checks: DoctorCheck[];
  /** The exchange's attempts, when it ran. */
  attempts?: ExchangeAttempt[];
  /** The ranked causes, when Salesforce rejected the grant. */
  diagnosis?: Diagnosis;
};
