/** Human output of `sf jwt keystore`: the file, the alias Salesforce will show, and how to import it. */
import { basename } from 'node:path';
import { Messages } from '@salesforce/core/messages';
import { FORMAT_NAME, type KeystoreResult } from '../results/keystore.js';
import type { Output } from './output.js';
import { displayField, MAX_LINE_CHARS } from './sanitize.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@sfjwt/plugin-jwt', 'jwt.keystore');

export function renderKeystore(out: Output, r: KeystoreResult, requestedAlias: string): void {
  const alias = displayField(r.alias);
  out.log(messages.getMessage('info.written', [FORMAT_NAME[r.format], displayField(r.path, MAX_LINE_CHARS)]));
  out.log(messages.getMessage('info.alias', [alias]));
  out.log(messages.getMessage('info.subject', [displayField(r.subject)]));
  out.log(messages.getMessage('info.expires', [r.notAfter]));
  out.log(messages.getMessage('info.sha1', [r.sha1Fingerprint]));
  out.log(messages.getMessage('info.sha256', [r.sha256Fingerprint]));
  if (r.alias !== requestedAlias)
    out.log(messages.getMessage('info.lowercased', [displayField(requestedAlias), alias]));
  out.log('');
  const file = displayField(basename(r.path));
  out.log(
    r.format === 'jks'
      ? messages.getMessage('info.nextStepJks', [file, alias])
      : messages.getMessage('info.nextStepPkcs12', [file, file]),
  );
}
