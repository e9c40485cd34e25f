/** A rejected grant as an SfError whose message explains it (attempts, ranked causes) and whose actions are the fixes. */
import { SfError } from '@salesforce/core/sfError';
import type { TokenExchangeError } from '@sfjwt/jwt-core';
import { attemptLines, diagnosisLines, fixActions } from '../render/exchange.js';
import { cliDiagnosis, cliFix } from './cli-advice.js';
import { exitCodeOf } from './exit-codes.js';
import { displayField } from '../render/sanitize.js';

/**
 * A rejected grant as an SfError: name `ERR_TOKEN_GRANT_REJECTED`, a message with the attempts and the ranked
 * causes, the fixes as actions, and `data` = the same facts for `--json` (never the assertion or a token).
 */
export function grantRejectedError(err: TokenExchangeError): SfError {
  const diagnosis = err.diagnosis === undefined ? undefined : cliDiagnosis(err.diagnosis);
  const actions = fixActions(diagnosis, diagnosis?.causes[0]?.fix ?? cliFix(err));
  // jwt-core's message quotes the server's error and description: here they are one-line fields, capped, like in the
  // attempt lines (a line break in them must not start a line of ours).
  const described =
    err.errorDescription === undefined
      ? err.message
      : err.message.replace(err.errorDescription, () => displayField(err.errorDescription ?? ''));
  const said =
    err.error === undefined || err.error === ''
      ? described
      : described.replace(err.error, () => displayField(err.error ?? ''));
  const lines = [said, '', 'Attempts:', ...attemptLines(err.attempts).map((l) => `  ${l}`)];
  if (diagnosis !== undefined) lines.push('', ...diagnosisLines(diagnosis, new Set(actions)));
  return SfError.create({
    name: err.code,
    message: lines.join('\n'),
    actions,
    exitCode: exitCodeOf(err.code),
    data: JSON.parse(
      JSON.stringify({
        status: err.status,
        error: err.error,
        errorDescription: err.errorDescription,
        tokenHost: err.tokenHost,
        audience: err.audience,
        attempts: err.attempts,
        diagnosis,
      }),
    ) as Record<string, never>,
  });
}
