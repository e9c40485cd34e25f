// package.xml: which members of which types a deploy holds (`*` = every file of the type in the zip).
import { child, parseXml, XmlSyntaxError } from '../xml/parse.js';

export interface PackageManifest {
  types: { name: string; members: string[] }[];
  version: string | undefined;
}

export type ManifestResult =
  { ok: true; manifest: PackageManifest } | { ok: false; problem: string; line?: number; column?: number };

export function parseManifest(text: string): ManifestResult {
  try {
    const root = parseXml(text);
    if (root.local !== 'Package')
      return {
        ok: false,
        problem: `Error parsing file: the root element must be Package (got ${root.local})`,
        line: root.line,
        column: root.column,
      };
    const types = root.children
      .filter((c) => c.local === 'types')
      .map((t) => ({
        name: child(t, 'name')?.text.trim() ?? '',
        members: t.children.filter((m) => m.local === 'members').map((m) => m.text.trim()),
      }));
    return { ok: true, manifest: { types, version: child(root, 'version')?.text.trim() } };
  } catch (error) {
    if (!(error instanceof XmlSyntaxError)) throw error;
    return { ok: false, problem: `Error parsing file: ${error.message}`, line: error.line, column: error.column };
  }
}
