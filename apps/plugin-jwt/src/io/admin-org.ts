/**
 * The admin org `sf jwt app create` works in: the Metadata API deploy, checkDeployStatus and readMetadata (SOAP, as
 * `sf project deploy start` uses them), SOQL, and the REST insert of a PermissionSetAssignment. @salesforce/core's
 * Connection of the `--target-org` auth gives only the access token, the instance URL and the API version (and a
 * refresh when the org says the session expired); the HTTP is ours, through one bounded transport:
 *
 * - every body is read with a byte cap ({@link MAX_ADMIN_ANSWER_BYTES}); past it the call fails, the rest unread;
 * - every call ends by the command's one overall deadline, and no call takes longer than the per-call timeout;
 * - "no answer" (a timeout, a reset) is told from "refused" (the org answered with an error), and an answer that is
 *   not the XML or JSON the call speaks (a proxy's HTML maintenance page, a truncated body) is invalid, never a status.
 *
 * Server text is handed on as data (length-capped here); it is sanitized where it is printed.
 */
import type { Org } from '@salesforce/core';
import type { HttpFetch } from './http.js';
import { assertTokenMayGo, OrgAnswerTooLarge, orgRequest, type OrgAnswer } from './org-http.js';
import { childNode, parseXml, plainValue, XmlInvalid, type XmlNode } from './xml-answer.js';

/**
 * Largest answer read from the admin org. The biggest of our calls is a failed checkDeployStatus with details (six
 * components, each with its problem: a few KiB) or a readMetadata of two global OAuth settings with their
 * certificates (under 16 KiB); SOQL answers here are a handful of rows. A quarter MiB leaves ample room and bounds
 * memory whatever the server sends.
 */
export const MAX_ADMIN_ANSWER_BYTES = 256 * 1024;

/** Longest server text kept (a problem, a fault string); the printed form is capped again by the sanitizer. */
const MAX_SERVER_TEXT = 2000;

const METADATA_NS = 'http://soap.sforce.com/2006/04/metadata';

/** One component of a deploy, as checkDeployStatus reports it. */
export interface DeployComponent {
  readonly type: string;
  readonly fullName: string;
  readonly fileName: string;
  /** `Created`, `Changed`, `Unchanged` or `Failed`. */
  readonly state: 'Created' | 'Changed' | 'Unchanged' | 'Failed';
  /** Salesforce's own text of a failure (raw: sanitize before printing). */
  readonly problem?: string;
  /** `Error` or `Warning`, as Salesforce classes the problem. */
  readonly problemType?: string;
  readonly line?: number;
}

/** A deploy's status (details included). */
export interface DeployStatus {
  readonly id: string;
  readonly done: boolean;
  /** `Pending`, `InProgress`, `Succeeded`, `SucceededPartial`, `Failed`, `Canceled`, … */
  readonly status: string;
  readonly success: boolean;
  readonly components: readonly DeployComponent[];
  /** A deploy-level error (e.g. an unreadable zip). */
  readonly error?: { readonly statusCode: string; readonly message: string };
}

/** One component listMetadata names (its FileProperties, the fields we use). */
export interface ListedComponent {
  readonly type: string;
  readonly fullName: string;
  /** The component's Salesforce Id; null when the org gave none that looks like one. */
  readonly id: string | null;
}

/** What the workflow needs of the admin org. */
export interface AdminOrg {
  readonly username: string;
  /** The org's instance URL (its My Domain): where the integration user's JWT goes. */
  readonly instanceUrl: string;
  deploy(zip: Buffer): Promise<string>;
  deployStatus(id: string): Promise<DeployStatus>;
  /** readMetadata: one entry per name, `undefined` where the org returned nothing. */
  readMetadata(
    type: string,
    fullNames: readonly string[],
  ): Promise<ReadonlyArray<Readonly<Record<string, unknown>> | undefined>>;
  /** listMetadata of up to three types (Salesforce's limit per call): what `app list` and `app rotate` look up. */
  listMetadata(types: readonly string[]): Promise<readonly ListedComponent[]>;
  query<T>(soql: string): Promise<T[]>;
  /** Inserts a PermissionSetAssignment; `exists` when Salesforce answers DUPLICATE_VALUE. */
  assignPermissionSet(
    assigneeId: string,
    permissionSetId: string,
  ): Promise<{ readonly id: string | null; readonly outcome: 'created' | 'exists' }>;
}

/** The org answered a call with an error (`INSUFFICIENT_ACCESS`, …): it refused. The message is Salesforce's text. */
export class OrgApiError extends Error {
  public constructor(
    public readonly errorCode: string,
    message: string,
  ) {
    super(message);
    this.name = 'OrgApiError';
  }
}

/**
 * A read whose refusal means "the org did not say" (an older API, a field or type it does not have): its value, or
 * `undefined` when the org refused it. No answer at all ({@link OrgTransportError}) still ends the command.
 */
export async function unlessRefused<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (err) {
    if (err instanceof OrgApiError) return undefined;
    throw err;
  }
}

/**
 * A call without a usable answer: `no-answer` (the deadline passed: nothing was refused), `unreachable` (the
 * connection failed), `invalid` (not the XML/JSON the call speaks), `too-large` (past the byte cap), `wrong-shape`
 * (XML or JSON, but not the types and Id formats Salesforce answers with: `admin-org-shape.ts`).
 */
export class OrgTransportError extends Error {
  public constructor(
    public readonly kind: 'no-answer' | 'unreachable' | 'invalid' | 'too-large' | 'wrong-shape',
    /** What was asked, in words ("checkDeployStatus"). */
    public readonly call: string,
    /** The seconds waited (no-answer), the cause (unreachable, invalid, wrong-shape) or the cap in bytes (too-large). */
    public readonly detail: string,
  ) {
    super(`${call}: ${kind} (${detail})`);
    this.name = 'OrgTransportError';
  }
}

// C1 controls (U+009B is a CSI) and bidi controls act on a terminal and JSON does not escape them (it escapes C0 only):
// they are dropped even from data.
const UNESCAPED_CONTROLS = /[\u0080-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Server text as data: a string, trimmed and capped, C1 and bidi controls dropped. Escape sequences and line breaks stay
 * (the `--json` result keeps Salesforce's text; JSON escapes them): they are sanitized where the text is printed.
 */
export function serverText(value: unknown): string {
  const text = typeof value === 'string' ? value : value === undefined || value === null ? '' : JSON.stringify(value);
  const trimmed = text.replace(UNESCAPED_CONTROLS, '').trim();
  return trimmed.length > MAX_SERVER_TEXT ? `${trimmed.slice(0, MAX_SERVER_TEXT)}…` : trimmed;
}

function asArray<T>(value: T | T[] | undefined | null): T[] {
  return value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
}

function asBoolean(value: unknown): boolean {
  return value === true || value === 'true';
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function escapeXml(value: string): string {
  return value.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The auth the transport uses; {@link adminOrg} takes it from @salesforce/core's connection. */
export interface AdminAuth {
  readonly username: string;
  readonly instanceUrl: string;
  /** `66.0`. */
  readonly apiVersion: string;
  accessToken(): string;
  /** Gets a new access token after the org said the session is invalid. */
  refresh(signal: AbortSignal): Promise<void>;
}

/** The bounds of every call. */
export interface AdminTransportOptions {
  readonly fetch: HttpFetch;
  readonly now: () => number;
  /** Epoch ms by which every call must have its answer: the command's one overall deadline. */
  readonly deadline: number;
  /** Most one call may take (less when the deadline is nearer). */
  readonly callTimeoutMs: number;
  readonly maxBytes?: number;
}

/** A call's answer, decoded: XML for the Metadata API, JSON for REST. */
type Decode<T> = (answer: OrgAnswer) => T | 'session-expired';

/** One request as the transport sends it (the access token is added per attempt). */
type OrgRequestSpec = { method: 'GET' | 'POST'; url: string; headers: Record<string, string>; body?: string };

/** The auth and bounds every call of one admin org shares. */
interface Transport {
  readonly auth: AdminAuth;
  readonly options: AdminTransportOptions;
  readonly maxBytes: number;
  /** The instance URL without a trailing slash. */
  readonly base: string;
}

/** The bounded transport over an auth: the five operations app create uses, each one bounded call. */
export function adminOrgOver(auth: AdminAuth, options: AdminTransportOptions): AdminOrg {
  const transport: Transport = {
    auth,
    options,
    maxBytes: options.maxBytes ?? MAX_ADMIN_ANSWER_BYTES,
    base: auth.instanceUrl.replace(/\/+$/, ''),
  };
  return {
    username: auth.username,
    instanceUrl: auth.instanceUrl,
    deploy: (zip) => deployZip(transport, zip),
    deployStatus: (id) => checkDeployStatus(transport, id),
    readMetadata: (type, fullNames) => readMetadataOf(transport, type, fullNames),
    listMetadata: (types) => listMetadataOf(transport, types),
    query: <T>(soql: string) => queryRows<T>(transport, soql),
    assignPermissionSet: (assigneeId, permissionSetId) => insertAssignment(transport, assigneeId, permissionSetId),
  };
}

/** One request within the time left, decoded; a session the org calls expired is refreshed once and retried. */
async function call<T>(t: Transport, what: string, request: () => OrgRequestSpec, decode: Decode<T>): Promise<T> {
  assertTokenMayGo(t.auth.instanceUrl);
  for (let attempt = 0; ; attempt += 1) {
    const decoded = await bounded(t, what, async (controller) =>
      decode(
        await orgRequest(t.options.fetch, { ...request(), accessToken: t.auth.accessToken() }, t.maxBytes, controller),
      ),
    );
    if (decoded !== 'session-expired') return decoded;
    if (attempt > 0) throw new OrgApiError('INVALID_SESSION_ID', 'The org refused the session again after a refresh.');
    await bounded(t, 'the session refresh', (controller) => t.auth.refresh(controller.signal));
  }
}

/** `work` within the per-call timeout and the deadline; its failures told apart as {@link OrgTransportError}. */
async function bounded<T>(t: Transport, what: string, work: (controller: AbortController) => Promise<T>): Promise<T> {
  const left = t.options.deadline - t.options.now();
  // '0': the command's deadline had passed before the call could be sent.
  if (left <= 0) throw new OrgTransportError('no-answer', what, '0');
  const ms = Math.min(t.options.callTimeoutMs, left);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error('deadline')), ms);
  try {
    // The race ends the call at the deadline even if the work ignores the signal.
    return await Promise.race([
      work(controller),
      new Promise<never>((_, reject) =>
        controller.signal.addEventListener('abort', () => reject(controller.signal.reason as Error), { once: true }),
      ),
    ]);
  } catch (err) {
    throw transportFailure(err, what, controller, ms, t.maxBytes);
  } finally {
    clearTimeout(timer);
  }
}

/** What a failed bounded call was: the org's refusal as is, else too large, no answer or unreachable. */
function transportFailure(
  err: unknown,
  what: string,
  controller: AbortController,
  ms: number,
  maxBytes: number,
): Error {
  if (err instanceof OrgApiError || err instanceof OrgTransportError) return err;
  if (controller.signal.reason instanceof OrgAnswerTooLarge)
    return new OrgTransportError('too-large', what, String(maxBytes));
  if (controller.signal.aborted) return new OrgTransportError('no-answer', what, String(Math.ceil(ms / 1000)));
  const cause = (err as { cause?: { code?: unknown } }).cause?.code;
  return new OrgTransportError(
    'unreachable',
    what,
    typeof cause === 'string' ? cause : serverText((err as Error).message),
  );
}

/**
 * A Metadata API operation: its `result` element (with `results`: the response element, for operations answering
 * zero or more `result`s), or the fault as {@link OrgApiError}.
 */
function soap(
  t: Transport,
  operation: string,
  bodyXml: string,
  what: string = operation,
  results = false,
): Promise<XmlNode> {
  return call(
    t,
    what,
    () => ({
      method: 'POST',
      url: `${t.base}/services/Soap/m/${t.auth.apiVersion}`,
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""', accept: 'text/xml' },
      body:
        '<?xml version="1.0" encoding="UTF-8"?>' +
        `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="${METADATA_NS}">` +
        `<soapenv:Header><SessionHeader><sessionId>${escapeXml(t.auth.accessToken())}</sessionId></SessionHeader></soapenv:Header>` +
        `<soapenv:Body><${operation}>${bodyXml}</${operation}></soapenv:Body></soapenv:Envelope>`,
    }),
    (answer) => decodeSoap(what, operation, answer, results),
  );
}

/** A REST call: its JSON, or Salesforce's `[{errorCode, message}]` as {@link OrgApiError}. */
function rest(t: Transport, method: 'GET' | 'POST', path: string, what: string, body?: unknown): Promise<unknown> {
  return call(
    t,
    what,
    () => ({
      method,
      url: `${t.base}/services/data/v${t.auth.apiVersion}${path}`,
      headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
    (answer) => decodeRest(what, answer),
  );
}

async function deployZip(t: Transport, zip: Buffer): Promise<string> {
  const options =
    '<DeployOptions><rollbackOnError>true</rollbackOnError><singlePackage>true</singlePackage></DeployOptions>';
  const result = await soap(
    t,
    'deploy',
    `<ZipFile>${zip.toString('base64')}</ZipFile>${options}`,
    'the Metadata API deploy',
  );
  const id = serverText(childNode(result, 'id')?.text);
  if (!/^[0-9A-Za-z]{15,18}$/.test(id))
    throw new OrgTransportError('invalid', 'the Metadata API deploy', 'no deploy id');
  return id;
}

async function checkDeployStatus(t: Transport, id: string): Promise<DeployStatus> {
  const result = await soap(
    t,
    'checkDeployStatus',
    `<asyncProcessId>${escapeXml(id)}</asyncProcessId><includeDetails>true</includeDetails>`,
  );
  return deployStatus(id, asRecord(plainValue(result)));
}

async function readMetadataOf(
  t: Transport,
  type: string,
  fullNames: readonly string[],
): Promise<Array<Record<string, unknown> | undefined>> {
  const names = fullNames.map((n) => `<fullNames>${escapeXml(n)}</fullNames>`).join('');
  const result = await soap(t, 'readMetadata', `<type>${escapeXml(type)}</type>${names}`);
  return result.children
    .filter((c) => c.name === 'records')
    .map((r) => {
      const record = asRecord(plainValue(r));
      return typeof record.fullName === 'string' && record.fullName !== '' ? record : undefined;
    });
}

async function listMetadataOf(t: Transport, types: readonly string[]): Promise<ListedComponent[]> {
  const queries = types.map((type) => `<queries><type>${escapeXml(type)}</type></queries>`).join('');
  const body = await soap(
    t,
    'listMetadata',
    `${queries}<asOfVersion>${escapeXml(t.auth.apiVersion)}</asOfVersion>`,
    'a listMetadata',
    true,
  );
  return listedComponents(body, types);
}

async function queryRows<T>(t: Transport, soql: string): Promise<T[]> {
  const json = asRecord(await rest(t, 'GET', `/query?q=${encodeURIComponent(soql)}`, 'a SOQL query'));
  if (!Array.isArray(json.records)) throw new OrgTransportError('invalid', 'a SOQL query', 'no records');
  // Each step checks its own fields (admin-org-shape.ts); a record that is no record at all is no answer to any.
  const notRecord = json.records.findIndex((r: unknown) => typeof r !== 'object' || r === null || Array.isArray(r));
  if (notRecord >= 0)
    throw new OrgTransportError('wrong-shape', 'a SOQL query', `record ${notRecord + 1} is not a record`);
  return json.records as T[];
}

async function insertAssignment(
  t: Transport,
  assigneeId: string,
  permissionSetId: string,
): Promise<{ readonly id: string | null; readonly outcome: 'created' | 'exists' }> {
  try {
    const saved = asRecord(
      await rest(t, 'POST', '/sobjects/PermissionSetAssignment', 'the permission set assignment', {
        AssigneeId: assigneeId,
        PermissionSetId: permissionSetId,
      }),
    );
    return { id: typeof saved.id === 'string' ? serverText(saved.id) : null, outcome: 'created' };
  } catch (err) {
    if (err instanceof OrgApiError && err.errorCode === 'DUPLICATE_VALUE') return { id: null, outcome: 'exists' };
    throw err;
  }
}

function decodeSoap(what: string, operation: string, answer: OrgAnswer, results = false): XmlNode | 'session-expired' {
  if (!/\bxml\b/i.test(answer.contentType))
    throw new OrgTransportError(
      'invalid',
      what,
      `HTTP ${answer.status}, ${serverText(answer.contentType) || 'no content type'}, not XML`,
    );
  let envelope: XmlNode;
  try {
    envelope = parseXml(answer.text);
  } catch (err) {
    throw new OrgTransportError(
      'invalid',
      what,
      err instanceof XmlInvalid ? `malformed XML: ${err.message}` : 'malformed XML',
    );
  }
  const body = envelope.name === 'Envelope' ? childNode(envelope, 'Body') : undefined;
  const fault = childNode(body, 'Fault');
  if (fault !== undefined) {
    const code = serverText(childNode(fault, 'faultcode')?.text).replace(/^[\w.-]+:/, '') || 'UNKNOWN';
    if (code === 'INVALID_SESSION_ID') return 'session-expired';
    const text = serverText(childNode(fault, 'faultstring')?.text);
    throw new OrgApiError(code, text.startsWith(`${code}: `) ? text.slice(code.length + 2) : text);
  }
  const response = childNode(body, `${operation}Response`);
  const result = results ? response : childNode(response, 'result');
  if (answer.status !== 200 || result === undefined)
    throw new OrgTransportError('invalid', what, `HTTP ${answer.status} without a ${operation} result`);
  return result;
}

function decodeRest(what: string, answer: OrgAnswer): unknown {
  let json: unknown;
  try {
    if (!/\bjson\b/i.test(answer.contentType)) throw new Error('not JSON');
    json = JSON.parse(answer.text) as unknown;
  } catch {
    throw new OrgTransportError(
      'invalid',
      what,
      `HTTP ${answer.status}, ${serverText(answer.contentType) || 'no content type'}, not JSON`,
    );
  }
  if (answer.status >= 200 && answer.status < 300) return json;
  const first = asRecord(asArray(json as unknown[])[0]);
  const code = typeof first.errorCode === 'string' ? serverText(first.errorCode) : undefined;
  if (answer.status === 401 || code === 'INVALID_SESSION_ID') return 'session-expired';
  if (code === undefined) throw new OrgTransportError('invalid', what, `HTTP ${answer.status} without an error code`);
  throw new OrgApiError(code, serverText(first.message));
}

/** The `result`s of a listMetadata answer, each checked: a component of a type we asked for, with a name. */
function listedComponents(response: XmlNode, types: readonly string[]): ListedComponent[] {
  return response.children
    .filter((c) => c.name === 'result')
    .map((node) => {
      const raw = asRecord(plainValue(node));
      const type = serverText(raw.type);
      const fullName = serverText(raw.fullName);
      if (!types.includes(type) || fullName === '')
        throw new OrgTransportError('invalid', 'a listMetadata', 'a result without a type asked for or a name');
      const id = serverText(raw.id);
      return { type, fullName, id: /^[0-9A-Za-z]{15,18}$/.test(id) ? id : null };
    });
}

function component(raw: Record<string, unknown>, failed: boolean): DeployComponent {
  const state = failed
    ? 'Failed'
    : asBoolean(raw.created)
      ? 'Created'
      : asBoolean(raw.changed)
        ? 'Changed'
        : 'Unchanged';
  const line = Number(raw.lineNumber);
  return {
    type: serverText(raw.componentType),
    fullName: serverText(raw.fullName),
    fileName: serverText(raw.fileName),
    state,
    ...(failed ? { problem: serverText(raw.problem), problemType: serverText(raw.problemType) || 'Error' } : {}),
    ...(failed && Number.isInteger(line) && line > 0 ? { line } : {}),
  };
}

function deployStatus(id: string, raw: Record<string, unknown>): DeployStatus {
  const details = asRecord(raw.details);
  const list = (value: unknown) => asArray(value as Record<string, unknown>[]).map(asRecord);
  const successes = list(details.componentSuccesses)
    .filter((c) => serverText(c.fullName) !== 'package.xml')
    .map((c) => component(c, false));
  const failures = list(details.componentFailures).map((c) => component(c, true));
  const status = serverText(raw.status);
  if (status === '' || (raw.done !== 'true' && raw.done !== 'false'))
    throw new OrgTransportError('invalid', 'checkDeployStatus', 'no status');
  const hasError = raw.errorMessage !== undefined && raw.errorMessage !== null;
  return {
    id,
    done: asBoolean(raw.done),
    status,
    success: asBoolean(raw.success),
    components: [...successes, ...failures],
    ...(hasError
      ? { error: { statusCode: serverText(raw.errorStatusCode), message: serverText(raw.errorMessage) } }
      : {}),
  };
}

/** The bounds app create gives the transport, less the fetch (which comes from the environment). */
export type AdminOrgBounds = Omit<AdminTransportOptions, 'fetch'> & { readonly env: NodeJS.ProcessEnv };

/** The `--target-org` org, through the bounded transport; @salesforce/core supplies the auth. */
export async function adminOrg(org: Org, bounds: AdminOrgBounds): Promise<AdminOrg> {
  const { fetchFromEnv } = await import('./http.js');
  const connection = org.getConnection();
  const username = connection.getUsername() ?? org.getUsername() ?? '';
  // Read from sf's auth file: checked before use (a malformed one would be a TypeError deep in the transport).
  const instanceUrl: unknown = connection.instanceUrl;
  if (typeof instanceUrl !== 'string' || !URL.canParse(instanceUrl)) {
    const { unreadable } = await import('./sf-state.js');
    throw unreadable(`the instance URL saved for ${username} is not a URL`);
  }
  const auth: AdminAuth = {
    username,
    instanceUrl,
    apiVersion: connection.getApiVersion(),
    accessToken: () => connection.accessToken ?? '',
    refresh: async () => {
      await org.refreshAuth();
    },
  };
  return adminOrgOver(auth, { ...bounds, fetch: fetchFromEnv(bounds.env) });
}
