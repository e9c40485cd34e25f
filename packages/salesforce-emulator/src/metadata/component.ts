// One component file of a deploy: parsed, checked against its type's schema from Salesforce's WSDL types (root
// element, namespace, known elements at every level, value kinds, required elements), and flattened to element → text
// for the semantic checks. Problems come back in Salesforce's
// wording with the line and column of the offending element.
import { parseXml, XmlSyntaxError, type XmlElement } from '../xml/parse.js';
import { booleanProblem, enumProblem } from './checks.js';
import { METADATA_NS, type MetadataTypeSpec } from './types.js';
import { wsdlFields, type WsdlField } from './wsdl-schema.js';

export interface Component {
  spec: MetadataTypeSpec;
  fullName: string;
  /** Path inside the zip, as Salesforce echoes it in DeployMessage.fileName. */
  fileName: string;
  root: XmlElement;
  /** Top-level element → trimmed text (the last one wins for repeated elements; see `all`). */
  fields: Record<string, string>;
}

export interface ComponentProblem {
  problem: string;
  line?: number;
  column?: number;
}

export type ComponentResult = { ok: true; component: Component } | { ok: false; failure: ComponentProblem };

export function readComponent(
  spec: MetadataTypeSpec,
  fullName: string,
  fileName: string,
  text: string,
): ComponentResult {
  let root: XmlElement;
  try {
    root = parseXml(text);
  } catch (error) {
    if (!(error instanceof XmlSyntaxError)) throw error;
    return {
      ok: false,
      failure: { problem: `Error parsing file: ${error.message}`, line: error.line, column: error.column },
    };
  }
  if (root.local !== spec.name || (root.attributes.xmlns ?? METADATA_NS) !== METADATA_NS) {
    const ns = root.attributes.xmlns ?? '';
    return {
      ok: false,
      failure: {
        problem: `Error parsing file: Element {${ns}}${root.local} invalid at this location`,
        line: root.line,
        column: root.column,
      },
    };
  }
  const problem = elementsProblem(spec.name, root, spec.required);
  if (problem !== undefined) return { ok: false, failure: problem };
  const fields: Record<string, string> = {};
  for (const el of root.children) fields[el.local] = el.text.trim();
  return { ok: true, component: { spec, fullName, fileName, root, fields } };
}

/**
 * Checks an element's children against its WSDL type, recursively: every child is an element of the type, in the
 * order of the type's sequence, scalars hold their kind (boolean, number, an enum's value), complex children are
 * checked in their own type, and required elements (the WSDL's, plus `extraRequired` for the root) are present and
 * not empty.
 *
 * The order: the Metadata WSDL declares each type's elements as an `xsd:sequence`, and Salesforce validates the XML
 * against it, answering an element out of its place as it answers an unknown one ("Error parsing file: Element
 * {http://soap.sforce.com/2006/04/metadata}X invalid at this location in type T", quoted in public deploy outputs and
 * matched on by sfdx-hardis; one live report of ECA files says out-of-order elements were dropped instead, so the
 * emulator takes the stricter answer: an order bug fails a test here rather than a field silently missing there).
 * The sequence is the order @salesforce/types' metadata.d.ts declares the fields in (generated from the WSDL).
 */
function elementsProblem(
  type: string,
  parent: XmlElement,
  extraRequired: readonly string[] = [],
): ComponentProblem | undefined {
  const fields = wsdlFields(type);
  const sequence = [...fields.keys()];
  let place = 0;
  for (const el of parent.children) {
    const field = fields.get(el.local);
    const at = { line: el.line, column: el.column };
    const index = sequence.indexOf(el.local);
    if (field === undefined || index < place) return { problem: invalidAtThisLocation(el.local, type), ...at };
    place = index;
    if (field.value === 'complex') {
      const nested = elementsProblem(field.type ?? '', el);
      if (nested !== undefined) return nested;
      continue;
    }
    const problem = valueProblem(field, el.text.trim());
    if (problem !== undefined) return { problem, ...at };
  }
  const required = [
    ...[...fields.values()].filter((f) => f.required && f.value !== 'complex').map((f) => f.name),
    ...extraRequired,
  ];
  const missing = required.find((name) => {
    const el = parent.children.find((c) => c.local === name);
    return el === undefined || el.text.trim() === '';
  });
  if (missing !== undefined)
    return { problem: `Required field is missing: ${missing}`, line: parent.line, column: parent.column };
  return undefined;
}

/**
 * Salesforce's text for an element its type does not have there (unknown, or out of the sequence's order), with the
 * XML parser's prefix (public deploy outputs; sfdx-hardis matches "Error parsing file").
 */
function invalidAtThisLocation(element: string, type: string): string {
  return `Error parsing file: Element {${METADATA_NS}}${element} invalid at this location in type ${type}`;
}

function valueProblem(field: WsdlField, value: string): string | undefined {
  switch (field.value) {
    case 'boolean':
      return booleanProblem(field.name, value === '' ? undefined : value);
    case 'number':
      return value === '' || /^-?\d+(\.\d+)?$/.test(value)
        ? undefined
        : `In field: ${field.name} - '${value}' is not a valid value for the type number`;
    case 'enum':
      return enumProblem(value === '' ? undefined : value, field.type ?? '', field.values ?? []);
    default:
      return undefined;
  }
}

/** Every top-level element with this name (for repeatable ones such as ConnectedApp `profileName`). */
export function all(component: Component, local: string): XmlElement[] {
  return component.root.children.filter((c) => c.local === local);
}
