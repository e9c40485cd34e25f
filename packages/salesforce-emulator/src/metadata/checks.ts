// Field checks shared by the ECA and Connected App components, each returning Salesforce-style problem text or
// undefined. Texts Salesforce is known to use are reproduced; the others are the emulator's own (README lists them).
import { certificatePublicKey } from '../config/certificate.js';
import { findPermissionSet, profileNames } from '../setup/org-directory.js';
import type { Draft } from './draft.js';

export const INSUFFICIENT_ACCESS =
  'You do not have the level of access necessary to perform the operation you requested. Please contact the owner of the record or your administrator if access is necessary.';
export const NOT_AVAILABLE = 'Not available for deploy for this organization';
export const SECRETS_VIA_METADATA_OFF =
  'Allow access to External Client App consumer secrets via Metadata API (Allow Access to OAuth Consumer Secrets via Metadata API) is disabled in this org. Enable it in Setup (External Client App Settings) to deploy OAuth settings.';
/**
 * Spring '26 and later, a new Connected App without Support's switch: the UI's text, which public reports quote, and
 * Salesforce's knowledge article says the Metadata API is blocked the same way (Salesforce Help, "Create Connected
 * App": "Starting with the Spring '26 release, the creation of connected apps is disabled … you must contact Customer
 * Support", help.salesforce.com/apex/HTViewHelpDoc?id=service.voice_create_connected_app.htm).
 */
export const CONNECTED_APP_CREATION_BLOCKED =
  "You can't create a connected app. To enable connected app creation, contact Salesforce Customer Support.";

export function managedProblem(entity: string, name: string, namespace: string): string {
  return `Cannot modify managed object: entity=${entity}, component=${name}, field=, state=installed (the app belongs to the package with namespace "${namespace}")`;
}

export function enumProblem(
  value: string | undefined,
  enumName: string,
  allowed: readonly string[],
): string | undefined {
  if (value === undefined || allowed.includes(value)) return undefined;
  // The XML parser's prefix, as for an unknown element (public deploy outputs).
  return `Error parsing file: '${value}' is not a valid value for the enum '${enumName}'`;
}

export function booleanProblem(field: string, value: string | undefined): string | undefined {
  if (value === undefined || value === 'true' || value === 'false') return undefined;
  return `In field: ${field} - '${value}' is not a valid value for the type boolean`;
}

export function certificateProblem(pem: string | undefined): string | undefined {
  if (pem === undefined) return undefined;
  const result = certificatePublicKey(pem);
  return result.ok ? undefined : `In field: certificate - The certificate is not valid: it ${result.reason}`;
}

/**
 * What a deployed consumer key may hold: letters, digits, `.` and `_`, and base64's `+`, `/` and `=`, because
 * sfdx-hardis has deployed keys made of `crypto.randomBytes(256).toString('base64').substr(0, 119)` for years
 * (hardisgroupcom/sfdx-hardis, src/common/utils/index.ts, its Connected App and External Client App setup). The
 * length bounds are the emulator's (Salesforce documents none).
 */
const CONSUMER_KEY = /^[A-Za-z0-9._+/=]{8,256}$/;

/**
 * Format and uniqueness across every app of every org. A different key for an existing app is no problem: Salesforce
 * answers Succeeded and keeps the old key (a public report of live deploys; the key is immutable once created), so
 * the new one is neither checked for uniqueness nor claimed.
 */
export function consumerKeyProblem(draft: Draft, name: string, consumerKey: string | undefined): string | undefined {
  if (consumerKey === undefined) return undefined;
  if (!CONSUMER_KEY.test(consumerKey))
    return 'In field: consumerKey - The consumer key must be 8 to 256 characters: letters, digits and . _ + / =.';
  if (draft.currentApp(name) !== undefined) return undefined;
  if (draft.keyOwner(consumerKey, name) !== undefined)
    return 'In field: consumerKey - This consumer key is already in use by another app. Enter a unique consumer key.';
  return undefined;
}

export function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Profiles named that the org lacks, as "In field" problems. */
export function profilesProblem(draft: Draft, field: string, names: string[]): string | undefined {
  const known = profileNames(draft.model, draft.org);
  const missing = names.find((n) => !known.includes(n));
  return missing === undefined ? undefined : `In field: ${field} - no Profile named ${missing} found`;
}

/** Permission sets by name or id: their names, or the problem for the first unknown one. */
export function permissionSetNames(
  draft: Draft,
  field: string,
  namesOrIds: string[],
): { names: string[] } | { problem: string } {
  const names: string[] = [];
  for (const value of namesOrIds) {
    const found =
      draft.permissionSets.find((p) => p.name === value) ??
      findPermissionSet({ ...draft.org, permissionSets: draft.permissionSets }, value);
    if (found === undefined) return { problem: `In field: ${field} - no PermissionSet named ${value} found` };
    names.push(found.name);
  }
  return { names };
}
