/**
 * jwt-core words its fixes for library users (options, functions); the CLI words the same advice in flags, env vars
 * and commands. The CLI's wording lives in messages/core-advice.md, keyed by jwt-core's structured hints
 * (`err.hint.kind`, `finding.hint.kind`) and cause ids; anything without a CLI wording keeps jwt-core's text.
 */
import { Messages } from '@salesforce/core/messages';
import type { DiagnosedCause, Diagnosis, ErrorHint, Finding, JwtCoreError, PreapprovalGuide } from '@sfjwt/jwt-core';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);

let bundle: Messages<string> | undefined;
const messages = (): Messages<string> => (bundle ??= Messages.loadMessages('@sfjwt/plugin-jwt', 'core-advice'));
const text = (key: string, tokens: readonly (string | number)[] = []): string =>
  messages().getMessage(key, tokens.map(String));

/** The env var the CLI reads for each of jwt-core's proxy settings. */
const PROXY_ENV = { httpsProxy: 'HTTPS_PROXY', httpProxy: 'HTTP_PROXY' } as const;

/** The CLI's wording of a hint's fix. */
function hintFix(hint: ErrorHint): string {
  switch (hint.kind) {
    case 'jti-with-long-lived':
      return text('hint.jti-with-long-lived', [hint.maxSeconds]);
    case 'proxy-url-invalid':
      return hint.protocol === undefined
        ? text('hint.proxy-url-invalid', [PROXY_ENV[hint.setting]])
        : text('hint.proxy-url-unsupported', [PROXY_ENV[hint.setting]]);
    case 'network-unreachable':
      return text(hint.tls ? 'hint.network-untrusted' : 'hint.network-unreachable');
    case 'network-timeout':
      return text(hint.limit === 'deadline' ? 'hint.network-deadline' : 'hint.network-timeout');
    case 'sign-fresh': {
      const parts = [text('hint.sign-fresh')];
      if (hint.hoursBehind !== undefined) {
        parts.unshift(
          text('hint.sign-fresh.hours-behind', [hint.hoursBehind, hint.hoursBehind === 1 ? 'hour' : 'hours']),
        );
      }
      if (hint.checkClock === true) parts.push(text('hint.sign-fresh.check-clock'));
      return parts.join(' ');
    }
    case 'audience-for-instance':
      return text('hint.audience-for-instance', [hint.audience, hint.instanceUrl]);
    default:
      return text(`hint.${hint.kind}`);
  }
}

/** The fix the CLI prints for a jwt-core error: the CLI wording of its hint, else jwt-core's own fix. */
export function cliFix(err: JwtCoreError): string {
  return err.hint === undefined ? err.fix : hintFix(err.hint);
}

/** The message the CLI prints for a jwt-core error: jwt-core's, except where it names a library option. */
export function cliMessage(err: JwtCoreError): string {
  const hint = err.hint;
  if (hint?.kind !== 'proxy-url-invalid') return err.message;
  return hint.protocol === undefined
    ? text('hint.proxy-url-invalid.message', [PROXY_ENV[hint.setting]])
    : text('hint.proxy-url-unsupported.message', [PROXY_ENV[hint.setting], hint.protocol]);
}

/** A validation finding as the CLI shows it (and as `--json` has it): its fix in CLI words, no hint. */
export function cliFinding(finding: Finding): Finding {
  const { hint, ...rest } = finding;
  return hint === undefined ? rest : { ...rest, fix: hintFix(hint) };
}

/** Causes whose fix the CLI words differently; the values each wording quotes, in order. */
const CAUSE_TOKENS: Partial<Record<DiagnosedCause['id'], (q: NonNullable<Diagnosis['quoted']>) => readonly string[]>> =
  {
    'self-authorize-without-approval': (q) => [q.username, shortClientId(q.clientId)],
    'host-audience-pair': (q) => [q.audience, q.tokenHost],
    'key-certificate-mismatch': () => [],
    'malformed-assertion': () => [],
    'audience-needs-my-domain': () => [],
    'my-domain-audience-rejected': () => [],
    'exp-not-utc-seconds': () => [],
    'app-in-other-org': (q) => [q.tokenHost],
    'uncatalogued-error': () => [],
  };

/** Consumer keys are not secret, but 85 characters are noise: jwt-core's diagnosis shortens them the same way. */
function shortClientId(clientId: string): string {
  return clientId.length > 16 ? `${clientId.slice(0, 12)}…` : clientId;
}

/**
 * A diagnosis as the CLI shows it (and as `--json` has it): fixes and evidence in CLI words where they differ, and
 * without jwt-core's `quoted` facts (the summary already names them).
 */
export function cliDiagnosis(diagnosis: Diagnosis): Diagnosis {
  const { quoted, ...rest } = diagnosis;
  const noCertificate = text('evidence.no-certificate');
  const causes = diagnosis.causes.map((cause): DiagnosedCause => {
    const tokens = CAUSE_TOKENS[cause.id];
    const evidence = cause.evidence.map((e) =>
      cause.id === 'key-certificate-mismatch' && e.startsWith('No certificate was given') ? noCertificate : e,
    );
    if (tokens === undefined || quoted === undefined) return { ...cause, evidence };
    const ring = cause.id === 'key-certificate-mismatch' ? quoted.keyFingerprints : undefined;
    // Every key of a ring refused: advice for the ring, not for "this key".
    if (ring !== undefined && ring.length > 1)
      return { ...cause, evidence, fix: text('cause.key-certificate-mismatch.ring', [String(ring.length), ring[0]!]) };
    return { ...cause, evidence, fix: text(`cause.${cause.id}`, tokens(quoted)) };
  });
  return { ...rest, causes };
}

/** The pre-approval guide as the CLI shows it: its last step retries the CLI's login. */
export function cliPreapprovalGuide(guide: PreapprovalGuide): PreapprovalGuide {
  const steps = [...guide.selfApproval.steps];
  steps[steps.length - 1] = text('preapprove.retry');
  return { ...guide, selfApproval: { ...guide.selfApproval, steps } };
}
