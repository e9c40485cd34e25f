// POST /services/data/vNN.N/sobjects/PermissionSetAssignment: assigns a permission set to a user, with the REST
// API's error shapes ([{message, errorCode, fields}]) for a duplicate, unknown ids, missing fields and missing rights.
// GET /sobjects/<Type>/<id> (a record by id) is sobject-record.ts.
import { findOrg, findUser } from '../config/model.js';
import type { Ctx } from '../context.js';
import type { Exchange } from '../http/exchange.js';
import { REST_ERRORS } from '../errors-catalog.js';
import { assignmentId, findPermissionSet } from '../setup/org-directory.js';
import { requireSession, servedVersion } from './rest.js';
import { sobjectRecordRoute } from './sobject-record.js';

const MAX_JSON_BYTES = 64 * 1024;

function restError(ex: Exchange, status: number, errorCode: string, message: string, fields: string[] = []): void {
  ex.json(status, [{ message, errorCode, fields }]);
}

export async function sobjectsRoute(ctx: Ctx, ex: Exchange, version: string | undefined): Promise<void> {
  const session = requireSession(ctx, ex);
  if (session === undefined || servedVersion(ctx, ex, version) === undefined) return;
  const type = ex.url.pathname.replace(/\/+$/, '').split('/sobjects/')[1] ?? '';
  if (/^\w+\/[0-9A-Za-z]{15,18}$/.test(type) && (ex.method === 'GET' || ex.method === 'HEAD'))
    return sobjectRecordRoute(ctx, ex, session, version ?? '', type);
  if (type.toLowerCase() !== 'permissionsetassignment')
    return ex.json(REST_ERRORS.notFound.status, REST_ERRORS.notFound.body);
  if (ex.method !== 'POST') {
    return restError(
      ex,
      405,
      'METHOD_NOT_ALLOWED',
      `HTTP Method '${ex.method}' not allowed. Allowed are HEAD,GET,POST`,
    );
  }
  const caller = findUser(ctx.model, session.username);
  const org = findOrg(ctx.model, session.orgId);
  if (caller === undefined || org === undefined)
    return ex.json(REST_ERRORS.invalidSession.status, REST_ERRORS.invalidSession.body);
  const raw = await ex.bodyBytes(MAX_JSON_BYTES);
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(raw?.toString('utf8') ?? '') as Record<string, unknown>;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('not an object');
  } catch {
    return restError(ex, 400, 'JSON_PARSER_ERROR', 'The request body is not a JSON object of field values');
  }
  const unknown = Object.keys(body).find((k) => !['AssigneeId', 'PermissionSetId', 'attributes'].includes(k));
  if (unknown !== undefined)
    return restError(
      ex,
      400,
      'INVALID_FIELD',
      `No such column '${unknown}' on sobject of type PermissionSetAssignment`,
    );
  const assigneeId = typeof body.AssigneeId === 'string' ? body.AssigneeId : undefined;
  const permissionSetId = typeof body.PermissionSetId === 'string' ? body.PermissionSetId : undefined;
  const missing = [
    assigneeId === undefined ? 'AssigneeId' : '',
    permissionSetId === undefined ? 'PermissionSetId' : '',
  ].filter((f) => f !== '');
  if (missing.length > 0)
    return restError(
      ex,
      400,
      'REQUIRED_FIELD_MISSING',
      `Required fields are missing: [${missing.join(', ')}]`,
      missing,
    );
  const assignee = ctx.model.users.find(
    (u) => u.org === org.id && (u.userId === assigneeId || u.userId.slice(0, 15) === assigneeId),
  );
  if (assignee === undefined)
    return restError(ex, 400, 'INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', ['AssigneeId']);
  if (!caller.canAssignPermissionSets) {
    return restError(
      ex,
      400,
      'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY',
      `insufficient access rights on cross-reference id: ${assignee.userId.slice(0, 15)}`,
    );
  }
  const permissionSet = findPermissionSet(org, permissionSetId ?? '');
  if (permissionSet === undefined)
    return restError(ex, 400, 'INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', ['PermissionSetId']);
  if (assignee.permissionSets.includes(permissionSet.name)) {
    return restError(
      ex,
      400,
      'DUPLICATE_VALUE',
      `Duplicate PermissionSetAssignment. Assignee: ${assignee.userId}; Permission Set: ${permissionSet.id}`,
    );
  }
  assignee.permissionSets.push(permissionSet.name);
  ex.json(201, { id: assignmentId(assignee.userId, permissionSet.id), success: true, errors: [] });
}
