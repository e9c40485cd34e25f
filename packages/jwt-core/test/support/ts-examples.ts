// Type-checks TSDoc @examples against the real exports, under the project's strict options. Examples import from
// '@sfjwt/jwt-core' (or use exported names directly); the free variables they assume are declared by each test.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const HERE = fileURLToPath(new URL('./', import.meta.url));

export interface Example {
  readonly file: string;
  readonly code: string;
}

/** The @examples of every file in `src/<folder>`. */
export function examples(folder: string): Example[] {
  const found: Example[] = [];
  for (const file of readdirSync(`${SRC}${folder}`).filter((f) => f.endsWith('.ts'))) {
    const text = readFileSync(`${SRC}${folder}/${file}`, 'utf8');
    for (const m of text.matchAll(/@example\n\s*\* ```ts\n([\s\S]*?)\n\s*\* ```/g)) {
      found.push({ file, code: m[1]!.split('\n').map((line) => line.replace(/^\s*\* ?/, '')).join('\n') });
    }
  }
  return found;
}

/** Value and type names the package index exports (the public API examples may use). */
export function publicNames(): { values: Set<string>; types: Set<string> } {
  const index = readFileSync(`${SRC}index.ts`, 'utf8');
  const values = new Set<string>();
  const types = new Set<string>();
  for (const m of index.matchAll(/export (type )?\{([^}]*)\} from/g)) {
    for (const raw of m[2]!.split(',').map((s) => s.trim()).filter(Boolean)) {
      const isType = m[1] !== undefined || raw.startsWith('type ');
      (isType ? types : values).add(raw.replace(/^type /, ''));
    }
  }
  return { values, types };
}

/** The example as a module: its imports redirected to src/index.ts, missing imports added, its body in a block. */
function asModule(code: string, names: { values: Set<string>; types: Set<string> }, freeVariables: string): string {
  const lines = code.split('\n');
  const imports = lines.filter((l) => l.startsWith('import '));
  const body = lines.filter((l) => !l.startsWith('import ')).join('\n');
  const imported = new Set(imports.flatMap((l) => /\{([^}]*)\}/.exec(l)?.[1]?.split(',').map((s) => s.trim().replace(/^type /, '')) ?? []));
  const uses = (n: string) => new RegExp(`\\b${n}\\b`).test(body + freeVariables) && !imported.has(n);
  const extra = [
    ...[...names.values].filter(uses),
    ...[...names.types].filter(uses).map((n) => `type ${n}`),
  ];
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
  const exported = [...values, ...types].filter((n) => new RegExp(`\\b${n}\\b`).test(section));
  const documented = new Set<string>();
  for (const file of readdirSync(`${SRC}${folder}`).filter((f) => f.endsWith('.ts'))) {
    const text = readFileSync(`${SRC}${folder}/${file}`, 'utf8');
    for (const m of text.matchAll(/@example[\s\S]*?\*\/\n(?:export (?:async function|function|const|class|interface|type) )(\w+)/g)) documented.add(m[1]!);
  }
  return exported.filter((n) => !documented.has(n));
}

/** Type-check problems of the examples (empty when all compile), each with the module it was compiled as. */
export function exampleProblems(all: readonly Example[], freeVariables: string): string[] {
  const names = publicNames();
  const virtual = new Map(all.map((ex, i) => [`${HERE}__example_${i}_${ex.file}`, asModule(ex.code, names, freeVariables)]));
  const config = ts.readConfigFile(fileURLToPath(new URL('../../tsconfig.json', import.meta.url)), (p) => ts.sys.readFile(p));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, fileURLToPath(new URL('../../', import.meta.url)));
  // Examples show one call each; values they compute but do not use are fine.
  const options = { ...parsed.options, noEmit: true, noUnusedLocals: false, noUnusedParameters: false };
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
    .map((d) => `${d.file!.fileName.slice(HERE.length)}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}\n${virtual.get(d.file!.fileName)}`);
}
