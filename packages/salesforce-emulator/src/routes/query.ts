// GET /services/data/vNN.N/query and …/tooling/query: SOQL over the org's emulated records.
import { findOrg, findUser } from '../config/model.js';
import type { Ctx } from '../context.js';
import type { Exchange } from '../http/exchange.js';
import { parseSoql, SoqlSyntaxError, type SoqlQuery } from '../soql/parse.js';
import { fieldValue, project, runQuery } from '../soql/evaluate.js';
import { objectData } from '../soql/objects.js';
import { columnMetadata } from '../soql/columns.js';
import { requireSession, servedVersion } from './rest.js';

function queryError(ex: Exchange, errorCode: string, query: string, column: number | undefined, message: string): void {
  // Salesforce echoes the query with a caret under the offending column.
  const text =
    column === undefined
      ? message
      : `\n${query}\n${' '.repeat(column - 1)}^\nERROR at Row:1:Column:${column}\n${message}`;
  ex.json(400, [{ message: text, errorCode }]);
}

export function queryRoute(ctx: Ctx, ex: Exchange, version: string | undefined, tooling: boolean): void {
  const session = requireSession(ctx, ex);
  if (session === undefined || servedVersion(ctx, ex, version) === undefined) return;
  if (ex.method !== 'GET' && ex.method !== 'HEAD') {
    return ex.json(405, [
      { errorCode: 'METHOD_NOT_ALLOWED', message: `HTTP Method '${ex.method}' not allowed. Allowed are GET,HEAD` },
    ]);
  }
  const text = ex.url.searchParams.get('q');
  if (text === null || text.trim() === '')
    return queryError(ex, 'MALFORMED_QUERY', '', undefined, 'A query string has to be specified');
  let query: SoqlQuery;
  try {
    query = parseSoql(text);
  } catch (error) {
    if (!(error instanceof SoqlSyntaxError)) throw error;
    return queryError(ex, 'MALFORMED_QUERY', text, error.column, error.message);
  }
  const org = findOrg(ctx.model, session.orgId);
  const data =
    org === undefined
      ? undefined
      : objectData(ctx.model, org, query.type, tooling, findUser(ctx.model, session.username));
  if (data === undefined) {
    return queryError(
      ex,
      'INVALID_TYPE',
      text,
      query.typeColumn,
      `sObject type '${query.type}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
    );
  }
  // With records to learn the fields from, an unknown field is INVALID_FIELD, as Salesforce answers it.
  const known = new Set(data.records.flatMap((r) => Object.keys(r).map((k) => k.toLowerCase())));
  const names = [
    ...query.fields.map((f) => ({ name: f.name, column: f.column })),
    ...query.where.map((c) => ({ name: c.field, column: undefined })),
  ];
  const unknown =
    data.records.length === 0
      ? undefined
      : names.find((f) => f.name.toLowerCase() !== 'id' && !known.has(f.name.toLowerCase()));
  if (unknown !== undefined) {
    return queryError(
      ex,
      'INVALID_FIELD',
      text,
      unknown.column,
      `No such column '${unknown.name}' on entity '${data.type}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
    );
  }
  if (ex.url.searchParams.get('columns') === 'true')
    return ex.json(200, columnMetadata(query, data.type, data.records));
  const { totalSize, rows } = runQuery(query, data.records);
  const prefix = tooling
    ? `/services/data/v${version ?? ''}/tooling/sobjects`
    : `/services/data/v${version ?? ''}/sobjects`;
  const records = query.count
    ? []
    : rows.map((r) => {
        const id = fieldValue(r, 'Id');
        const attributes =
          typeof id === 'string' ? { type: data.type, url: `${prefix}/${data.type}/${id}` } : { type: data.type };
        return {
          attributes,
          ...project(
            r,
            query.fields.map((f) => f.name),
          ),
        };
      });
  const body = tooling
    ? { size: totalSize, totalSize, done: true, queryLocator: null, entityTypeName: data.type, records }
    : { totalSize, done: true, records };
  ex.json(200, body);
}
