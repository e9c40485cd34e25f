/**
 * OAuth scopes as app metadata names them (`Api`, `RefreshToken`), not as OAuth requests spell them (`api`,
 * `refresh_token`). The list is the one Salesforce's Metadata API gives in its own error for an unknown value.
 */
import { AppMetadataError } from './app-metadata-error.js';
import { printable } from './names.js';

/**
 * Every scope name the Metadata API accepts for an app.
 *
 * @example
 * ```ts
 * const known = (scope: string) => (OAUTH_SCOPE_NAMES as readonly string[]).includes(scope)
 * ```
 */
export const OAUTH_SCOPE_NAMES = [
  'Address',
  'Api',
  'Basic',
  'CDP',
  'CDPCalculatedInsight',
  'CDPIdentityResolution',
  'CDPIngest',
  'CDPProfile',
  'CDPQuery',
  'CDPSegment',
  'Chatbot',
  'Chatter',
  'Content',
  'CustomApplications',
  'CustomPermissions',
  'DataCloudUserClaims',
  'Eclair',
  'EinsteinGPT',
  'Email',
  'ForgotPassword',
  'Full',
  'Interaction',
  'Lightning',
  'MCP',
  'OfflineAccess',
  'OpenID',
  'Pardot',
  'Phone',
  'Profile',
  'PwdlessLogin',
  'RefreshToken',
  'SCRT',
  'SFApiPlatform',
  'UserRegistration',
  'Wave',
  'Web',
] as const;

/**
 * A scope name app metadata accepts.
 *
 * @example
 * ```ts
 * const scopes: OAuthScopeName[] = ['Api', 'RefreshToken']
 * ```
 */
export type OAuthScopeName = (typeof OAUTH_SCOPE_NAMES)[number];

/**
 * Scopes of a new app when none are given: API access, plus refresh tokens (some orgs refuse a JWT grant for an app
 * without the refresh-token scope with "user hasn't approved this consumer").
 *
 * @example
 * ```ts
 * console.log(DEFAULT_APP_SCOPES.join(', ')) // 'Api, RefreshToken'
 * ```
 */
export const DEFAULT_APP_SCOPES: readonly OAuthScopeName[] = ['Api', 'RefreshToken'];

// OAuth request spellings people copy from Setup or docs, mapped to the metadata name.
const OAUTH_SPELLINGS: Readonly<Record<string, OAuthScopeName>> = {
  api: 'Api',
  refresh_token: 'RefreshToken',
  offline_access: 'OfflineAccess',
  web: 'Web',
  full: 'Full',
  openid: 'OpenID',
  profile: 'Profile',
  email: 'Email',
  address: 'Address',
  phone: 'Phone',
  chatter_api: 'Chatter',
  custom_permissions: 'CustomPermissions',
  wave_api: 'Wave',
  pardot_api: 'Pardot',
  lightning: 'Lightning',
  content: 'Content',
  mcp_api: 'MCP',
};

const BY_LOWER_CASE = new Map<string, OAuthScopeName>(OAUTH_SCOPE_NAMES.map((s) => [s.toLowerCase(), s]));

/**
 * Turns scope names into metadata names: case-insensitive (`api` → `Api`), OAuth spellings accepted
 * (`refresh_token` → `RefreshToken`), duplicates dropped, order kept.
 *
 * @param scopes - Scope names; an empty list is refused (an app without scopes cannot be used).
 * @returns The metadata names.
 * @throws {@link AppMetadataError} `ERR_APP_SCOPE_INVALID`
 *
 * @example
 * ```ts
 * normalizeScopes(['api', 'refresh_token']) // ['Api', 'RefreshToken']
 * ```
 */
export function normalizeScopes(scopes: readonly string[]): OAuthScopeName[] {
  if (scopes.length === 0) {
    throw new AppMetadataError('ERR_APP_SCOPE_INVALID', 'The scope list (`scopes`) is empty.', {
      fix: `Leave \`scopes\` out for the default (${DEFAULT_APP_SCOPES.join(', ')}), or name at least one scope.`,
    });
  }
  const result: OAuthScopeName[] = [];
  for (const scope of scopes) {
    const key = scope.trim().toLowerCase();
    const name = BY_LOWER_CASE.get(key) ?? OAUTH_SPELLINGS[key];
    if (name === undefined) {
      throw new AppMetadataError(
        'ERR_APP_SCOPE_INVALID',
        `"${printable(scope)}" (in \`scopes\`) is not an OAuth scope Salesforce knows.`,
        {
          fix: `Use the metadata scope names: ${OAUTH_SCOPE_NAMES.join(', ')}. The JWT bearer flow needs Api (and usually RefreshToken).`,
          details: { scope: printable(scope) },
        },
      );
    }
    if (!result.includes(name)) result.push(name);
  }
  return result;
}
