/**
 * `--target-org` / `-o` of the admin-org commands (app create, list, rotate): sf-plugins-core's `requiredOrg` (same
 * name, character and summary) with its reading of sf's files replaced by io/target-org.ts: bounded, and every failure
 * one of our coded errors. Here rather than in flags/, which may not import io/.
 */
import type { Org } from '@salesforce/core';
import { Messages } from '@salesforce/core/messages';
import { Flags } from '@salesforce/sf-plugins-core';
import { openTargetOrg } from '../io/target-org.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@sfjwt/plugin-jwt', 'org-flags');

export const targetOrgFlag = Flags.custom<Org>({
  char: 'o',
  summary: messages.getMessage('flags.target-org.summary'),
  noCacheDefault: true,
  required: true,
  parse: (input) => openTargetOrg(input),
  default: () => openTargetOrg(undefined),
  // As sf's flag: the configured default org's username in --help, nothing when there is none or it is broken.
  defaultHelp: async () => (await openTargetOrg(undefined).catch(() => undefined))?.getUsername(),
});
