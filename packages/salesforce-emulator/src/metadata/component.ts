// One component file of a deploy: parsed, checked against its type's schema (root element, namespace, known and
// required elements), and flattened to element → text for the semantic checks. Problems come back in Salesforce's
// wording with the line and column of the offending element.
import { parseXml, XmlSyntaxError, type XmlElement } from '../xml/parse.js';
import { METADATA_NS, type MetadataTypeSpec } from './types.js';

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
  const fields: Record<string, string> = {};
  for (const el of root.children) {
    if (!spec.fields.includes(el.local)) {
      return {
        ok: false,
        failure: {
          problem: `Element {${METADATA_NS}}${el.local} invalid at this location in type ${spec.name}`,
          line: el.line,
          column: el.column,
        },
      };
    }
    fields[el.local] = el.text.trim();
  }
  const missing = spec.required.find((f) => fields[f] === undefined || fields[f] === '');
  if (missing !== undefined)
    return {
      ok: false,
      failure: { problem: `Required field is missing: ${missing}`, line: root.line, column: root.column },
    };
  return { ok: true, component: { spec, fullName, fileName, root, fields } };
}

/** Every top-level element with this name (for repeatable ones such as ConnectedApp `profileName`). */
export function all(component: Component, local: string): XmlElement[] {
  return component.root.children.filter((c) => c.local === local);
}
