// The elements each deployable type accepts, read from Salesforce's own WSDL-generated types (`@salesforce/types`,
// lib/metadata.d.ts, pinned in package.json) instead of a list written by hand: what the WSDL has is accepted (even
// elements nothing here uses, such as `isDPopEnabled`), what it lacks is "invalid at this location". The build writes
// the parsed schema next to this module (wsdl-schema.json, build output only); run from source, it parses the .d.ts.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What an element's text must be: a scalar kind, one of an enum's values, or child elements of a complex type. */
export type WsdlValue = 'boolean' | 'number' | 'string' | 'enum' | 'complex';

export interface WsdlField {
  name: string;
  value: WsdlValue;
  /** The enum's or complex type's name. */
  type?: string;
  /** The enum's values. */
  values?: string[];
  /** minOccurs 1: a scalar declared without `?` (lists are never required: `T[]` is minOccurs 0 in the WSDL). */
  required: boolean;
  list: boolean;
}

export interface WsdlType {
  fields: WsdlField[];
}

export interface WsdlSchema {
  /** The @salesforce/types version the schema was read from. */
  source: string;
  /** Every type reachable from the roots, by name. */
  types: Record<string, WsdlType>;
}

/** The root types the emulator deploys; their complex children come along. */
export const WSDL_ROOT_TYPES = [
  'ExternalClientApplication',
  'ExtlClntAppOauthSettings',
  'ExtlClntAppGlobalOauthSettings',
  'ExtlClntAppOauthConfigurablePolicies',
  'ExtlClntAppConfigurablePolicies',
  'ConnectedApp',
  'PermissionSet',
] as const;

type Declaration =
  | { kind: 'object'; bases: string[]; fields: { name: string; optional: boolean; type: string; list: boolean }[] }
  | { kind: 'enum'; values: string[] }
  | { kind: 'alias'; target: string };

/** Every `export type` of metadata.d.ts: object types (with their `Base &` parts), string-literal unions, aliases. */
function declarations(dts: string): Map<string, Declaration> {
  const found = new Map<string, Declaration>();
  const object = /^export type (\w+) = ((?:\w+ & )*)\{\n([\s\S]*?)\n\};$/gm;
  for (const [, name = '', bases = '', body = ''] of dts.matchAll(object)) {
    const fields = [];
    for (const line of body.split('\n')) {
      const field = /^\s+(\w+)(\??): (\w+)(\[\])?;$/.exec(line);
      if (field === null) throw new Error(`metadata.d.ts: cannot read the field "${line.trim()}" of ${name}`);
      const [, fieldName = '', optional, type = '', list] = field;
      fields.push({ name: fieldName, optional: optional === '?', type, list: list === '[]' });
    }
    const baseNames = bases
      .split('&')
      .map((b) => b.trim())
      .filter((b) => b !== '');
    found.set(name, { kind: 'object', bases: baseNames, fields });
  }
  for (const [, name = '', union = ''] of dts.matchAll(/^export type (\w+) = ('[^\n]*');$/gm)) {
    found.set(name, { kind: 'enum', values: [...union.matchAll(/'([^']*)'/g)].map((m) => m[1] ?? '') });
  }
  for (const [, name = '', target = ''] of dts.matchAll(/^export type (\w+) = (\w+);$/gm)) {
    found.set(name, { kind: 'alias', target });
  }
  return found;
}

const SCALARS: Record<string, WsdlValue> = { string: 'string', boolean: 'boolean', number: 'number' };

/** Parses metadata.d.ts text into the schema of `roots` and every complex type they reach. */
export function parseWsdlSchema(dts: string, source: string, roots: readonly string[] = WSDL_ROOT_TYPES): WsdlSchema {
  const decls = declarations(dts);
  const resolve = (type: string): string => {
    let current = type;
    for (let d = decls.get(current); d?.kind === 'alias'; d = decls.get(current)) current = d.target;
    return current;
  };
  const types: Record<string, WsdlType> = {};
  const pending = [...roots];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (types[name] !== undefined) continue;
    const decl = decls.get(name);
    if (decl?.kind !== 'object') throw new Error(`metadata.d.ts has no object type ${name}`);
    const own = [...decl.bases.flatMap((b) => objectFields(decls, b)), ...decl.fields];
    types[name] = {
      fields: own.map((f) => {
        const target = resolve(f.type);
        const scalar = SCALARS[target];
        const targetDecl = decls.get(target);
        const base = { name: f.name, required: !f.optional && !f.list, list: f.list };
        if (scalar !== undefined) return { ...base, value: scalar };
        if (targetDecl?.kind === 'enum') return { ...base, value: 'enum', type: target, values: targetDecl.values };
        if (targetDecl?.kind !== 'object')
          throw new Error(`metadata.d.ts: ${name}.${f.name} has unknown type ${target}`);
        pending.push(target);
        return { ...base, value: 'complex', type: target };
      }),
    };
  }
  return { source, types };
}

function objectFields(decls: Map<string, Declaration>, name: string): (Declaration & { kind: 'object' })['fields'] {
  const decl = decls.get(name);
  if (decl?.kind !== 'object') throw new Error(`metadata.d.ts has no object type ${name}`);
  return [...decl.bases.flatMap((b) => objectFields(decls, b)), ...decl.fields];
}

/** Where the build writes the schema: beside this module in dist/. */
export const WSDL_SCHEMA_FILE = 'wsdl-schema.json';

/** metadata.d.ts of the pinned @salesforce/types and that package's version. */
export function readMetadataDts(): { text: string; source: string } {
  const require = createRequire(import.meta.url);
  const lib = dirname(require.resolve('@salesforce/types/metadata'));
  const pkg = JSON.parse(readFileSync(join(lib, '..', 'package.json'), 'utf8')) as { version: string };
  return { text: readFileSync(join(lib, 'metadata.d.ts'), 'utf8'), source: `@salesforce/types@${pkg.version}` };
}

let cached: WsdlSchema | undefined;

/** The schema: the build's JSON when present (dist/), else parsed from the pinned @salesforce/types (source runs). */
export function wsdlSchema(): WsdlSchema {
  if (cached !== undefined) return cached;
  const built = join(dirname(fileURLToPath(import.meta.url)), WSDL_SCHEMA_FILE);
  if (existsSync(built)) cached = JSON.parse(readFileSync(built, 'utf8')) as WsdlSchema;
  else {
    const { text, source } = readMetadataDts();
    cached = parseWsdlSchema(text, source);
  }
  return cached;
}

const byType = new Map<string, ReadonlyMap<string, WsdlField>>();

/** One type's fields by name. */
export function wsdlFields(type: string): ReadonlyMap<string, WsdlField> {
  let fields = byType.get(type);
  if (fields === undefined) {
    const found = wsdlSchema().types[type];
    if (found === undefined) throw new Error(`the WSDL schema has no type ${type}`);
    fields = new Map(found.fields.map((f) => [f.name, f]));
    byType.set(type, fields);
  }
  return fields;
}
