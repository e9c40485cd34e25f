// The sObjects an org answers queries for: Organization and User from the config, ScratchOrgInfo for Dev Hubs, the
// org's configured `records`, and empty sets for common standard objects.
import type { Model, Org } from '../config/model.js';
import type { SObjectRecord } from '../config/types.js';

const STANDARD_OBJECTS = ['Account', 'Contact', 'Lead', 'Opportunity', 'Case', 'Task', 'Event', 'Campaign', 'Contract',
  'Order', 'Product2', 'Pricebook2', 'Asset', 'Profile', 'PermissionSet', 'Group', 'Note', 'Attachment',
  'ContentDocument', 'ContentVersion'];
const TOOLING_OBJECTS = ['SandboxProcess', 'SandboxInfo', 'ApexClass', 'ApexTrigger', 'ApexPage', 'CustomObject',
  'CustomField', 'Flow', 'FlowDefinition', 'EntityDefinition', 'FieldDefinition', 'LightningComponentBundle'];

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

function userRecords(model: Model, org: Org): SObjectRecord[] {
  return model.users
    .filter((u) => u.org === org.id)
    .map((u) => ({ Id: u.userId, Username: u.username, Name: u.displayName, Email: u.email, IsActive: u.active }));
}

function canonical(list: readonly string[], type: string): string | undefined {
  return list.find((t) => t.toLowerCase() === type.toLowerCase());
}

/** Records of `type` in the org, or undefined when the type is not supported there (INVALID_TYPE). */
export function objectData(model: Model, org: Org, type: string, tooling: boolean): ObjectData | undefined {
  const configured = canonical(Object.keys(org.records), type);
  if (!tooling) {
    const lower = type.toLowerCase();
    if (lower === 'organization') return { type: 'Organization', records: [organizationRecord(org)] };
    if (lower === 'user') return { type: 'User', records: userRecords(model, org) };
    // The sf CLI's Dev Hub probe: ScratchOrgInfo exists only in Dev Hub orgs (sf-cli-behaviour.md §5).
    if (lower === 'scratchorginfo') {
      return org.isDevHub ? { type: 'ScratchOrgInfo', records: configured === undefined ? [] : (org.records[configured] ?? []) } : undefined;
    }
  }
  if (configured !== undefined) return { type: configured, records: org.records[configured] ?? [] };
  const standard = canonical(tooling ? TOOLING_OBJECTS : STANDARD_OBJECTS, type);
  return standard === undefined ? undefined : { type: standard, records: [] };
}
