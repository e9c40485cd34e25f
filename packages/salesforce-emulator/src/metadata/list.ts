// listMetadata for the app types a client inventories: ExternalClientApplication, ExtlClntAppGlobalOauthSettings,
// ExtlClntAppOauthConfigurablePolicies and ConnectedApp. Each result is a FileProperties (fullName, type, fileName,
// id, created/modified by and date, manageableState), as Salesforce's Metadata API WSDL defines it. Listing the ECA
// components needs what reading them needs (ECAs on, a user who may manage them), less the consumer-secret switch: a
// list holds no secret. Connected Apps are listed for any user of the Metadata API.
import type { Org, User } from '../config/model.js';
import type { Ctx } from '../context.js';
import { derivedId } from '../ids.js';
import { escapeXml } from '../xml/parse.js';
import { appNames } from './app-inventory.js';
import { typeByName } from './types.js';

export const LISTABLE_TYPES = [
  'ExternalClientApplication',
  'ExtlClntAppGlobalOauthSettings',
  'ExtlClntAppOauthConfigurablePolicies',
  'ConnectedApp',
] as const;

export type ListableType = (typeof LISTABLE_TYPES)[number];

export function isListableType(type: string): type is ListableType {
  return (LISTABLE_TYPES as readonly string[]).includes(type);
}

// Key prefixes of the types' ids (ConnectedApplication 0H4; ECA types: the emulator's own, unconfirmed).
const ID_PREFIX: Record<ListableType, string> = {
  ExternalClientApplication: '0xI',
  ExtlClntAppGlobalOauthSettings: '0xG',
  ExtlClntAppOauthConfigurablePolicies: '0xP',
  ConnectedApp: '0H4',
};

/** The component names of a type in the org. */
function componentNames(ctx: Ctx, org: Org, type: ListableType): string[] {
  if (type === 'ConnectedApp') return appNames(ctx, org, 'connected-app');
  const deployed = ctx.setup.ecaRecords(org.id);
  const configured = appNames(ctx, org, 'external-client-app').filter(
    (name) => ctx.setup.eca(org.id, name) === undefined,
  );
  if (type === 'ExternalClientApplication')
    return [...new Set([...deployed.map(([name]) => name), ...configured])].sort();
  const part = type === 'ExtlClntAppGlobalOauthSettings' ? 'globalOauthSettings' : 'oauthPolicies';
  const fromRecords = deployed.flatMap(([, record]) => {
    const fullName = record[part]?.fullName;
    return fullName === undefined ? [] : [fullName];
  });
  // A configured ECA answers readMetadata under its own name (see read.ts).
  return [...new Set([...fromRecords, ...configured])].sort();
}

function visible(org: Org, user: User, type: ListableType): boolean {
  return type === 'ConnectedApp' || (org.externalClientApps && user.canManageExternalClientApps);
}

/** The `<result>` elements of a listMetadata answer for the queried types. */
export function listResults(ctx: Ctx, org: Org, user: User, types: readonly ListableType[]): string {
  const date = new Date(ctx.now()).toISOString();
  return types
    .filter((type) => visible(org, user, type))
    .flatMap((type) => {
      const spec = typeByName(type);
      return componentNames(ctx, org, type).map((fullName) => {
        const fields: Array<[string, string]> = [
          ['createdById', user.userId],
          ['createdByName', user.displayName],
          ['createdDate', date],
          ['fileName', `${spec?.directory ?? type}/${fullName}.${spec?.suffix ?? type}`],
          ['fullName', fullName],
          ['id', derivedId(ID_PREFIX[type], `${org.id}/${type}/${fullName}`)],
          ['lastModifiedById', user.userId],
          ['lastModifiedByName', user.displayName],
          ['lastModifiedDate', date],
          ['manageableState', 'unmanaged'],
          ['type', type],
        ];
        return `<result>${fields.map(([k, v]) => `<${k}>${escapeXml(v)}</${k}>`).join('')}</result>`;
      });
    })
    .join('');
}
