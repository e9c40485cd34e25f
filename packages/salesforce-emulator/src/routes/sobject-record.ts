// GET /services/data/vNN.N/sobjects/<Type>/<id>[?fields=A,B]: one record by id (15 or 18 characters), as the REST
// API answers it: `attributes` (type, url) then every field, or only the `fields` asked for. The records are those the
// query route serves (User, Organization, Profile, PermissionSet, …); an unknown id is 404 NOT_FOUND, an unknown field
// 400 INVALID_FIELD.
import { findOrg, findUser } from '../config/model.js';
import type { Ctx } from '../context.js';
import type { Exchange } from '../http/exchange.js';
import { REST_ERRORS } from '../errors-catalog.js';
import { objectData } from '../soql/objects.js';
import type { Session } from '../state.js';

export function sobjectRecordRoute(ctx: Ctx, ex: Exchange, session: Session, version: string, path: string): void {
  const [typeName = '', id = ''] = path.split('/');
  const org = findOrg(ctx.model, session.orgId);
  const data =
    org === undefined ? undefined : objectData(ctx.model, org, typeName, false, findUser(ctx.model, session.username));
  const record = data?.records.find((r) => {
    const recordId = typeof r.Id === 'string' ? r.Id : '';
    return recordId === id || (id.length === 15 && recordId.slice(0, 15) === id);
  });
  if (data === undefined || record === undefined)
    return ex.json(REST_ERRORS.notFound.status, REST_ERRORS.notFound.body);
  // Relationship fields (`Profile.Name`) are query-only: a record answer carries the record's own fields.
  const own = Object.entries(record).filter(([name]) => !name.includes('.'));
  const asked = ex.url.searchParams.get('fields');
  let fields = own;
  if (asked !== null) {
    const names = asked
      .split(',')
      .map((f) => f.trim())
      .filter((f) => f !== '');
    const unknown = names.find((n) => !own.some(([name]) => name.toLowerCase() === n.toLowerCase()));
    if (unknown !== undefined) {
      return ex.json(400, [
        { errorCode: 'INVALID_FIELD', message: `No such column '${unknown}' on sobject of type ${data.type}` },
      ]);
    }
    fields = own.filter(([name]) => names.some((n) => n.toLowerCase() === name.toLowerCase()));
  }
  const recordId = String(record.Id);
  ex.json(200, {
    attributes: { type: data.type, url: `/services/data/v${version}/sobjects/${data.type}/${recordId}` },
    ...Object.fromEntries(fields),
  });
}
