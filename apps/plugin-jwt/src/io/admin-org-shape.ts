/**
 * The shape of the admin org's answers, checked before anything uses them: valid JSON or XML is not yet a Salesforce
 * answer. An org (or whatever answers in its place) can send `records: [null]`, a number for an Id, an array for a
 * name or leave a field out; each of those once crashed the pre-flight or, worse, passed it: a user `"Id": 12345`
 * got the app deployed, then failed at the assignment, the org changed on a lie. Every field a step reads is
 * declared here with its type, and Ids with Salesforce's format: 15 case-sensitive characters, or 18 whose last three
 * are the checksum of the first 15, and the key prefix of their object (the first three characters: `005` a User,
 * `0PS` a PermissionSet, `0Pa` a PermissionSetAssignment; Salesforce's "Standard Field Record ID Prefix Decoder",
 * help article 000385203). A wrong one is {@link OrgTransportError} `wrong-shape`, naming the field and the record.
 */
import { OrgTransportError } from './admin-org.js';

/** A field's check: the problem, or undefined when the value has the declared shape. */
export type FieldRule = (value: unknown) => string | undefined;

/** What one record must hold: each field's rule (absent fields are `undefined` to the rule). */
export type RecordShape = Readonly<Record<string, FieldRule>>;

const CHECKSUM_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** The three checksum characters of a 15-character Id: per block of five, a bit for each upper-case letter. */
export function idChecksum(id15: string): string {
  let suffix = '';
  for (let block = 0; block < 3; block += 1) {
    let bits = 0;
    for (let i = 0; i < 5; i += 1) {
      const c = id15.charAt(block * 5 + i);
      if (c >= 'A' && c <= 'Z') bits += 1 << i;
    }
    suffix += CHECKSUM_ALPHABET.charAt(bits);
  }
  return suffix;
}

/** What is wrong with `value` as an Id of the object with key `prefix`, or undefined. */
export function idProblem(value: unknown, prefix: string): string | undefined {
  if (typeof value !== 'string') return `${describe(value)}, not an Id`;
  if (!/^[0-9A-Za-z]{15}(?:[0-9A-Za-z]{3})?$/.test(value)) return 'not a 15- or 18-character Id';
  if (value.length === 18 && value.slice(15) !== idChecksum(value.slice(0, 15))) return 'an Id with a wrong checksum';
  if (!value.startsWith(prefix)) return `an Id of another object (prefix ${value.slice(0, 3)}, not ${prefix})`;
  return undefined;
}

/** The value's JSON type in words, for a problem ("a number", "an array", "null"). */
function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** The rules a step declares its fields with. */
export const shape = {
  id:
    (prefix: string): FieldRule =>
    (value) =>
      idProblem(value, prefix),
  string: (): FieldRule => (value) => (typeof value === 'string' ? undefined : `${describe(value)}, not a string`),
  boolean: (): FieldRule => (value) => (typeof value === 'boolean' ? undefined : `${describe(value)}, not a boolean`),
  /** Absent is fine; present must follow `rule`. */
  optional:
    (rule: FieldRule): FieldRule =>
    (value) =>
      value === undefined ? undefined : rule(value),
  /** `null` (no value in Salesforce) is fine; anything else must follow `rule`. */
  nullable:
    (rule: FieldRule): FieldRule =>
    (value) =>
      value === null ? undefined : rule(value),
  /** A nested record (a relationship field such as `Profile`), itself checked: its problem reads `Profile.Name is …`. */
  record:
    (fields: RecordShape): FieldRule =>
    (value) => {
      if (!isRecord(value)) return `${describe(value)}, not a record`;
      const problem = recordProblem(value, fields);
      return problem === undefined ? undefined : `.${problem}`;
    },
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first field of `record` that breaks its rule, as `Name is …` (a nested one as `Profile.Name is …`). */
function recordProblem(record: Record<string, unknown>, fields: RecordShape): string | undefined {
  for (const [name, rule] of Object.entries(fields)) {
    const problem = rule(record[name]);
    if (problem !== undefined) return problem.startsWith('.') ? `${name}${problem}` : `${name} is ${problem}`;
  }
  return undefined;
}

/** What is wrong with `value` as a record of `fields`, or undefined. */
function problemOf(value: unknown, fields: RecordShape): string | undefined {
  return isRecord(value) ? recordProblem(value, fields) : `${describe(value)}, not a record`;
}

/**
 * The rows, each checked against `fields`; the first wrong one ends the run.
 *
 * @throws {@link OrgTransportError} `wrong-shape` naming `what` was asked, the record and the field.
 */
export function checkedRows<T>(rows: readonly unknown[], what: string, fields: RecordShape): T[] {
  rows.forEach((row, index) => {
    const problem = problemOf(row, fields);
    if (problem !== undefined) throw new OrgTransportError('wrong-shape', what, `record ${index + 1}: ${problem}`);
  });
  return rows as T[];
}

/**
 * One record (a readMetadata result) checked against `fields`, or undefined when there is none.
 *
 * @throws {@link OrgTransportError} `wrong-shape`.
 */
export function checkedRecord<T>(record: unknown, what: string, fields: RecordShape): T | undefined {
  if (record === undefined) return undefined;
  const problem = problemOf(record, fields);
  if (problem !== undefined) throw new OrgTransportError('wrong-shape', what, problem);
  return record as T;
}
