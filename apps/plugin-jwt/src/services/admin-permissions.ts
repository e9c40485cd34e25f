/**
 * What the admin may do, read before `app create` changes anything: Salesforce's UserPermissionAccess answers with the
 * running user's own permissions (profile and permission sets together), one boolean field per user permission.
 *
 * The rules are Salesforce's documented ones, and only those: the Metadata API needs "Modify Metadata Through Metadata
 * API Functions" or "Modify All Data" (Metadata API Developer Guide, "Metadata API Edit Access"; the same two fields
 * public tools such as Jetstream check); a PermissionSetAssignment needs "Assign Permission Sets" ("Manage Users" and
 * "Modify All Data" include it). The External Client App permissions are not checked: their field names are not
 * confirmed, and a wrong name would fail every run (see the emulator README's unconfirmed answers).
 *
 * Unknown is not "no": when the org does not answer the query (an older API, a field it does not have), the checks are
 * skipped and the deploy is the judge, as before.
 */
import { unlessRefused, type AdminOrg } from '../io/admin-org.js';

/** The admin's rights that decide whether `app create` can finish; `undefined` when the org did not say. */
export interface AdminPermissions {
  /** Metadata API deploys. */
  readonly canDeploy: boolean;
  /** PermissionSetAssignment inserts. */
  readonly canAssignPermissionSets: boolean;
}

const FIELDS = [
  'PermissionsModifyAllData',
  'PermissionsModifyMetadata',
  'PermissionsAssignPermissionSets',
  'PermissionsManageUsers',
] as const;

type Row = Partial<Record<(typeof FIELDS)[number], unknown>>;

/** Reads the admin's permissions; `undefined` when the org refused the query or answered without these fields. */
export async function readAdminPermissions(org: AdminOrg): Promise<AdminPermissions | undefined> {
  const rows = await unlessRefused(org.query<Row>(`SELECT ${FIELDS.join(', ')} FROM UserPermissionAccess`));
  const row = rows?.[0];
  if (row === undefined || FIELDS.some((field) => typeof row[field] !== 'boolean')) return undefined;
  const has = (field: (typeof FIELDS)[number]): boolean => row[field] === true;
  return {
    canDeploy: has('PermissionsModifyMetadata') || has('PermissionsModifyAllData'),
    canAssignPermissionSets:
      has('PermissionsAssignPermissionSets') || has('PermissionsManageUsers') || has('PermissionsModifyAllData'),
  };
}
