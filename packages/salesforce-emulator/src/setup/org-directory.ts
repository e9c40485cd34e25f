// Who and what an org holds for setup purposes: profiles (with stable ids) and permission sets.
import type { Model, Org, PermissionSet } from '../config/model.js';
import { derivedId } from '../ids.js';

/** Profiles every org has, besides those its users use. */
const STANDARD_PROFILES = [
  'System Administrator',
  'Standard User',
  'Minimum Access - Salesforce',
  'Minimum Access - API Only Integrations',
  'Read Only',
  'Contract Manager',
  'Marketing User',
  'Solution Manager',
];

export function profileId(org: Org, name: string): string {
  return derivedId('00e', `${org.id}/Profile/${name}`);
}

export function profileNames(model: Model, org: Org): string[] {
  const names = new Set(STANDARD_PROFILES);
  for (const u of model.users) if (u.org === org.id) names.add(u.profile);
  return [...names];
}

/** A permission set of the org by API name or by 15/18-character id. */
export function findPermissionSet(org: Org, nameOrId: string): PermissionSet | undefined {
  return org.permissionSets.find((p) => p.name === nameOrId || p.id === nameOrId || p.id.slice(0, 15) === nameOrId);
}

/** The id of a user's assignment of a permission set (stable, so a repeated query answers the same id). */
export function assignmentId(userId: string, permissionSetId: string): string {
  return derivedId('0Pa', `${userId}/${permissionSetId}`);
}
