// Admin pre-authorization (reference §5.1): the user's profile or one of their permission sets is assigned to the app.
// Permission sets with the Salesforce API Integration license cannot carry apps: listing one on an app approves nobody.
import type { App, Org, User } from './config/model.js';

/** The license whose permission sets cannot hold "Assigned Connected Apps": JWT logins then read "not approved". */
export const API_INTEGRATION_LICENSE = 'Salesforce API Integration';

export type AdminApproval = 'approved' | 'not-assigned' | 'only-via-api-integration-set';

export function adminApproval(app: App, user: User, org?: Org): AdminApproval {
  if (app.policy.type !== 'admin-approved') return 'not-assigned';
  const { profiles = [], permissionSets = [] } = app.policy;
  if (profiles.includes(user.profile)) return 'approved';
  const held = user.permissionSets.filter((p) => permissionSets.includes(p));
  const cannotCarry = (name: string) =>
    org?.permissionSets.find((p) => p.name === name)?.license === API_INTEGRATION_LICENSE;
  if (held.some((p) => !cannotCarry(p))) return 'approved';
  return held.length > 0 ? 'only-via-api-integration-set' : 'not-assigned';
}

export function isAdminApproved(app: App, user: User, org?: Org): boolean {
  return adminApproval(app, user, org) === 'approved';
}
