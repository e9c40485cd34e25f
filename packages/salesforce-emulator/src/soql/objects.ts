// The sObjects an org answers queries for: Organization and User from the config, UserPermissionAccess for the caller,
// ScratchOrgInfo for Dev Hubs, the org's configured `records`, and empty sets for common standard objects.
import type { Model, Org, User } from '../config/model.js';
import type { SObjectRecord } from '../config/types.js';
import { derivedId } from '../ids.js';
import { assignmentId, profileId, profileNames } from '../setup/org-directory.js';

const STANDARD_OBJECTS = [
  'Account',
  'Contact',
  'Lead',
  'Opportunity',
  'Case',
  'Task',
  'Event',
  'Campaign',
  'Contract',
  'Order',
  'Product2',
  'Pricebook2',
  'Asset',
  'Group',
  'Note',
  'Attachment',
  'ContentDocument',
  'ContentVersion',
  // Every org has it; the emulator records no logins in it: rows come from the config's `records.LoginHistory`.
  'LoginHistory',
];
const TOOLING_OBJECTS = [
  'SandboxProcess',
  'SandboxInfo',
  'ApexClass',
  'ApexTrigger',
  'ApexPage',
  'CustomObject',
  'CustomField',
  'Flow',
  'FlowDefinition',
  'EntityDefinition',
  'FieldDefinition',
  'LightningComponentBundle',
];

export interface ObjectData {
  /** The type's canonical spelling, for `attributes.type`. */
  type: string;
  records: SObjectRecord[];
}

function organizationRecord(org: Org): SObjectRecord {
  return {
    Id: org.id,
    Name: org.name,
    InstanceName: org.instanceName,
    IsSandbox: org.type !== 'production',
    TrialExpirationDate: org.trialExpirationDate,
    NamespacePrefix: org.namespacePrefix,
    OrganizationType: org.edition,
    LanguageLocaleKey: 'en_US',
  };
}

// Relationship fields (`Profile.Name`) are flat keys here; the query route nests them as Salesforce answers them.
function userRecords(model: Model, org: Org): SObjectRecord[] {
  return model.users
    .filter((u) => u.org === org.id)
    .map((u) => ({
      Id: u.userId,
      Username: u.username,
      Name: u.displayName,
      Email: u.email,
      IsActive: u.active,
      ProfileId: profileId(org, u.profile),
      'Profile.Name': u.profile,
    }));
}

function profileRecords(model: Model, org: Org): SObjectRecord[] {
  return profileNames(model, org).map((name) => ({ Id: profileId(org, name), Name: name }));
}

function permissionSetRecords(org: Org): SObjectRecord[] {
  return org.permissionSets.map((p) => ({
    Id: p.id,
    Name: p.name,
    Label: p.label,
    IsOwnedByProfile: false,
    NamespacePrefix: null,
    Type: 'Regular',
    LicenseId: p.license === null ? null : derivedId('100', `${org.id}/License/${p.license}`),
    'License.Name': p.license,
  }));
}

function assignmentRecords(model: Model, org: Org): SObjectRecord[] {
  return model.users
    .filter((u) => u.org === org.id)
    .flatMap((u) =>
      u.permissionSets.flatMap((name) => {
        const set = org.permissionSets.find((p) => p.name === name);
        return set === undefined
          ? []
          : [
              {
                Id: assignmentId(u.userId, set.id),
                AssigneeId: u.userId,
                PermissionSetId: set.id,
                'Assignee.Username': u.username,
                'PermissionSet.Name': set.name,
              },
            ];
      }),
    );
}

/**
 * The running user's own permissions, one row (Salesforce's UserPermissionAccess: the permissions of whoever asks, from
 * profile and permission sets together). Only the fields the emulator models: Metadata API deploys (Modify Metadata
 * Through Metadata API Functions; Modify All Data for a System Administrator who has every right below), assigning
 * permission sets (Assign Permission Sets; Manage Users for a System Administrator), and the External Client App
 * permissions, all from `canManageExternalClientApps`: "Create, edit, and delete External Client Apps"
 * (`PermissionsExternalClientAppDeveloper`), "View all External Client Apps, view their settings, and edit their
 * policies" (`…Admin`), `…Viewer` and "View External Client Apps Consumer Secrets in Metadata"
 * (`PermissionsViewClientSecret`). Field names: @salesforce/types' PermissionSet (tooling.d.ts), as the field
 * reference lists them; an ECA needs Customize Application too (Salesforce's permission table for creating one).
 */
function userPermissionAccessRecords(org: Org, caller: User): SObjectRecord[] {
  const systemAdministrator = caller.profile === 'System Administrator';
  const eca = caller.canManageExternalClientApps;
  return [
    {
      Id: derivedId('0Wu', `${org.id}/UserPermissionAccess/${caller.userId}`),
      PermissionsApiEnabled: true,
      PermissionsModifyAllData:
        systemAdministrator && caller.canDeployMetadata && caller.canAssignPermissionSets && eca,
      PermissionsModifyMetadata: caller.canDeployMetadata,
      PermissionsCustomizeApplication: caller.canDeployMetadata,
      PermissionsAssignPermissionSets: caller.canAssignPermissionSets,
      PermissionsManageUsers: systemAdministrator && caller.canAssignPermissionSets,
      PermissionsExternalClientAppDeveloper: eca,
      PermissionsExternalClientAppAdmin: eca,
      PermissionsExternalClientAppViewer: eca,
      PermissionsViewClientSecret: eca,
    },
  ];
}

function canonical(list: readonly string[], type: string): string | undefined {
  return list.find((t) => t.toLowerCase() === type.toLowerCase());
}

/**
 * Records of `type` in the org as `caller` sees them, or undefined when the type is not supported there (INVALID_TYPE).
 */
export function objectData(
  model: Model,
  org: Org,
  type: string,
  tooling: boolean,
  caller: User | undefined,
): ObjectData | undefined {
  const configured = canonical(Object.keys(org.records), type);
  if (!tooling) {
    const lower = type.toLowerCase();
    if (lower === 'organization') return { type: 'Organization', records: [organizationRecord(org)] };
    if (lower === 'user') return { type: 'User', records: userRecords(model, org) };
    if (lower === 'profile') return { type: 'Profile', records: profileRecords(model, org) };
    if (lower === 'permissionset') return { type: 'PermissionSet', records: permissionSetRecords(org) };
    if (lower === 'userpermissionaccess' && caller !== undefined)
      return { type: 'UserPermissionAccess', records: userPermissionAccessRecords(org, caller) };
    if (lower === 'permissionsetassignment')
      return { type: 'PermissionSetAssignment', records: assignmentRecords(model, org) };
    // The sf CLI's Dev Hub probe: ScratchOrgInfo exists only in Dev Hub orgs (sf-cli-behaviour.md §5).
    if (lower === 'scratchorginfo') {
      return org.isDevHub
        ? { type: 'ScratchOrgInfo', records: configured === undefined ? [] : (org.records[configured] ?? []) }
        : undefined;
    }
  }
  if (configured !== undefined) return { type: configured, records: org.records[configured] ?? [] };
  const standard = canonical(tooling ? TOOLING_OBJECTS : STANDARD_OBJECTS, type);
  return standard === undefined ? undefined : { type: standard, records: [] };
}
