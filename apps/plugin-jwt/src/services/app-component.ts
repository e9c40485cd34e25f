/**
 * A component as readMetadata returned it, written back as its Metadata API file with one field changed: the
 * certificate. A redeploy replaces the whole component, so every other element is written as read, in the order read
 * (Salesforce answers in the WSDL's order, which a deploy expects), repeated elements kept.
 */
import { METADATA_TYPES, type AppMetadata } from '@sfjwt/jwt-core';

const METADATA_NS = 'http://soap.sforce.com/2006/04/metadata';

const escapeXml = (value: string): string =>
  value.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c);

/** One element (a value, a record of child elements, or a repeated element). Nil values are left out. */
function elementXml(name: string, value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => elementXml(name, v)).join('');
  if (value === null || value === undefined) return '';
  if (typeof value === 'object')
    return `<${name}>${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => elementXml(k, v))
      .join('')}</${name}>`;
  const text =
    typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
  return `<${name}>${escapeXml(text)}</${name}>`;
}

/** The record with its certificate replaced: `certificate` (ECA global OAuth settings) or `oauthConfig.certificate`. */
export function withCertificate(
  type: string,
  fields: Readonly<Record<string, unknown>>,
  certificatePem: string,
): Record<string, unknown> {
  const pem = certificatePem.trim();
  if (type !== 'ConnectedApp') return replaceField(fields, 'certificate', pem);
  const oauth = fields.oauthConfig;
  const oauthConfig = typeof oauth === 'object' && oauth !== null ? (oauth as Record<string, unknown>) : {};
  return { ...fields, oauthConfig: replaceField(oauthConfig, 'certificate', pem) };
}

/** A copy with `key` set: in its place when it was there, else after the callback URL (the WSDL's order). */
function replaceField(fields: Readonly<Record<string, unknown>>, key: string, value: string): Record<string, unknown> {
  if (Object.hasOwn(fields, key)) return { ...fields, [key]: value };
  const entries = Object.entries(fields);
  const at = entries.findIndex(([k]) => k === 'callbackUrl') + 1;
  return Object.fromEntries([...entries.slice(0, at), [key, value], ...entries.slice(at)]);
}

/** The component as a one-file deployable app: its file (`fullName` left out: the file name says it) and package entry. */
export function componentDeploy(
  type: string,
  fullName: string,
  fields: Readonly<Record<string, unknown>>,
  app: Pick<AppMetadata, 'kind' | 'name' | 'consumerKey'>,
): AppMetadata {
  const info = Object.values(METADATA_TYPES).find((t) => t.name === type);
  if (info === undefined) throw new Error(`app rotate: no metadata type ${type}`);
  const { fullName: _name, ...body } = fields;
  const contents = `<?xml version="1.0" encoding="UTF-8"?>\n${elementXml(type, body).replace(`<${type}>`, `<${type} xmlns="${METADATA_NS}">`)}\n`;
  return {
    ...app,
    consumerKeyGenerated: false,
    files: [{ path: `${info.directoryName}/${fullName}.${info.suffix}-meta.xml`, contents }],
    components: [{ type, fullName }],
    credentialFiles: [],
  };
}
