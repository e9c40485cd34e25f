// Runs a parsed query over in-memory records. SOQL compares strings case-insensitively; fields are looked up
// case-insensitively and returned with the record's own spelling.
import type { SObjectRecord } from '../config/types.js';
import type { Condition, Literal, SoqlQuery } from './parse.js';

export function fieldValue(record: SObjectRecord, field: string): Literal | undefined {
  const key = Object.keys(record).find((k) => k.toLowerCase() === field.toLowerCase());
  return key === undefined ? undefined : (record[key] ?? null);
}

function compare(a: Literal | undefined, b: Literal): number {
  const x = a ?? null;
  if (x === null || b === null) return x === b ? 0 : x === null ? -1 : 1;
  if (typeof x === 'string' && typeof b === 'string') return x.toLowerCase().localeCompare(b.toLowerCase());
  return x < b ? -1 : x > b ? 1 : 0;
}

function like(value: Literal | undefined, pattern: Literal): boolean {
  if (typeof value !== 'string' || typeof pattern !== 'string') return false;
  const regex = pattern
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/%/g, '.*')
    .replace(/_/g, '.');
  return new RegExp(`^${regex}$`, 'is').test(value);
}

function matches(record: SObjectRecord, c: Condition): boolean {
  const value = fieldValue(record, c.field);
  switch (c.op) {
    case 'IN':
      return c.values.some((v) => compare(value, v) === 0);
    case 'NOT IN':
      return !c.values.some((v) => compare(value, v) === 0);
    case 'LIKE':
      return like(value, c.value);
    case '=':
      return compare(value, c.value) === 0;
    case '!=':
      return compare(value, c.value) !== 0;
    case '<':
      return compare(value, c.value) < 0;
    case '>':
      return compare(value, c.value) > 0;
    case '<=':
      return compare(value, c.value) <= 0;
    case '>=':
      return compare(value, c.value) >= 0;
  }
}

/** Filtered, sorted and paged records (not yet projected), plus the total before LIMIT/OFFSET. */
export function runQuery(
  query: SoqlQuery,
  records: readonly SObjectRecord[],
): { totalSize: number; rows: SObjectRecord[] } {
  const filtered = records.filter((r) => query.where.every((c) => matches(r, c)));
  const sorted = [...filtered].sort((a, b) => {
    for (const { field, descending } of query.orderBy) {
      const order = compare(fieldValue(a, field), fieldValue(b, field) ?? null);
      if (order !== 0) return descending ? -order : order;
    }
    return 0;
  });
  const start = query.offset ?? 0;
  const rows = sorted.slice(start, query.limit === undefined ? undefined : start + query.limit);
  return { totalSize: query.count ? filtered.length : rows.length, rows };
}

// The sObject type behind a relationship name, for the nested record's `attributes.type`.
const RELATIONSHIP_TYPES: Record<string, string> = { License: 'PermissionSetLicense', Assignee: 'User' };

/**
 * Keeps the selected fields, in the query's order, with the record's field spelling (Id always resolvable).
 * A relationship field (`Profile.Name`) comes back nested as Salesforce sends it: `Profile: { attributes, Name }`,
 * or `Profile: null` when the lookup is empty.
 */
export function project(record: SObjectRecord, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const key = Object.keys(record).find((k) => k.toLowerCase() === field.toLowerCase()) ?? field;
    const value = record[key] ?? null;
    const dot = key.indexOf('.');
    if (dot < 0) {
      out[key] = value;
      continue;
    }
    const relationship = key.slice(0, dot);
    const existing = out[relationship];
    if (value === null && existing === undefined) {
      out[relationship] = null;
    } else if (value !== null) {
      const nested = (
        typeof existing === 'object' && existing !== null
          ? existing
          : { attributes: { type: RELATIONSHIP_TYPES[relationship] ?? relationship } }
      ) as Record<string, unknown>;
      nested[key.slice(dot + 1)] = value;
      out[relationship] = nested;
    }
  }
  return out;
}
