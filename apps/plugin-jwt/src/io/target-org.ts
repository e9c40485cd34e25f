/**
 * `--target-org` of app create, list and rotate: the org sf saved under an alias or username, or sf's configured
 * `target-org` without the flag, read through @salesforce/core within the bounds of sf-state.ts. Unlike
 * sf-plugins-core's `requiredOrg`, a default org whose files are broken is reported as broken, not as "no default".
 */
import type { Org } from '@salesforce/core';
import { pluginError } from '../errors/plugin-error.js';
import { homedir } from 'node:os';
import { assertSfStateBounded, authFileOf, sfdxDir, sfStateError, sfStateFiles } from './sf-state.js';

/** An sf username: one `@`, no path separators, spaces or control characters. */
const USERNAME = /^[^@/\\\s\p{Cc}]+@[^@/\\\s\p{Cc}]+$/u;

/**
 * The org named by `aliasOrUsername`, or by sf's `target-org` config when undefined.
 *
 * @throws `ERR_SF_TARGET_ORG_MISSING`, `ERR_SF_TARGET_ORG_NOT_FOUND`, `ERR_SF_STATE_UNREADABLE`, `ERR_SF_STATE_TOO_LARGE`.
 */
export async function openTargetOrg(aliasOrUsername: string | undefined): Promise<Org> {
  const home = homedir();
  let name = aliasOrUsername;
  try {
    await assertSfStateBounded(sfStateFiles(home, process.cwd()));
    const { ConfigAggregator, Org: CoreOrg, StateAggregator } = await import('@salesforce/core');
    if (name === undefined) {
      const configured = (await ConfigAggregator.create()).getPropertyValue('target-org');
      if (typeof configured !== 'string' || configured.length === 0) throw pluginError('SfTargetOrgMissing');
      name = configured;
    }
    const username: unknown = (await StateAggregator.getInstance()).aliases.resolveUsername(name);
    // A Salesforce username is shaped like an email address; anything else (`key`, `alias`, `../x`) would make core
    // read one of sf's other files, or one outside ~/.sfdx, as an auth file.
    if (typeof username !== 'string' || !USERNAME.test(username))
      throw pluginError('SfTargetOrgNotFound', [name, sfdxDir(home)], [name], { targetOrg: name });
    await assertSfStateBounded([authFileOf(username, home)]);
    return await CoreOrg.create({ aliasOrUsername: name });
  } catch (error) {
    throw sfStateError(error, name);
  }
}
