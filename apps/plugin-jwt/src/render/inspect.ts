/** Human output of `sf jwt inspect`: the key, the certificate with its warnings, and the match. */
import { Messages } from '@salesforce/core/messages';
import type { InspectResult } from '../results/inspect.js';
import type { Output } from './output.js';
import { displayField } from './sanitize.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@sfjwt/plugin-jwt', 'jwt.inspect');

export function renderInspection(out: Output, r: InspectResult): void {
  if (r.key !== null) {
    out.styledHeader(messages.getMessage('info.keyHeader', [r.key.path ?? r.key.source]));
    out.log(messages.getMessage('info.keyFormat', [r.key.format, r.key.encrypted ? 'encrypted' : 'unencrypted']));
    out.log(messages.getMessage('info.keyBits', [String(r.key.bits)]));
    out.log(messages.getMessage('info.publicKeySha256', [r.key.publicKeySha256Fingerprint]));
  }
  const c = r.certificate;
  if (c !== null) {
    out.styledHeader(messages.getMessage('info.certHeader', [c.path]));
    out.log(messages.getMessage('info.certSubject', [displayField(c.subjectString)]));
    out.log(
      messages.getMessage('info.certIssuer', [displayField(c.issuerString), c.selfSigned ? ' (self-signed)' : '']),
    );
    out.log(messages.getMessage('info.certSerial', [c.serialNumber]));
    out.log(messages.getMessage('info.certValidity', [c.notBefore, c.notAfter]));
    out.log(messages.getMessage('info.certDaysLeft', [String(c.daysLeft)]));
    out.log(
      messages.getMessage('info.certKey', [
        c.keyBits === null ? c.keyType : `${c.keyBits}-bit ${c.keyType.toUpperCase()}`,
      ]),
    );
    out.log(messages.getMessage('info.certSha1', [c.sha1Fingerprint]));
    out.log(messages.getMessage('info.certSha256', [c.sha256Fingerprint]));
    out.log(messages.getMessage('info.publicKeySha256', [c.publicKeySha256Fingerprint]));
    out.log(messages.getMessage('info.certX5t', [c.x5t]));
    out.log(messages.getMessage('info.certX5tS256', [c.x5tS256]));
    if (c.expired) out.warn(messages.getMessage('warning.expired', [String(-c.daysLeft)]));
    if (c.notYetValid) out.warn(messages.getMessage('warning.notYetValid', [c.notBefore]));
    if (c.keyType !== 'rsa' || (c.keyBits ?? 0) < 2048) {
      out.warn(
        messages.getMessage('warning.keyNotUsable', [
          c.keyBits === null ? `a ${c.keyType} key` : `a ${c.keyBits}-bit ${c.keyType} key`,
        ]),
      );
    }
  }
  if (r.matches === true) out.log(`\n${messages.getMessage('info.match')}`);
}
