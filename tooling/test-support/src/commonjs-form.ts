// The CommonJS form of an ES-module README example, by the rule the READMEs state: each `import { a, b as c } from 'x'`
// becomes `const { a, b: c } = require('x')` (Node's require() of ES modules, 20.19+ and 22), and the code after the
// imports goes inside `(async () => { … })();`, because CommonJS has no top-level await.

/** A named import at the very start of a text (possibly over several lines). */
const LEADING_IMPORT = /^import\s+\{([^}]*)\}\s+from\s+'([^']+)';\n/;

/** `a, b as c` → `a, b: c`. */
function destructuring(names: string): string {
  return names
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '')
    .map((name) => name.replace(/\s+as\s+/, ': '))
    .join(', ');
}

/** The example rewritten by that rule; throws on an import the rule does not cover (default, namespace, type-only). */
export function commonJsForm(esm: string): string {
  const firstImport = esm.search(/^import\b/m);
  if (firstImport === -1) return esm;
  const requires: string[] = [];
  let rest = esm.slice(firstImport);
  for (let match = LEADING_IMPORT.exec(rest); match !== null; match = LEADING_IMPORT.exec(rest)) {
    requires.push(`const { ${destructuring(match[1] ?? '')} } = require('${match[2] ?? ''}');`);
    rest = rest.slice(match[0].length);
  }
  const uncovered = /^import\b.*$/m.exec(rest);
  if (uncovered !== null) throw new Error(`no CommonJS form by the README's rule for: ${uncovered[0]}`);
  return `${esm.slice(0, firstImport)}${requires.join('\n')}\n\n(async () => {\n${rest}})();\n`;
}
