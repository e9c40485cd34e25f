// Salesforce's checks per component type beyond its WSDL schema (which component.ts applies: elements, value kinds,
// enums, required elements), run against the draft org; a passing component is staged into the draft.
import type { User } from '../config/model.js';
import { permissionSet } from '../config/entities.js';
import { all, type Component } from './component.js';
import {
  certificateProblem,
  CONNECTED_APP_CREATION_BLOCKED,
  consumerKeyProblem,
  enumProblem,
  INSUFFICIENT_ACCESS,
  managedProblem,
  NOT_AVAILABLE,
  permissionSetNames,
  profilesProblem,
  SECRETS_VIA_METADATA_OFF,
  splitList,
} from './checks.js';
import type { Draft } from './draft.js';
import { ECA_TYPES } from './types.js';

export interface Checked {
  problem?: string;
  created?: boolean;
  /** The ECA this component belongs to (its app is rebuilt after the deploy). */
  eca?: string;
}

const IP_RELAXATION = ['Enforce', 'Bypass', 'Bypass_2factor', 'Enforce_RelaxRefresh'];

export function checkComponent(draft: Draft, user: User, component: Component): Checked {
  const type = component.spec.name;
  if (ECA_TYPES.has(type)) {
    if (!draft.org.externalClientApps) return { problem: NOT_AVAILABLE };
    if (!user.canManageExternalClientApps) return { problem: INSUFFICIENT_ACCESS };
  }
  switch (type) {
    case 'PermissionSet':
      return permissionSetComponent(draft, component);
    case 'ExternalClientApplication':
      return ecaHeader(draft, component);
    case 'ConnectedApp':
      return connectedAppComponent(draft, component);
    default:
      return ecaChild(draft, component);
  }
}

function permissionSetComponent(draft: Draft, c: Component): Checked {
  const existing = draft.permissionSets.findIndex((p) => p.name === c.fullName);
  const next = permissionSet(draft.org.id, c.fullName, c.fields.label ?? c.fullName, c.fields.license ?? null);
  if (existing >= 0) draft.permissionSets[existing] = next;
  else draft.permissionSets.push(next);
  return { created: existing < 0 };
}

function ecaHeader(draft: Draft, c: Component): Checked {
  const namespace = draft.managedNamespace(c.fullName);
  if (namespace !== undefined) return { problem: managedProblem('ExternalClientApplication', c.fullName, namespace) };
  const created = !draft.ecaExists(c.fullName);
  draft.eca(c.fullName).header = c.fields;
  return { created, eca: c.fullName };
}

function ecaChild(draft: Draft, c: Component): Checked {
  const parent = c.fields.externalClientApplication ?? '';
  const namespace = draft.managedNamespace(parent);
  if (namespace !== undefined) return { problem: managedProblem(c.spec.name, c.fullName, namespace) };
  if (!draft.ecaExists(parent))
    return { problem: `In field: externalClientApplication - no ExternalClientApplication named ${parent} found` };
  const record = draft.eca(parent);
  switch (c.spec.name) {
    case 'ExtlClntAppOauthSettings': {
      if (secretsBlockDeploy(draft)) return { problem: SECRETS_VIA_METADATA_OFF };
      const created = record.oauthSettings === undefined;
      record.oauthSettings = c.fields;
      return { created, eca: parent };
    }
    case 'ExtlClntAppGlobalOauthSettings': {
      if (secretsBlockDeploy(draft)) return { problem: SECRETS_VIA_METADATA_OFF };
      const problem =
        certificateProblem(c.fields.certificate) ?? consumerKeyProblem(draft, parent, c.fields.consumerKey);
      if (problem !== undefined) return { problem };
      if (c.fields.consumerKey !== undefined && draft.currentApp(parent) === undefined)
        draft.claimedKeys.set(c.fields.consumerKey, `${draft.org.id}/${parent}`);
      const created = record.globalOauthSettings === undefined;
      record.globalOauthSettings = { ...c.fields, fullName: c.fullName };
      return { created, eca: parent };
    }
    case 'ExtlClntAppOauthConfigurablePolicies': {
      const f = c.fields;
      // A string in the WSDL; Setup offers these four.
      const problem =
        enumProblem(f.ipRelaxationPolicyType, 'IpRelaxationPolicyType', IP_RELAXATION) ??
        profilesProblem(draft, 'commaSeparatedProfile', splitList(f.commaSeparatedProfile));
      if (problem !== undefined) return { problem };
      const sets = permissionSetNames(draft, 'commaSeparatedPermissionSet', splitList(f.commaSeparatedPermissionSet));
      if ('problem' in sets) return { problem: sets.problem };
      const created = record.oauthPolicies === undefined;
      // Ids are stored as names: the token endpoint matches users' permission sets by name.
      record.oauthPolicies = {
        ...f,
        fullName: c.fullName,
        ...(f.commaSeparatedPermissionSet === undefined ? {} : { commaSeparatedPermissionSet: sets.names.join(',') }),
      };
      return { created, eca: parent };
    }
    default: {
      const created = record.policies === undefined;
      record.policies = c.fields;
      return { created, eca: parent };
    }
  }
}

/**
 * The deprecated consumer-secrets setting gates reading secrets back, not deploying (issue 24 item 5: a public report
 * of live deploys; the API 66.0 reference marks `enableConsumerSecretApiAccess` DEPRECATED); failing the deploy on it
 * is an opt-in fault (`secretsSettingBlocksDeploy`).
 */
function secretsBlockDeploy(draft: Draft): boolean {
  return !draft.org.oauthSecretsViaMetadataApi && draft.org.secretsSettingBlocksDeploy;
}

function connectedAppComponent(draft: Draft, c: Component): Checked {
  const namespace = draft.managedNamespace(c.fullName);
  if (namespace !== undefined) return { problem: managedProblem('ConnectedApp', c.fullName, namespace) };
  const existing = draft.currentApp(c.fullName);
  const created = existing === undefined && !draft.connectedApps.has(c.fullName);
  if (created && !draft.org.connectedAppCreation) return { problem: CONNECTED_APP_CREATION_BLOCKED };
  const oauthElement = all(c, 'oauthConfig')[0];
  let oauth: Record<string, string> | undefined;
  let scopes: string[] = [];
  if (oauthElement !== undefined) {
    oauth = {};
    for (const el of oauthElement.children) if (el.local !== 'scopes') oauth[el.local] = el.text.trim();
    scopes = oauthElement.children.filter((el) => el.local === 'scopes').map((el) => el.text.trim());
    const problem = certificateProblem(oauth.certificate) ?? consumerKeyProblem(draft, c.fullName, oauth.consumerKey);
    if (problem !== undefined) return { problem };
  }
  const profiles = all(c, 'profileName').map((el) => el.text.trim());
  const profileProblem = profilesProblem(draft, 'profileName', profiles);
  if (profileProblem !== undefined) return { problem: profileProblem };
  const sets = permissionSetNames(
    draft,
    'permissionSetName',
    all(c, 'permissionSetName').map((el) => el.text.trim()),
  );
  if ('problem' in sets) return { problem: sets.problem };
  const ipElement = all(c, 'oauthPolicy')[0]?.children.find((el) => el.local === 'ipRelaxation');
  const ipProblem = enumProblem(ipElement?.text.trim(), 'ConnectedAppOauthPolicyIpRelaxation', [
    'ENFORCE',
    'BYPASS_2FACTOR',
    'BYPASS',
    'ENFORCE_RELAXREFRESH',
  ]);
  if (ipProblem !== undefined) return { problem: ipProblem };
  if (oauth?.consumerKey !== undefined && existing === undefined)
    draft.claimedKeys.set(oauth.consumerKey, `${draft.org.id}/${c.fullName}`);
  draft.connectedApps.set(c.fullName, {
    fields: c.fields,
    oauth,
    scopes,
    profiles,
    permissionSets: sets.names,
    ipRelaxation: ipElement?.text.trim(),
  });
  return { created };
}
