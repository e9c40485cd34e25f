/**
 * What the admin may do, read before `app create` changes anything: Salesforce's UserPermissionAccess answers with the
 * running user's own permissions (profile and permission sets together), one boolean field per user permission.
 *
 * The rules are Salesforce's documented ones, and only those:
 * - the Metadata API needs "Modify Metadata Through Metadata API Functions" or "Modify All Data" (Metadata API
 *   Developer Guide, "Metadata API Edit Access"; the same two fields public tools such as Jetstream check);
 * - a PermissionSetAssignment needs "Assign Permission Sets" ("Manage Users" and "Modify All Data" include it);
 * - an External Client App needs "Customize Application" AND either "Modify All Data" OR "Create, edit, and delete
 *   External Client Apps" (`PermissionsExternalClientAppDeveloper`); its permitted users (the OAuth policies) need
 *   "View all External Client Apps, view their settings, and edit their policies" (`PermissionsExternalClientAppAdmin`).
 *   Sources: the push implementation guide's "Creating an External Client App" permissions table
 *   (developer.salesforce.com/docs/atlas.en-us.260.0.pushImplGuide.meta/pushImplGuide/pns_create_external_client_app_overview.htm),
 *   Salesforce Help "Preauthorize User App Access Through External Client App Policies"
 *   (help.salesforce.com/s/articleView?id=xcloud.preauth_user_app_access_through_eca.htm), the Metadata API reference
 *   of ExtlClntAppConfigurablePolicies ("Special Access Rules"), and the field names in @salesforce/types' PermissionSet
 *   (`PermissionsExternalClientAppDeveloper`, `…Admin`, `…Viewer`, `PermissionsViewClientSecret`). Modify All Data is
 *   taken to cover the policies too (our choice: the admin profile has it; the live suite's permissions step confirms).
 *
 * The External Client App fields are read by a query of their own: an org (or API version) without them refuses that
 * query alone (INVALID_FIELD), and the others still count. Unknown is not "no": a field the org does not report leaves
 * its check to the deploy, as before. A field that is there but not a boolean is a lie, and ends the run (nothing
 * changed yet).
 */
import { unlessRefused, type AdminOrg } from '../io/admin-org.js';
import { checkedRows, shape, type RecordShape } from '../io/admin-org-shape.js';

/** The admin's rights that decide whether `app create` can finish; a field is `undefined` when the org did not say. */
export interface AdminPermissions {
  /** Metadata API deploys. */
  readonly canDeploy: boolean;
  /** PermissionSetAssignment inserts. */
  readonly canAssignPermissionSets: boolean;
  /** Creating and editing the External Client App itself. */
  readonly canManageApps?: boolean;
  /** Setting its permitted users (the OAuth policies). */
  readonly canEditAppPolicies?: boolean;
}

const FIELDS = [
  'PermissionsModifyAllData',
  'PermissionsModifyMetadata',
  'PermissionsAssignPermissionSets',
  'PermissionsManageUsers',
  'PermissionsCustomizeApplication',
] as const;

const ECA_FIELDS = ['PermissionsExternalClientAppDeveloper', 'PermissionsExternalClientAppAdmin'] as const;

type Field = (typeof FIELDS)[number] | (typeof ECA_FIELDS)[number];
type Row = Partial<Record<Field, boolean>>;

const shapeOf = (fields: readonly Field[]): RecordShape =>
  Object.fromEntries(fields.map((f) => [f, shape.optional(shape.boolean())]));

/** The one row of UserPermissionAccess with `fields`, checked; undefined when the org refused the query. */
async function readRow(org: AdminOrg, fields: readonly Field[]): Promise<Row | undefined> {
  const rows = await unlessRefused(org.query<unknown>(`SELECT ${fields.join(', ')} FROM UserPermissionAccess`));
  if (rows === undefined) return undefined;
  return checkedRows<Row>(rows, 'the admin permissions query', shapeOf(fields))[0];
}

/** Reads the admin's permissions; `undefined` when the org refused the query or answered without these fields. */
export async function readAdminPermissions(org: AdminOrg): Promise<AdminPermissions | undefined> {
  const [row, ecaRow] = await Promise.all([readRow(org, FIELDS), readRow(org, ECA_FIELDS)]);
  if (row === undefined || FIELDS.slice(0, 4).some((field) => row[field] === undefined)) return undefined;
  const has = (field: Field): boolean => row[field] === true || ecaRow?.[field] === true;
  const known = (field: Field): boolean => (field in row ? row : (ecaRow ?? {}))[field] !== undefined;
  const modifyAll = has('PermissionsModifyAllData');
  return {
    canDeploy: has('PermissionsModifyMetadata') || modifyAll,
    canAssignPermissionSets: has('PermissionsAssignPermissionSets') || has('PermissionsManageUsers') || modifyAll,
    ...(known('PermissionsCustomizeApplication') && known('PermissionsExternalClientAppDeveloper')
      ? {
          canManageApps:
            has('PermissionsCustomizeApplication') && (modifyAll || has('PermissionsExternalClientAppDeveloper')),
        }
      : {}),
    ...(known('PermissionsExternalClientAppAdmin')
      ? { canEditAppPolicies: modifyAll || has('PermissionsExternalClientAppAdmin') }
      : {}),
  };
}
