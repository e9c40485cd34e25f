// Hand-written External Client App metadata (the five components, optionally a permission set) in Metadata API
// layout, zipped for deploys, plus a Metadata API SOAP client for the deploy and status calls.
import { parseXml, type XmlElement } from '../../src/xml/parse.js';
import { request, type HttpResult } from './http.js';
import { writeZip } from './zip-write.js';

const NS = 'http://soap.sforce.com/2006/04/metadata';

export interface EcaOptions {
  name: string;
  certificatePem: string;
  consumerKey?: string | undefined;
  profiles?: string[];
  permissionSets?: string[];
  /** Also deploy a permission set of this name (with this license, if any). */
  createPermissionSet?: { name: string; license?: string };
  scopes?: string;
}

/** `<dir>/<file>` → XML, as a Metadata API zip (and, with `-meta.xml` added, an SFDX source directory) holds them. */
export function ecaFiles(o: EcaOptions): Record<string, string> {
  const doc = (type: string, body: string) =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<${type} xmlns="${NS}">\n${body}</${type}>\n`;
  const files: Record<string, string> = {
    [`externalClientApps/${o.name}.eca`]: doc(
      'ExternalClientApplication',
      `    <contactEmail>admin@acme.example</contactEmail>\n    <description>Sales &amp; Marketing integration</description>\n    <distributionState>Local</distributionState>\n    <isProtected>false</isProtected>\n    <label>${o.name}</label>\n`,
    ),
    [`extlClntAppOauthSettings/${o.name}_oauth.ecaOauth`]: doc(
      'ExtlClntAppOauthSettings',
      `    <commaSeparatedOauthScopes>${o.scopes ?? 'Api, RefreshToken'}</commaSeparatedOauthScopes>\n    <externalClientApplication>${o.name}</externalClientApplication>\n    <label>${o.name}</label>\n`,
    ),
    [`extlClntAppGlobalOauthSets/${o.name}_glbloauth.ecaGlblOauth`]: doc(
      'ExtlClntAppGlobalOauthSettings',
      `    <callbackUrl>http://localhost:1717/OauthRedirect</callbackUrl>\n    <certificate>${o.certificatePem.trim()}</certificate>\n` +
        (o.consumerKey === undefined ? '' : `    <consumerKey>${o.consumerKey}</consumerKey>\n`) +
        `    <externalClientApplication>${o.name}</externalClientApplication>\n    <isConsumerSecretOptional>true</isConsumerSecretOptional>\n    <isPkceRequired>false</isPkceRequired>\n    <label>${o.name}</label>\n`,
    ),
    [`extlClntAppOauthPolicies/${o.name}_oauthPlcy.ecaOauthPlcy`]: doc(
      'ExtlClntAppOauthConfigurablePolicies',
      (o.permissionSets === undefined
        ? ''
        : `    <commaSeparatedPermissionSet>${o.permissionSets.join(',')}</commaSeparatedPermissionSet>\n`) +
        (o.profiles === undefined
          ? ''
          : `    <commaSeparatedProfile>${o.profiles.join(',')}</commaSeparatedProfile>\n`) +
        `    <externalClientApplication>${o.name}</externalClientApplication>\n    <ipRelaxationPolicyType>Enforce</ipRelaxationPolicyType>\n    <label>${o.name}</label>\n    <permittedUsersPolicyType>AdminApprovedPreAuthorized</permittedUsersPolicyType>\n`,
    ),
    [`extlClntAppPolicies/${o.name}_plcy.ecaPlcy`]: doc(
      'ExtlClntAppConfigurablePolicies',
      `    <externalClientApplication>${o.name}</externalClientApplication>\n    <isEnabled>true</isEnabled>\n    <isOauthPluginEnabled>true</isOauthPluginEnabled>\n    <label>${o.name}</label>\n`,
    ),
  };
  if (o.createPermissionSet !== undefined) {
    const { name, license } = o.createPermissionSet;
    files[`permissionsets/${name}.permissionset`] = doc(
      'PermissionSet',
      `    <hasActivationRequired>false</hasActivationRequired>\n    <label>${name}</label>\n${license === undefined ? '' : `    <license>${license}</license>\n`}`,
    );
  }
  return files;
}

const TYPES: Record<string, string> = {
  externalClientApps: 'ExternalClientApplication',
  extlClntAppOauthSettings: 'ExtlClntAppOauthSettings',
  extlClntAppGlobalOauthSets: 'ExtlClntAppGlobalOauthSettings',
  extlClntAppOauthPolicies: 'ExtlClntAppOauthConfigurablePolicies',
  extlClntAppPolicies: 'ExtlClntAppConfigurablePolicies',
  permissionsets: 'PermissionSet',
  connectedApps: 'ConnectedApp',
};

/** package.xml listing every file of `files` by type and member. */
export function packageXml(files: Record<string, string>, version = '66.0'): string {
  const byType = new Map<string, string[]>();
  for (const path of Object.keys(files)) {
    const [dir = '', file = ''] = path.split('/');
    const type = TYPES[dir] ?? dir;
    byType.set(type, [...(byType.get(type) ?? []), file.replace(/\.[^.]+$/, '')]);
  }
  const types = [...byType]
    .map(
      ([name, members]) =>
        `    <types>\n${members.map((m) => `        <members>${m}</members>\n`).join('')}        <name>${name}</name>\n    </types>\n`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Package xmlns="${NS}">\n${types}    <version>${version}</version>\n</Package>\n`;
}

export function mdapiZip(files: Record<string, string>, manifest = packageXml(files)): Buffer {
  return writeZip([
    { name: 'package.xml', data: manifest },
    ...Object.entries(files).map(([name, data]) => ({ name, data })),
  ]);
}

/** A SOAP Metadata API call as jsforce makes it; returns the HTTP result and the operation's parsed `result`. */
export async function soapCall(
  url: string,
  sessionId: string,
  operation: string,
  args: string,
  version = '67.0',
): Promise<{ res: HttpResult; result: Json }> {
  const body =
    '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<soapenv:Header xmlns="${NS}"><SessionHeader><sessionId>${sessionId}</sessionId></SessionHeader></soapenv:Header>` +
    `<soapenv:Body xmlns="${NS}"><${operation}>${args}</${operation}></soapenv:Body></soapenv:Envelope>`;
  const res = await request(`${url}/services/Soap/m/${version}`, {
    body,
    headers: { 'content-type': 'text/xml', soapaction: '""' },
  });
  const envelope = parseXml(res.body);
  const inner = envelope.children.find((c) => c.local === 'Body')?.children[0];
  return { res, result: inner === undefined ? {} : toJson(inner.children.find((c) => c.local === 'result') ?? inner) };
}

export type Json = { [key: string]: Json | Json[] | string };

/** Element → object; repeated children become arrays (like xml2js with explicitArray: false). */
function toJson(element: XmlElement): Json {
  const out: Json = {};
  for (const c of element.children) {
    const value: Json | string = c.children.length === 0 ? c.text : toJson(c);
    const existing = out[c.local];
    if (existing === undefined) out[c.local] = value;
    else out[c.local] = (Array.isArray(existing) ? [...existing, value] : [existing, value]) as Json[];
  }
  return out;
}

/** Deploys a zip through SOAP and returns the final DeployResult (with details). */
export async function deployZip(
  url: string,
  sessionId: string,
  zip: Buffer,
  options = '<rollbackOnError>true</rollbackOnError><singlePackage>true</singlePackage>',
): Promise<Json> {
  const started = await soapCall(
    url,
    sessionId,
    'deploy',
    `<ZipFile>${zip.toString('base64')}</ZipFile><DeployOptions>${options}</DeployOptions>`,
  );
  if (started.res.status !== 200) throw new Error(`deploy answered ${started.res.status}: ${started.res.body}`);
  const id = started.result.id as string;
  const status = await soapCall(
    url,
    sessionId,
    'checkDeployStatus',
    `<asyncProcessId>${id}</asyncProcessId><includeDetails>true</includeDetails>`,
  );
  return status.result;
}

/** The component failures of a DeployResult as [fileName, problem, lineNumber?]. */
export function failures(result: Json): (string | undefined)[][] {
  const details = result.details as Json | undefined;
  const list = details?.componentFailures;
  const items = (list === undefined ? [] : Array.isArray(list) ? list : [list]) as Json[];
  return items.map((f) => [f.fileName as string, f.problem as string, f.lineNumber as string | undefined]);
}
