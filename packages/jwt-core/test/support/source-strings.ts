// Every string a jwt-core module can put into a message, fix, cause, finding or warning: the string and template
// literals of src/ (comments and TSDoc excluded), found with TypeScript's own parser.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

export interface SourceString {
  /** `folder/file.ts:line`. */
  readonly where: string;
  /** The literal's text; a template's literal parts joined with `${…}`. */
  readonly text: string;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** The string and template literals of every module in src/, except import/export specifiers. */
export function sourceStrings(): SourceString[] {
  const found: SourceString[] = [];
  for (const file of tsFiles(SRC)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const at = (node: ts.Node): string =>
      `${relative(SRC, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    const visit = (node: ts.Node): void => {
      if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))
        found.push({ where: at(node), text: node.text });
      else if (ts.isTemplateExpression(node)) {
        found.push({
          where: at(node),
          text: [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join('${…}'),
        });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}
