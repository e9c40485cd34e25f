/** Human output of `sf jwt keygen`: the files, the certificate's facts, and what to upload where. */
import { basename } from 'node:path';
import { Messages } from '@salesforce/core/messages';
import type { KeygenResult } from '../results/keygen.js';
import type { Output } from './output.js';
import { displayField } from './sanitize.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@sfjwt/plugin-jwt', 'jwt.keygen');

export function renderKeygen(out: Output, r: KeygenResult): void {
  out.log(messages.getMessage('info.written', [String(r.bits)]));
  out.log(messages.getMessage('info.keyFile', [r.keyFile, r.encrypted ? 'encrypted' : 'unencrypted']));
  out.log(messages.getMessage('info.certFile', [r.certificateFile]));
  if (r.csrFile !== null) out.log(messages.getMessage('info.csrFile', [r.csrFile]));
  out.log('');
  out.log(messages.getMessage('info.subject', [displayField(r.subject)]));
  out.log(messages.getMessage('info.expires', [r.notAfter, String(r.days)]));
  out.log(messages.getMessage('info.sha1', [r.sha1Fingerprint]));
  out.log(messages.getMessage('info.sha256', [r.sha256Fingerprint]));
  out.log('');
  const certName = basename(r.certificateFile);
  out.log(messages.getMessage('info.nextStep', [certName, basename(r.keyFile)]));
  if (r.csrFile !== null) out.log(messages.getMessage('info.nextStepCsr', [basename(r.csrFile), certName]));
}
