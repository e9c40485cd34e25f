/**
 * The org's External Client App settings (`ExternalClientAppSettings`, whose one component is named after its file,
 * `ExternalClientApp.settings`), read before `app create` changes anything: with External Client Apps off, every
 * deploy of the app fails, so the run stops before the lookup with the Setup switch to turn on.
 *
 * Only a clear "off" stops the run. The consumer-secrets switch (`enableConsumerSecretApiAccess`) is not judged here:
 * Salesforce marks it deprecated (API 260) and recommends it off, and the deploy says plainly when it matters.
 * An org that does not answer the read (a refusal, a nil record) leaves the deploy to judge, as before.
 */
import { unlessRefused, type AdminOrg } from '../io/admin-org.js';

const SETTINGS_TYPE = 'ExternalClientAppSettings';
const SETTINGS_NAME = 'ExternalClientApp';

/** Whether the org reports External Client Apps off (`true`), on (`false`), or says nothing (`undefined`). */
export async function externalClientAppsOff(org: AdminOrg): Promise<boolean | undefined> {
  const [settings] = (await unlessRefused(org.readMetadata(SETTINGS_TYPE, [SETTINGS_NAME]))) ?? [];
  const enabled = settings?.enableExternalClientApps;
  return enabled === 'false' ? true : enabled === 'true' ? false : undefined;
}
