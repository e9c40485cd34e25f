/** The `--json` result of `sf jwt validate`. */

/** One finding, as in jwt-core. */
export type JwtValidateFinding = { code: string; severity: 'error' | 'warning' | 'info'; message: string; fix: string };

/** `--json` result of `sf jwt validate`. Never contains the assertion itself. */
export type JwtValidateResult = {
  /** True when there is no error finding (the exit code is then 0). */
  ok: boolean;
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  findings: JwtValidateFinding[];
  signature: {
    checked: boolean;
    verified?: boolean;
    matchedCandidate?: { label: string; fingerprint: string };
    candidates: Array<{ label: string; kind: string; fingerprint: string; verified: boolean }>;
  };
};
