// Admin pre-authorization (reference §5.1): the user's profile or one of their permission sets is assigned to the app.
import type { App, User } from './config/model.js';

export function isAdminApproved(app: App, user: User): boolean {
  if (app.policy.type !== 'admin-approved') return false;
  const { profiles = [], permissionSets = [] } = app.policy;
  return profiles.includes(user.profile) || user.permissionSets.some((p) => permissionSets.includes(p));
}
