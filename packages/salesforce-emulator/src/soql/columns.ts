// The `?columns=true` variant of the query resource: column metadata instead of records (`sf data query` asks for
// it to lay out its table).
import type { SObjectRecord } from '../config/types.js';
import type { SoqlQuery } from './parse.js';
import { fieldValue } from './evaluate.js';

function apexType(field: string, value: unknown): string {
  if (field.toLowerCase() === 'id') return 'Id';
  if (typeof value === 'number') return 'Double';
  if (typeof value === 'boolean') return 'Boolean';
  return 'String';
}

export function columnMetadata(query: SoqlQuery, type: string, records: readonly SObjectRecord[]) {
  const sample = records[0];
  const columns = query.fields.map((f) => {
    const spelled =
      sample === undefined
        ? f.name
        : (Object.keys(sample).find((k) => k.toLowerCase() === f.name.toLowerCase()) ?? f.name);
    const kind = apexType(f.name, sample === undefined ? undefined : fieldValue(sample, f.name));
    return {
      aggregate: false,
      apexType: kind,
      booleanType: kind === 'Boolean',
      columnName: spelled,
      custom: spelled.endsWith('__c'),
      displayName: spelled,
      foreignKeyName: null,
      insertable: kind !== 'Id',
      joinColumns: [],
      numberType: kind === 'Double',
      textType: kind === 'String',
      updatable: kind !== 'Id',
    };
  });
  const id = sample === undefined ? undefined : fieldValue(sample, 'Id');
  return {
    columnMetadata: columns,
    entityName: type,
    groupBy: false,
    idSelected: query.fields.some((f) => f.name.toLowerCase() === 'id'),
    keyPrefix: typeof id === 'string' ? id.slice(0, 3) : null,
  };
}
