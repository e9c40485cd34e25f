/**
 * jwt-core's error details as sf's error `data`: JSON values only, converted the way `JSON.stringify` would (sf prints
 * `data` in the --json error envelope), so the envelope shows exactly what it always did, without a typed cast.
 */

/** A JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * The JSON value `JSON.stringify` would write for `value`; undefined where it writes nothing (undefined, functions,
 * symbols). Non-finite numbers become null, `toJSON()` is honoured (dates), bigints are written as decimal strings
 * (where `JSON.stringify` would throw).
 */
export function toJsonValue(value: unknown): JsonValue | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object') return undefined;
  if (hasToJson(value)) return toJsonValue(value.toJSON());
  if (Array.isArray(value)) return value.map((item: unknown) => toJsonValue(item) ?? null);
  return jsonObject(value as Record<string, unknown>);
}

/** An object's own enumerable properties as JSON, those without a JSON value left out. */
export function jsonObject(value: Readonly<Record<string, unknown>>): { [key: string]: JsonValue } {
  const out: { [key: string]: JsonValue } = {};
  for (const [key, item] of Object.entries(value)) {
    const json = toJsonValue(item);
    if (json !== undefined) out[key] = json;
  }
  return out;
}

function hasToJson(value: object): value is { toJSON: () => unknown } {
  return typeof (value as { toJSON?: unknown }).toJSON === 'function';
}
