import { buildAuthorizeUrl, type AuthorizeUrl, type AuthorizeUrlOptions } from './authorize-url.js';

/** One kind of approval, and whether it lets the JWT flow issue tokens. */
export interface ApprovalRule {
  readonly approval: string;
  readonly countsForJwt: boolean;
  readonly why: string;
}

/** Everything a user needs to pre-approve an app: the admin path (recommended) and the one-time URL. */
export interface PreapprovalGuide {
  readonly recommended: 'admin';
  readonly admin: {
    readonly policy: 'Admin approved users are pre-authorized';
    readonly connectedAppSteps: readonly string[];
    readonly externalClientAppSteps: readonly string[];
    /** Metadata fields that set the same policy, for deployments. */
    readonly metadata: {
      readonly connectedApp: string;
      readonly externalClientApp: string;
    };
    readonly gotchas: readonly string[];
  };
  readonly selfApproval: AuthorizeUrl & { readonly steps: readonly string[] };
  readonly rules: readonly ApprovalRule[];
  readonly limits: readonly string[];
}

/** Which approvals the JWT bearer flow looks at: only those that issued a refresh token, or admin pre-authorization. */
export const APPROVAL_RULES: readonly ApprovalRule[] = [
  {
    approval: 'Admin pre-authorization (profile or permission set assigned to the app)',
    countsForJwt: true,
    why: 'With "Admin approved users are pre-authorized", the assignment itself is the approval; nothing to open.',
  },
  {
    approval: 'Self-approval with response_type=token and the refresh_token scope',
    countsForJwt: true,
    why: 'The JWT flow looks at earlier approvals that issued a refresh token; this one does, without any exchange.',
  },
  {
    approval: 'Self-approval with response_type=code, code exchanged at the token endpoint',
    countsForJwt: true,
    why: 'The exchange issues the refresh token (needs the consumer secret unless the app waives it, and PKCE if required).',
  },
  {
    approval: 'Self-approval with response_type=code, code never exchanged',
    countsForJwt: false,
    why: 'No refresh token was issued, so Salesforce still answers "user hasn\'t approved this consumer".',
  },
  {
    approval: 'Any approval without the refresh_token (offline_access) scope',
    countsForJwt: false,
    why: 'No refresh token, no approval for the JWT flow.',
  },
  {
    approval: 'Username-password flow',
    countsForJwt: false,
    why: "Blocked by default since Summer '23; it offers no route to an approval.",
  },
];

/**
 * The pre-approval guide: the admin path (recommended for integrations), the one-time approval URL with its steps,
 * which approvals count for the JWT flow, and the limits.
 *
 * @example
 * ```ts
 * const g = preapprovalGuide({ clientId: '3MVG9…', loginUrl: 'https://acme.my.salesforce.com', username: 'ci@acme.com' })
 * g.selfApproval.url // open once, logged in as ci@acme.com
 * ```
 */
export function preapprovalGuide(options: AuthorizeUrlOptions): PreapprovalGuide {
  const authorize = buildAuthorizeUrl(options);
  const who = options.username?.trim() || 'the integration user';
  return {
    recommended: 'admin',
    admin: {
      policy: 'Admin approved users are pre-authorized',
      connectedAppSteps: [
        'Setup → App Manager → the app → ▼ → Manage → Edit Policies.',
        'OAuth Policies → Permitted Users = "Admin approved users are pre-authorized" → Save.',
        `Back on the app's Manage page: Manage Profiles (or Manage Permission Sets) → add the profile or a permission set of ${who}.`,
      ],
      externalClientAppSteps: [
        'Setup → External Client App Manager → the app → Policies → Edit.',
        'OAuth Policies → Plugin Policies → Permitted Users = "Admin approved users are pre-authorized".',
        `Select the profile or a permission set of ${who} → Save.`,
      ],
      metadata: {
        connectedApp:
          'ConnectedApp: oauthConfig.isAdminApproved = true, with profileName (repeatable) or permissionSetName.',
        externalClientApp:
          'ExtlClntAppOauthConfigurablePolicies: permittedUsersPolicyType = AdminApprovedPreAuthorized, with commaSeparatedProfile or commaSeparatedPermissionSet.',
      },
      gotchas: [
        'Permission sets with the Salesforce API Integration license cannot carry connected apps: use the profile or a second permission set (KB 001453686).',
        'Users created later need the same profile or permission set.',
        'Changes take up to ~10 minutes to apply.',
      ],
    },
    selfApproval: {
      ...authorize,
      steps: [
        'Open the URL in a private browser window (so no other Salesforce session approves it).',
        `Log in as ${who} and click Allow.`,
        authorize.responseType === 'token'
          ? `The browser then goes to ${authorize.redirectUri}; the page may fail to load. That is fine: the approval is already recorded.`
          : 'Exchange the code from the redirect at /services/oauth2/token (grant_type=authorization_code) right away — codes expire within minutes — or the approval does not count.',
        'Retry the JWT bearer token request.',
      ],
    },
    rules: APPROVAL_RULES,
    limits: [
      'Salesforce keeps at most 5 approvals per user per app; a sixth revokes the oldest.',
      'Admins can block the user-agent (token) flow org-wide; then use the admin path.',
      'App changes take up to ~10 minutes to apply.',
    ],
  };
}
