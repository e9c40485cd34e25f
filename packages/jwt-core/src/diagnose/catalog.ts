import type { CauseId } from './causes.js';
import type { Likelihood } from './diagnosis-types.js';

/**
 * The token endpoint's known answers and their causes, most common first. Base likelihoods before
 * local checks; the checks (see checks.ts) move causes in or out with evidence.
 */
export interface CatalogRow {
  /** Stable id of the row. */
  readonly id: string;
  /** OAuth `error` values this row covers (any, when absent). */
  readonly errors?: readonly string[];
  /** Matches `error_description` (case-insensitive); absent = match on `error` alone. */
  readonly description?: RegExp;
  /** What Salesforce means, for the summary. */
  readonly meaning: string;
  readonly causes: readonly (readonly [CauseId, Likelihood])[];
  /** True when the next (token host, aud) candidate may succeed: the error can be a symptom of a bad pair. */
  readonly pairProblem: 'always' | 'when-aud-is-not-documented' | 'never';
}

/**
 * The catalog rows, most common first: what {@link diagnoseFailure} matches Salesforce's answer against. Public so
 * that tools can list every known answer; the causes' ids are stable.
 */
export const CATALOG: readonly CatalogRow[] = [
  {
    id: 'not-approved',
    description: /user hasn't approved this consumer/i,
    meaning: 'the user has no approval for this app',
    causes: [
      ['not-pre-authorized', 'likely'],
      ['self-authorize-without-approval', 'likely'],
      ['username-unknown', 'possible'],
      ['host-audience-pair', 'possible'],
      ['refresh-token-scope-missing', 'possible'],
      ['integration-license-permission-set', 'possible'],
      ['not-propagated', 'possible'],
    ],
    // GovCloud/My Domain/Trailhead answer this for a wrong pair, so one more candidate with
    // a documented (login/test) aud is justified — but only when the aud just tried was not already documented.
    pairProblem: 'when-aud-is-not-documented',
  },
  {
    id: 'not-admin-approved',
    errors: ['invalid_app_access'],
    description: /not admin approved/i,
    meaning: "the user's profile or permission set is not approved for the app",
    causes: [
      ['profile-not-admin-approved', 'likely'],
      ['integration-license-permission-set', 'possible'],
      ['not-propagated', 'possible'],
    ],
    pairProblem: 'never',
  },
  {
    id: 'invalid-assertion',
    description: /^invalid assertion$/i,
    meaning: "the assertion's signature or format was not accepted",
    causes: [
      ['key-certificate-mismatch', 'likely'],
      ['digital-signatures-off', 'possible'],
      ['malformed-assertion', 'possible'],
      ['not-propagated', 'possible'],
    ],
    pairProblem: 'never',
  },
  {
    id: 'audience-invalid',
    description: /audience is invalid|audience validation failed/i,
    meaning: 'the aud claim is not one this org accepts',
    causes: [
      ['audience-without-scheme', 'possible'],
      ['audience-wrong-environment', 'possible'],
      ['my-domain-audience-rejected', 'possible'],
      ['audience-unrelated-host', 'possible'],
      ['audience-needs-my-domain', 'possible'],
      ['audience-trailing-slash', 'possible'],
    ],
    pairProblem: 'always',
  },
  {
    id: 'expired',
    description: /expired authorization code/i,
    meaning: "exp is in the past by Salesforce's clock",
    causes: [
      ['clock-skew', 'possible'],
      ['exp-not-utc-seconds', 'possible'],
      ['assertion-too-old', 'possible'],
    ],
    pairProblem: 'never',
  },
  {
    id: 'client-id-invalid',
    errors: ['invalid_client_id', 'invalid_client'],
    description: /client identifier invalid|invalid client/i,
    meaning: 'iss (the consumer key) is unknown where the request landed',
    causes: [
      ['client-id-wrong', 'likely'],
      ['app-in-other-org', 'possible'],
      ['not-propagated', 'possible'],
    ],
    pairProblem: 'never',
  },
  {
    id: 'app-not-found',
    errors: ['app_not_found'],
    description: /external client app is not installed/i,
    meaning: 'no External Client App with this consumer key is reachable through this host and aud',
    causes: [
      ['audience-needs-my-domain', 'possible'],
      ['eca-not-installed', 'possible'],
      ['sandbox-refreshed', 'possible'],
    ],
    pairProblem: 'always',
  },
  {
    id: 'scope-not-supported',
    description: /scope parameter not supported/i,
    meaning: 'the request carried a scope parameter',
    causes: [['scope-sent', 'likely']],
    pairProblem: 'never',
  },
  {
    id: 'grant-type-not-supported',
    errors: ['unsupported_grant_type'],
    description: /grant type not supported/i,
    meaning: 'the grant_type parameter did not arrive intact',
    causes: [['grant-not-form-encoded', 'likely']],
    pairProblem: 'never',
  },
  {
    id: 'inactive-user',
    description: /inactive user/i,
    meaning: 'the user (sub) cannot log in',
    causes: [['user-inactive', 'likely']],
    pairProblem: 'never',
  },
  {
    id: 'authentication-failure',
    description: /^authentication failure$/i,
    meaning: 'the login was refused without a specific reason',
    causes: [
      ['user-inactive', 'likely'],
      ['ip-restricted', 'possible'],
      ['not-pre-authorized', 'possible'],
    ],
    pairProblem: 'never',
  },
  {
    id: 'ip-restricted',
    description: /ip restricted|invalid login hours/i,
    meaning: "the login's IP address or time is outside what the profile allows",
    causes: [['ip-restricted', 'likely']],
    pairProblem: 'never',
  },
  {
    id: 'app-blocked',
    errors: ['OAUTH_APP_BLOCKED', 'OAUTH_APPROVAL_ERROR_GENERIC'],
    meaning: 'the org blocks uninstalled or unapproved API clients',
    causes: [['api-access-control', 'likely']],
    pairProblem: 'never',
  },
  {
    id: 'rate-limited',
    errors: ['LOGIN_RATE_EXCEEDED'],
    description: /rate exceeded|too many/i,
    meaning: 'the per-user login rate limit was hit',
    causes: [['login-rate-exceeded', 'likely']],
    pairProblem: 'never',
  },
];

/** The catalog row for an OAuth answer: a description match wins, then an `error` match alone. */
export function findCatalogRow(error: string, errorDescription: string | undefined): CatalogRow | undefined {
  const text = errorDescription ?? '';
  return (
    CATALOG.find((row) => row.description !== undefined && row.description.test(text)) ??
    CATALOG.find((row) => row.errors?.includes(error) === true)
  );
}
