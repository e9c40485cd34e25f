// The TypeScript column of the matrix: per compiler, one tsc run over every example of the README in the app project
// the README describes (its tsconfig.json, @types/node installed as it advises), and one without @types/node, whose
// build must say what the README says it says.
import { strict as assert } from 'node:assert';
import { lazyCheck, type MatrixCheck } from './matrix-check.js';
import type { ReadmeAppProjects } from './readme-app-projects.js';
import type { ReadmeExampleTable } from './readme-example-table.js';
import { compileProject, TYPESCRIPT_COMPILERS } from './typescript-compilers.js';

/** tsc's file positions in the typed project, as README lines (`<label>:<line>:<column>`). */
function asReadmeLines(output: string, label: string): string {
  return output.replace(
    /\S*examples\/readme-(\d+)\.ts\((\d+),(\d+)\)/g,
    (_, start: string, line: string, col: string) => {
      return `${label}:${Number(start) + Number(line)}:${col}`;
    },
  );
}

/** The checks for every compiler; `schedule` bounds how many run at once. */
export function typeScriptChecks(
  table: ReadmeExampleTable,
  label: string,
  readme: string,
  projects: ReadmeAppProjects,
  schedule: <T>(task: () => Promise<T>) => Promise<T>,
): MatrixCheck[] {
  const { nodeTypesAdvice, missingNodeTypesError } = table.typeScript;
  return TYPESCRIPT_COMPILERS.flatMap((compiler) => [
    lazyCheck(`${label}: every example compiles with ${compiler} (the README's tsconfig.json, @types/node)`, () =>
      schedule(async () => {
        assert.ok(readme.includes(nodeTypesAdvice), `the README does not advise ${nodeTypesAdvice}`);
        for (const [name, value] of Object.entries(table.typeScript.extraCompilerOptions ?? {}))
          assert.ok(readme.includes(`"${name}": ${JSON.stringify(value)}`), `${label} does not add "${name}"`);
        const { version, output } = await compileProject(compiler, (await projects.typed()).dir);
        assert.equal(asReadmeLines(output, label), '', `TypeScript ${version}`);
      }),
    ),
    ...(missingNodeTypesError === undefined
      ? []
      : [
          lazyCheck(`${label}: with ${compiler} and no @types/node, the build says what the README says`, () =>
            schedule(async () => {
              assert.ok(readme.includes(missingNodeTypesError), `the README does not quote ${missingNodeTypesError}`);
              const { version, output } = await compileProject(compiler, (await projects.untyped()).dir);
              assert.ok(output.includes(missingNodeTypesError), `TypeScript ${version}:\n${output}`);
            }),
          ),
        ]),
  ]);
}
