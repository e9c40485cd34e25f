// SOAP 1.1 for the Metadata API: reading a request envelope (session header, operation, arguments) and writing
// responses and faults the way Salesforce does (jsforce finds the body by the `:Envelope`/`:Body` suffixes and
// detects expired sessions by `<faultcode>sf:INVALID_SESSION_ID</faultcode>` on HTTP 500).
import { child, escapeXml, parseXml, XmlSyntaxError, type XmlElement } from '../xml/parse.js';
import { METADATA_NS } from '../metadata/types.js';

export interface SoapRequest {
  sessionId: string | undefined;
  operation: XmlElement;
}

export type SoapParse = { ok: true; request: SoapRequest } | { ok: false; reason: string };

export function parseSoapRequest(text: string): SoapParse {
  let envelope: XmlElement;
  try {
    envelope = parseXml(text, { maxDepth: 32, maxElements: 5_000 });
  } catch (error) {
    if (!(error instanceof XmlSyntaxError)) throw error;
    return { ok: false, reason: `${error.message} at line ${error.line}, column ${error.column}` };
  }
  if (envelope.local !== 'Envelope') return { ok: false, reason: 'the root element is not a SOAP Envelope' };
  const body = child(envelope, 'Body');
  const operation = body?.children[0];
  if (operation === undefined) return { ok: false, reason: 'the SOAP Body is empty' };
  const header = child(envelope, 'Header');
  const session = header === undefined ? undefined : child(header, 'SessionHeader');
  const sessionId = session === undefined ? undefined : child(session, 'sessionId')?.text.trim();
  return { ok: true, request: { sessionId, operation } };
}

/** Serialises a value as child elements: arrays repeat the element, null is xsi:nil, objects nest. */
export function toXml(name: string, value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => toXml(name, v)).join('');
  if (value === undefined) return '';
  if (value === null) return `<${name} xsi:nil="true"/>`;
  if (typeof value === 'object') {
    return `<${name}>${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => toXml(k, v))
      .join('')}</${name}>`;
  }
  const text =
    typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
  return `<${name}>${escapeXml(text)}</${name}>`;
}

function envelope(body: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="${METADATA_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
    `<soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`
  );
}

/** `<operationResponse><result>…</result></operationResponse>`. */
export function soapResponse(operation: string, result: unknown): string {
  return envelope(`<${operation}Response>${toXml('result', result)}</${operation}Response>`);
}

/** `<operationResponse><result>resultXml</result></operationResponse>`, for results with typed elements. */
export function soapResponseXml(operation: string, resultXml: string): string {
  return envelope(`<${operation}Response><result>${resultXml}</result></${operation}Response>`);
}

/** A SOAP fault; `code` such as `sf:INVALID_SESSION_ID` or `soapenv:Client`. */
export function soapFault(code: string, message: string, exceptionCode?: string): string {
  const detail =
    exceptionCode === undefined
      ? ''
      : `<detail><sf:ApiFault xmlns:sf="http://soap.sforce.com/2006/04/metadata" xsi:type="sf:ApiFault"><sf:exceptionCode>${escapeXml(exceptionCode)}</sf:exceptionCode><sf:exceptionMessage>${escapeXml(message)}</sf:exceptionMessage></sf:ApiFault></detail>`;
  return envelope(
    `<soapenv:Fault><faultcode${code.startsWith('sf:') ? ' xmlns:sf="http://soap.sforce.com/2006/04/metadata"' : ''}>${escapeXml(code)}</faultcode><faultstring>${escapeXml(message)}</faultstring>${detail}</soapenv:Fault>`,
  );
}

/** `<operationResponse>resultsXml</operationResponse>`, for operations answering several `<result>` elements. */
export function soapResultsXml(operation: string, resultsXml: string): string {
  return envelope(`<${operation}Response>${resultsXml}</${operation}Response>`);
}
