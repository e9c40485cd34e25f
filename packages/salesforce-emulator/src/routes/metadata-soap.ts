// POST /services/Soap/m/<version>: the Metadata API as jsforce calls it for `sf project deploy start` (deploy with a
// base64 zip, then checkDeployStatus with includeDetails=true until done), plus cancelDeploy, readMetadata of the
// ECA components `sf jwt app create` reads to update an app in place, and listMetadata and readMetadata of both app
// kinds (External Client Apps, Connected Apps) for `sf jwt app list` and `sf jwt app rotate`.
import { findOrg, findUser, type Org, type User } from '../config/model.js';
import type { Ctx } from '../context.js';
import type { Exchange } from '../http/exchange.js';
import { runDeploy } from '../metadata/deploy.js';
import { deployOptions } from '../metadata/options.js';
import { isListableType, listResults, LISTABLE_TYPES } from '../metadata/list.js';
import { isReadableType, readRecords } from '../metadata/read.js';
import { readConnectedApps } from '../metadata/read-connected-app.js';
import { deployResult } from '../metadata/result.js';
import { METADATA_NS } from '../metadata/types.js';
import { parseSoapRequest, soapFault, soapResponse, soapResponseXml, soapResultsXml } from '../soap/envelope.js';
import { child, childText, type XmlElement } from '../xml/parse.js';

/** Salesforce's Metadata API request limit (a base64 zip of ~39 MB). */
const MAX_SOAP_BYTES = 52_428_800;
const XML = 'text/xml;charset=UTF-8';
export const NO_METADATA_PERMISSION =
  'use of the Metadata API requires a user with the ModifyAllData or ModifyMetadata permissions';

function fault(ex: Exchange, code: string, message: string): void {
  ex.send(500, XML, soapFault(`sf:${code}`, `${code}: ${message}`, code));
}

export async function metadataSoapRoute(ctx: Ctx, ex: Exchange, version: string | undefined): Promise<void> {
  if (ex.method !== 'POST')
    return ex.send(500, XML, soapFault('soapenv:Client', 'The Metadata API accepts only POST requests'));
  const bytes = await ex.bodyBytes(MAX_SOAP_BYTES);
  if (bytes === undefined)
    return fault(
      ex,
      'EXCEEDED_MAX_SIZE_REQUEST',
      `Maximum size of request reached. Maximum size of request is ${MAX_SOAP_BYTES} bytes.`,
    );
  const parsed = parseSoapRequest(bytes.toString('utf8'));
  if (!parsed.ok)
    return ex.send(500, XML, soapFault('soapenv:Client', `Unable to parse the SOAP request: ${parsed.reason}`));
  const { sessionId, operation } = parsed.request;
  const session = sessionId === undefined ? undefined : ctx.state.session(sessionId);
  if (session === undefined)
    return fault(ex, 'INVALID_SESSION_ID', 'Invalid Session ID found in SessionHeader: Illegal Session');
  ex.record.username = session.username;
  const major = Number(/^(\d+)\.0$/.exec(version ?? '')?.[1] ?? NaN);
  if (!(major >= 20 && major <= ctx.model.apiVersion))
    return fault(ex, 'UNSUPPORTED_API_VERSION', `Invalid Api version specified on URL: ${version ?? ''}`);
  const user = findUser(ctx.model, session.username);
  const org = findOrg(ctx.model, session.orgId);
  if (user === undefined || org === undefined)
    return fault(ex, 'INVALID_SESSION_ID', 'Invalid Session ID found in SessionHeader: Illegal Session');
  if (!user.canDeployMetadata) return fault(ex, 'INSUFFICIENT_ACCESS', NO_METADATA_PERMISSION);
  switch (operation.local) {
    case 'deploy':
      return deploy(ctx, ex, org, user, operation);
    case 'checkDeployStatus':
      return checkDeployStatus(ctx, ex, org, operation);
    case 'cancelDeploy':
      return cancelDeploy(ctx, ex, org, operation);
    case 'readMetadata':
      return readMetadata(ctx, ex, org, user, operation);
    case 'listMetadata':
      return listMetadata(ctx, ex, org, user, operation);
    default:
      return ex.send(
        500,
        XML,
        soapFault('soapenv:Client', `No operation available for request {${METADATA_NS}}${operation.local}`),
      );
  }
}

function fields(element: XmlElement | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of element?.children ?? []) out[c.local] = c.text.trim();
  return out;
}

function deploy(ctx: Ctx, ex: Exchange, org: Org, user: User, operation: XmlElement): void {
  const base64 = (childText(operation, 'ZipFile') ?? '').replace(/\s+/g, '');
  if (base64 === '' || !/^[A-Za-z0-9+/]*={0,2}$/.test(base64))
    return fault(ex, 'INVALID_FIELD', 'ZipFile must be a base64-encoded zip file');
  const job = runDeploy(
    ctx,
    org,
    user,
    Buffer.from(base64, 'base64'),
    deployOptions(fields(child(operation, 'DeployOptions'))),
  );
  ctx.setup.addJob(job);
  ex.send(200, XML, soapResponse('deploy', { done: false, id: job.id, state: 'Queued' }));
}

function jobOf(ctx: Ctx, ex: Exchange, org: Org, id: string) {
  const job = ctx.setup.job(id);
  // Another org's deploy id is as unknown as a made-up one.
  if (job === undefined || job.orgId !== org.id) {
    fault(ex, 'INVALID_ID_FIELD', `invalid deploy id: ${id.slice(0, 40)}`);
    return undefined;
  }
  return job;
}

function checkDeployStatus(ctx: Ctx, ex: Exchange, org: Org, operation: XmlElement): void {
  const job = jobOf(ctx, ex, org, childText(operation, 'asyncProcessId') ?? '');
  if (job === undefined) return;
  ex.send(
    200,
    XML,
    soapResponse('checkDeployStatus', deployResult(job, childText(operation, 'includeDetails') === 'true')),
  );
}

function cancelDeploy(ctx: Ctx, ex: Exchange, org: Org, operation: XmlElement): void {
  const job = jobOf(ctx, ex, org, childText(operation, 'String') ?? childText(operation, 'id') ?? '');
  if (job === undefined) return;
  // Emulated deploys finish at once: there is nothing left to cancel.
  fault(ex, 'INVALID_ID_FIELD', 'Deployment already completed');
}

function readMetadata(ctx: Ctx, ex: Exchange, org: Org, user: User, operation: XmlElement): void {
  const type = childText(operation, 'type') ?? '';
  const fullNames = operation.children.filter((c) => c.local === 'fullNames').map((c) => c.text.trim());
  if (type === 'ConnectedApp' && fullNames.length >= 1 && fullNames.length <= 10)
    return ex.send(200, XML, soapResponseXml('readMetadata', readConnectedApps(ctx, org, fullNames)));
  if (!isReadableType(type)) {
    return fault(
      ex,
      'INVALID_TYPE',
      `The salesforce-emulator reads only ExtlClntAppGlobalOauthSettings, ExtlClntAppOauthConfigurablePolicies, ExternalClientAppSettings and ConnectedApp, not ${type.slice(0, 80)}`,
    );
  }
  if (fullNames.length === 0 || fullNames.length > 10)
    return fault(ex, 'INVALID_FIELD', 'readMetadata takes 1 to 10 fullNames');
  ex.send(200, XML, soapResponseXml('readMetadata', readRecords(ctx, org, user, type, fullNames)));
}

/** listMetadata: up to 3 queries (Salesforce's limit), each `<queries><type>…</type></queries>`. */
function listMetadata(ctx: Ctx, ex: Exchange, org: Org, user: User, operation: XmlElement): void {
  const types = operation.children.filter((c) => c.local === 'queries').map((q) => childText(q, 'type') ?? '');
  if (types.length === 0 || types.length > 3) return fault(ex, 'INVALID_FIELD', 'listMetadata takes 1 to 3 queries');
  const unknown = types.find((t) => !isListableType(t));
  if (unknown !== undefined)
    return fault(
      ex,
      'INVALID_TYPE',
      `The salesforce-emulator lists only ${LISTABLE_TYPES.join(', ')}, not ${unknown.slice(0, 80)}`,
    );
  ex.send(200, XML, soapResultsXml('listMetadata', listResults(ctx, org, user, types.filter(isListableType))));
}
