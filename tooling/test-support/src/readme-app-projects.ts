// The app projects of one README's matrix, made once on first use: one per Node line (Node 20's with what the README
// says to install there instead), the Node 22 one doubling as the TypeScript project (with @types/node, as the README
// advises, the README's tsconfig.json and every example as a .ts file), and one without @types/node (the same files).
import { createAppProject, type AppProject } from './app-project.js';
import type { FencedBlock } from './readme-blocks.js';
import type { ReadmeExampleTable } from './readme-example-table.js';

/** The projects; `remove()` deletes those made. */
export interface ReadmeAppProjects {
  forNode(major: number): Promise<AppProject>;
  typed(): Promise<AppProject>;
  untyped(): Promise<AppProject>;
  remove(): void;
}

/** The .ts file of the README block starting on `line`. */
export const typeScriptFile = (line: number): string => `examples/readme-${line}.ts`;

/** Writes every block as a .ts file, and the tsconfig.json that lists them (no output: noEmit). */
function writeExamples(
  project: AppProject,
  tsconfig: { compilerOptions?: Record<string, unknown> },
  blocks: readonly FencedBlock[],
): void {
  for (const block of blocks) project.write(typeScriptFile(block.line), `${block.code}\nexport {};\n`);
  const files = blocks.map((block) => typeScriptFile(block.line));
  const compilerOptions = { ...tsconfig.compilerOptions, noEmit: true };
  project.write('tsconfig.json', JSON.stringify({ ...tsconfig, compilerOptions, files }, null, 2));
}

/** The projects of `table`; `typedBlocks` are written into the typed project as .ts files under `tsconfig`. */
export function readmeAppProjects(
  table: ReadmeExampleTable,
  tsconfig: { compilerOptions?: Record<string, unknown> },
  typedBlocks: readonly FencedBlock[],
): ReadmeAppProjects {
  const made = new Map<string, AppProject>();
  const once = (name: string, make: () => AppProject): Promise<AppProject> => {
    let project = made.get(name);
    if (project === undefined) made.set(name, (project = make()));
    return Promise.resolve(project);
  };
  const node22 = (): AppProject => {
    const project = createAppProject({ copied: table.copied, linked: table.linked, nodeTypes: true });
    writeExamples(project, tsconfig, typedBlocks);
    return project;
  };
  const node20 = (): AppProject =>
    createAppProject({ copied: table.copied, linked: { ...table.linked, ...table.node20Linked }, nodeTypes: false });
  const untyped = (): AppProject => {
    const project = createAppProject({ copied: table.copied, linked: table.linked, nodeTypes: false });
    writeExamples(project, tsconfig, typedBlocks);
    return project;
  };
  return {
    forNode: (major) => (major === 20 ? once('node20', node20) : once('node22', node22)),
    typed: () => once('node22', node22),
    untyped: () => once('untyped', untyped),
    remove: () => {
      for (const project of made.values()) project.remove();
    },
  };
}
