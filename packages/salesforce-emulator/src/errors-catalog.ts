// Salesforce's OAuth error answers, verbatim (reference salesforce-jwt-bearer.md §4 unless noted).
// Every entry is sent as HTTP `status` with body {"error": error, "error_description": description}.

export interface CatalogEntry {
  status: number;
  error: string;
  description: string;
}

function entry(error: string, description: string, status = 400): CatalogEntry {
  return { status, error, description };
}

export const CATALOG = {
  // §3.1, §4: grant_type missing/misspelt or the body is not form-encoded.
  unsupportedGrantType: entry('unsupported_grant_type', 'grant type not supported'),
  // Assumption: Salesforce's known answer to a GET on the token endpoint.
  mustUsePost: entry('invalid_request', 'must use HTTP POST'),
  // §4 [USER qiita]: a `scope` parameter with the JWT bearer grant.
  scopeNotSupported: entry('invalid_request', 'scope parameter not supported'),
  // §4: unknown `iss`.
  invalidClientId: entry('invalid_client_id', 'client identifier invalid'),
  // §2.2, §4: ECA reached via login/test, or an ECA of another org.
  appNotFound: entry('app_not_found', 'External client app is not installed in this org'),
  // §4: signature does not match the certificate, or not a JWS.
  invalidAssertion: entry('invalid_grant', 'invalid assertion'),
  // §1.2: `exp` in the past.
  expiredAssertion: entry('invalid_grant', 'expired authorization code'),
  // §2, §4: `aud` not accepted for this host/app (wording selectable: audiencePolicy.invalidDescription).
  audienceInvalid: entry('invalid_grant', 'audience is invalid'),
  audienceValidationFailed: entry('invalid_grant', 'Audience validation failed'),
  // §4, §5: no approval (self-authorize without refresh token), unknown user, wrong host/aud pair (GovCloud).
  notApproved: entry('invalid_grant', "user hasn't approved this consumer"),
  // §4 [USER cloudingo]: admin-approved app, user's profile/permission sets not assigned.
  notAdminApproved: entry('invalid_app_access', 'user is not admin approved to access this app'),
  // §4 [USER, unconfirmed for JWT]: deactivated user.
  inactiveUser: entry('invalid_grant', 'inactive user'),
  // §4 [USER]: generic failure; the emulator uses it for frozen users.
  authenticationFailure: entry('invalid_grant', 'authentication failure'),
  // §4 [UNCERTAIN]: profile IP ranges / login hours with IP relaxation "enforce".
  ipRestricted: entry('invalid_grant', 'ip restricted or invalid login hours'),
  // [USER n8n#31948, 2026, JWT]: over the per-user login rate (~3,600/hour).
  loginRateExceeded: entry('invalid_grant', 'login rate exceeded'),
  // Authorization-code and refresh-token grants (pre-approval, reference §5.2); texts as commonly reported.
  invalidAuthorizationCode: entry('invalid_grant', 'invalid authorization code'),
  expiredAuthorizationCode: entry('invalid_grant', 'expired authorization code'),
  invalidClientCredentials: entry('invalid_client', 'invalid client credentials'),
  redirectUriMismatch: entry('redirect_uri_mismatch', 'redirect_uri must match configuration'),
  invalidCodeVerifier: entry('invalid_grant', 'invalid code verifier'),
  expiredRefreshToken: entry('invalid_grant', 'expired access/refresh token'),
  // Revocation endpoint: error codes documented (Mobile SDK guide); descriptions are the documented glosses.
  unsupportedTokenType: entry('unsupported_token_type', 'Token type not supported'),
  invalidToken: entry('invalid_token', 'Token was invalid'),
} as const satisfies Record<string, CatalogEntry>;

export type CatalogKey = keyof typeof CATALOG;

/** REST API error bodies: a JSON array of {message, errorCode}. */
export const REST_ERRORS = {
  invalidSession: { status: 401, body: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }] },
  notFound: { status: 404, body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }] },
  requestLimit: {
    status: 403,
    body: [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }],
  },
} as const;
