import type { CauseId, FixContext } from './causes.js';

/** How strongly the evidence points at a cause. Causes are listed likely → possible → ruled-out. */
export type Likelihood = 'likely' | 'possible' | 'ruled-out';

/** One candidate explanation of a rejected JWT bearer grant, with what was checked and what to do. */
export interface DiagnosedCause {
  /** Stable id (e.g. `not-pre-authorized`, `key-certificate-mismatch`); scripts may switch on it. */
  readonly id: CauseId;
  readonly likelihood: Likelihood;
  /** The cause in one line. */
  readonly title: string;
  /** Facts that rule the cause in or out (local checks, the server's answer). Never secret. */
  readonly evidence: readonly string[];
  /** What to do, in Salesforce Setup words. */
  readonly fix: string;
}

/** A ranked explanation of a token-endpoint failure. */
export interface Diagnosis {
  /** One sentence: what Salesforce said and what most likely caused it. */
  readonly summary: string;
  /** Ranked: every `likely` cause first, then `possible`, then `ruled-out`. */
  readonly causes: readonly DiagnosedCause[];
  /**
   * When built from several attempts (`diagnoseAttempts`): the 1-based position, among the reported
   * attempts, of the answer this diagnosis explains — not always the last one.
   */
  readonly leadingAttempt?: number;
  /**
   * The facts the fixes quote (user, consumer key, token host, aud of the explained answer), for front ends that
   * word fixes in their own terms by cause id.
   */
  readonly quoted?: FixContext;
}
