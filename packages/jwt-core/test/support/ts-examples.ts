// Type-checks TSDoc @examples against the real exports, under the project's strict options. Examples import from
// '@sfjwt/jwt-core' (or use exported names directly); the free variables they assume are declared by each test.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const HERE = fileURLToPath(new URL('./', import.meta.url));

export interface Example {
  /** The file, relative to src/ (`client/mint.ts`). */
  readonly file: string;
  /** The exported symbol whose TSDoc holds the example (`createTokenClient`, `TokenClient.fetch`). */
  readonly symbol: string;
  readonly code: string;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(`${dir}${e.name}/`) : e.name.endsWith('.ts') ? [`${dir}${e.name}`] : [],
  );
}

/** The ```ts blocks of the @example tags in the TSDoc comments just before `node`. */
function examplesBefore(source: ts.SourceFile, node: ts.Node): string[] {
  const leading = source.text.slice(node.getFullStart(), node.getStart(source));
  const found: string[] = [];
  for (const comment of leading.match(/\/\*\*[\s\S]*?\*\//g) ?? []) {
    for (const tag of comment.split(/^(?=\s*\*\s*@\w)/m).filter((t) => /^\s*\*\s*@example/.test(t))) {
      for (const m of tag.matchAll(/```ts\n([\s\S]*?)\n\s*\* ```/g)) {
        found.push(
          m[1]!
            .split('\n')
            .map((line) => line.replace(/^\s*\* ?/, ''))
            .join('\n'),
        );
      }
    }
  }
  return found;
}

const exported = (node: ts.Node): boolean =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/** Every @example in the TSDoc of an exported declaration (and of its members) of the files under `src/<folder>`. */
export function allExamples(folder = ''): Example[] {
  const found: Example[] = [];
  for (const path of tsFiles(`${SRC}${folder}${folder === '' || folder.endsWith('/') ? '' : '/'}`)) {
    const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
    const file = path.slice(SRC.length);
    for (const statement of source.statements.filter(exported)) {
      const names = ts.isVariableStatement(statement)
        ? statement.declarationList.declarations.map((d) => d.name.getText(source))
        : [(statement as ts.DeclarationStatement).name?.getText(source) ?? 'default'];
      for (const code of examplesBefore(source, statement)) found.push({ file, symbol: names.join(', '), code });
      const members =
        ts.isInterfaceDeclaration(statement) || ts.isClassDeclaration(statement)
          ? (statement.members as ts.NodeArray<ts.ClassElement | ts.TypeElement>)
          : ts.isTypeAliasDeclaration(statement) && ts.isTypeLiteralNode(statement.type)
            ? statement.type.members
            : [];
      for (const member of members) {
        const name = `${names[0]!}.${member.name?.getText(source) ?? 'constructor'}`;
        for (const code of examplesBefore(source, member)) found.push({ file, symbol: name, code });
      }
    }
  }
  return found;
}

/** The @examples of every file in `src/<folder>`. */
export function examples(folder: string): Example[] {
  return allExamples(folder);
}

let surface: { values: Set<string>; types: Set<string> } | undefined;

/** Value and type names the package's public entry (src/index.ts) exports: what examples may use. */
export function publicNames(): { values: Set<string>; types: Set<string> } {
  if (surface !== undefined) return surface;
  const index = `${SRC}index.ts`;
  const program = ts.createProgram([index], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const values = new Set<string>();
  const types = new Set<string>();
  for (const symbol of checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(index)!)!)) {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    (target.flags & ts.SymbolFlags.Value ? values : types).add(symbol.name);
  }
  return (surface = { values, types });
}

/** The example as a module: its imports redirected to src/index.ts, missing imports added, its body in a block. */
function asModule(code: string, names: { values: Set<string>; types: Set<string> }, freeVariables: string): string {
  const lines = code.split('\n');
  const imports = lines.filter((l) => l.startsWith('import '));
  const body = lines.filter((l) => !l.startsWith('import ')).join('\n');
  const imported = new Set(
    imports.flatMap(
      (l) =>
        /\{([^}]*)\}/
          .exec(l)?.[1]
          ?.split(',')
          .map((s) => s.trim().replace(/^type /, '')) ?? [],
    ),
  );
  const uses = (n: string) => new RegExp(`\\b${n}\\b`).test(body + freeVariables) && !imported.has(n);
  const extra = [...[...names.values].filter(uses), ...[...names.types].filter(uses).map((n) => `type ${n}`)];
  const index = '../../src/index.js';
  return [
    ...imports.map((l) => l.replace("'@sfjwt/jwt-core'", `'${index}'`)),
    extra.length === 0 ? '' : `import { ${extra.join(', ')} } from '${index}';`,
    freeVariables,
    // A block, so an example may declare a name the free variables also declare (its own `app`).
    `{\n${body}\n}`,
    'export {};',
  ].join('\n');
}

/** Exported names of `src/<folder>` (those named in its section of src/index.ts) that have no @example. */
export function undocumentedExports(folder: string, indexSection: string): string[] {
  const { values, types } = publicNames();
  const section = readFileSync(`${SRC}index.ts`, 'utf8').split(indexSection)[1]!.split('// ---')[0]!;
  const named = [...values, ...types].filter((n) => new RegExp(`\\b${n}\\b`).test(section));
  const documented = new Set(allExamples(folder).flatMap((e) => e.symbol.split(', ')));
  return named.filter((n) => !documented.has(n));
}

/** Type-check problems of the examples (empty when all compile), each with the module it was compiled as. */
export function exampleProblems(all: readonly Example[], freeVariables: string): string[] {
  const names = publicNames();
  const virtual = new Map(all.map((ex, i) => [`${HERE}__example_${i}.ts`, asModule(ex.code, names, freeVariables)]));
  const label = new Map(all.map((ex, i) => [`${HERE}__example_${i}.ts`, `${ex.file}:${ex.symbol}`]));
  const config = ts.readConfigFile(fileURLToPath(new URL('../../tsconfig.json', import.meta.url)), (p) =>
    ts.sys.readFile(p),
  );
  const parsed = ts.parseJsonConfigFileContent(
    config.config,
    ts.sys,
    fileURLToPath(new URL('../../', import.meta.url)),
  );
  // Examples show one call each; values they compute but do not use are fine.
  const options = {
    ...parsed.options,
    strict: true,
    exactOptionalPropertyTypes: true,
    noEmit: true,
    noUnusedLocals: false,
    noUnusedParameters: false,
  };
  const host = ts.createCompilerHost(options);
  const real = ts.createCompilerHost(options);
  host.fileExists = (p) => virtual.has(p) || real.fileExists(p);
  host.readFile = (p) => virtual.get(p) ?? real.readFile(p);
  host.getSourceFile = (p, version, ...rest) => {
    const text = virtual.get(p);
    return text === undefined ? real.getSourceFile(p, version, ...rest) : ts.createSourceFile(p, text, version);
  };
  const program = ts.createProgram([...virtual.keys()], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file !== undefined && virtual.has(d.file.fileName))
    .map(
      (d) =>
        `${label.get(d.file!.fileName)!}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}\n${virtual.get(d.file!.fileName)}`,
    );
}
