/** The `--json` result of `sf jwt validate`: jwt-core's validation as it is (plain data: no key, no assertion). */
import type { AssertionValidation, Finding } from '@sfjwt/jwt-core';

/** One finding: a stable code, its severity, what was noticed and the fix. */
export type JwtValidateFinding = Finding;

/** `--json` result of `sf jwt validate`. `ok` is false when there is an error finding (the exit code is then 1). */
export type JwtValidateResult = AssertionValidation;
