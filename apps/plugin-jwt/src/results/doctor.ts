/** The `--json` result of `sf jwt doctor`. */
import type { Diagnosis, ExchangeAttempt } from '@sfjwt/jwt-core';

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';
export type CheckId = 'key' | 'certificate' | 'match' | 'expiry' | 'resolver' | 'claims' | 'exchange' | 'clock';

/** One line of the checklist. */
export type DoctorCheck = { id: CheckId; status: CheckStatus; detail: string; fix?: string };

/** `--json` result of `sf jwt doctor`. */
export type DoctorResult = {
  /** False when any check failed (the command then exits 1). */
  ok: boolean;
  checks: DoctorCheck[];
  /** The exchange's attempts, when it ran. */
  attempts?: ExchangeAttempt[];
  /** The ranked causes, when Salesforce rejected the grant. */
  diagnosis?: Diagnosis;
};
