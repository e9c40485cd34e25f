/** `sf jwt validate`: check an assertion offline, against certificates when given, the way Salesforce would. */
import { validateAssertion } from '@sfjwt/jwt-core';
import { cliFinding } from '../errors/cli-advice.js';
import { readAssertion } from '../io/assertion-input.js';
import { readInputFile } from '../io/bounded-read.js';
import type { JwtValidateResult } from '../results/validate.js';
import type { ServiceContext } from './context.js';

export { assertionInvalid } from '../errors/checklist-failed.js';

/** Flag values. */
export interface ValidateInput {
  /** `--assertion`: the JWS, `-` for stdin, or undefined for SFJWT_ASSERTION. */
  readonly assertion: string | undefined;
  readonly certFiles: readonly string[];
  readonly expected: {
    readonly clientId: string | undefined;
    readonly username: string | undefined;
    readonly instanceUrl: string | undefined;
    readonly audience: string | undefined;
  };
}

/** The findings; a rejected assertion is a result (ok: false), not an exception. */
export async function validateAssertionFor(input: ValidateInput, context: ServiceContext): Promise<JwtValidateResult> {
  const assertion = await readAssertion(input.assertion, context.env);
  const certificates = await Promise.all(
    input.certFiles.map(async (file) => ({ label: file, pem: (await readInputFile(file)).bytes })),
  );
  const validation = validateAssertion(assertion, { now: context.now, certificates, expected: { ...input.expected } });
  return { ...validation, findings: validation.findings.map(cliFinding) };
}
