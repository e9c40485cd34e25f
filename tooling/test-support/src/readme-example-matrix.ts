// The README-example matrix: every ```js and ```ts example of a package's README, run as written on each Node the
// package promises (the project's 22 and the machine's 20) as an ES module and in its CommonJS form, and compiled
// with TypeScript 5.9, 6.0 and 7.0 in a strict app project set up as the README says (one tsc run per compiler).
// Runs start together, a few at a time: each prepares its own emulator and files, so none shares state.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { concurrencyLimit } from './concurrency.js';
import { lazyCheck, type MatrixCheck } from './matrix-check.js';
import { readmeAppProjects } from './readme-app-projects.js';
import { blockWith, fencedBlocks, type FencedBlock } from './readme-blocks.js';
import { runChecks } from './readme-example-runs.js';
import type { ReadmeExample, ReadmeExampleTable } from './readme-example-table.js';
import { typeScriptChecks } from './readme-example-types.js';

/** The checks of a table; `start()` begins them all (a few at a time), `stop()` removes the app projects. */
export interface ReadmeExampleMatrix {
  checks: readonly MatrixCheck[];
  start(): void;
  stop(): Promise<void>;
}

/** How many runs or compilations at once: enough to overlap the waits, few enough for two shared cores. */
const AT_ONCE = 3;

interface Located {
  example: ReadmeExample;
  block: FencedBlock;
}

/** A README's name as failures cite it: `<package folder>/README.md`. */
const readmeLabel = (path: string): string => `${basename(dirname(path))}/${basename(path)}`;

/** The matrix of `table` (the READMEs are read now: a missing example fails at load, naming its marker). */
export function readmeExampleMatrix(table: ReadmeExampleTable): ReadmeExampleMatrix {
  const label = readmeLabel(table.readme);
  const readme = readFileSync(table.readme, 'utf8');
  const codeBlocks = fencedBlocks(readme).filter((block) => block.lang === 'js' || block.lang === 'ts');
  const located = table.examples.map((example) => ({ example, block: blockWith(codeBlocks, example.marker, label) }));
  const tsconfigReadme = readFileSync(table.typeScript.tsconfigReadme, 'utf8');
  const tsconfig = JSON.parse(
    blockWith(fencedBlocks(tsconfigReadme), '"compilerOptions"', readmeLabel(table.typeScript.tsconfigReadme)).code,
  ) as { compilerOptions?: Record<string, unknown> };
  const extra = table.typeScript.extraCompilerOptions ?? {};
  tsconfig.compilerOptions = { ...tsconfig.compilerOptions, ...extra };
  const typed = located.filter(({ example }) => 'cases' in example.role || 'typesOnly' in example.role);
  const projects = readmeAppProjects(
    table,
    tsconfig,
    typed.map(({ block }) => block),
  );
  const schedule = concurrencyLimit(AT_ONCE);
  const checks: MatrixCheck[] = [
    ...staticChecks(table, readme, codeBlocks, located),
    ...typeScriptChecks(table, label, readme, projects, schedule),
    ...runChecks(label, located, projects, schedule),
  ];
  return {
    checks,
    start: () => {
      for (const check of checks) if (check.skip === undefined) check.result().catch(() => {}); // awaited by its test
    },
    stop: () => Promise.resolve(projects.remove()),
  };
}

/** Every code block is in the table, shared blocks are verbatim in the other READMEs, excerpts are verbatim. */
function staticChecks(
  table: ReadmeExampleTable,
  readme: string,
  codeBlocks: readonly FencedBlock[],
  located: readonly Located[],
): MatrixCheck[] {
  const label = readmeLabel(table.readme);
  const listed = new Set(located.map(({ block }) => block.line));
  const checks = [
    lazyCheck(`${label}: every \`\`\`js and \`\`\`ts block is an example of the table`, () => {
      assert.deepEqual(
        codeBlocks.filter((block) => !listed.has(block.line)).map((block) => `${label}:${block.line}`),
        [],
      );
    }),
  ];
  for (const { example, block } of located) {
    const { role, file } = example;
    if (file !== undefined)
      checks.push(
        lazyCheck(`${label}: ${example.name}: the same text as ${basename(file)}`, () => {
          assert.equal(readFileSync(file, 'utf8'), block.code, `${file} differs from ${label}:${block.line}`);
        }),
      );
    if ('sameAs' in role)
      checks.push(
        lazyCheck(`${label}: ${example.name}: the same block as ${readmeLabel(role.sameAs)}'s`, () => {
          const blocks = fencedBlocks(readFileSync(role.sameAs, 'utf8'));
          assert.ok(
            blocks.some((b) => b.code === block.code),
            `${readmeLabel(role.sameAs)} shows another block`,
          );
        }),
      );
    if ('excerptOf' in role)
      checks.push(
        lazyCheck(`${label}: ${example.name}: each line is in the example that runs`, () => {
          const whole = blockWith(codeBlocks, role.excerptOf, label).code;
          for (const line of block.code.split('\n').filter((l) => l.trim() !== ''))
            assert.ok(whole.includes(line.trim()), `${label}: not in the example: ${line}`);
        }),
      );
  }
  if (table.node20Linked !== undefined) checks.push(node20Promise(label, readme, table.node20Linked));
  return checks;
}

/** The README names `<name>@<version>` of each package the Node 20 runs use instead. */
function node20Promise(label: string, readme: string, linked: Readonly<Record<string, string>>): MatrixCheck {
  return lazyCheck(`${label}: names what Node 20 needs instead, and the Node 20 runs use exactly that`, () => {
    for (const [name, folder] of Object.entries(linked)) {
      const { version } = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { version: string };
      assert.ok(readme.includes(`${name}@${version}`), `${label} does not say ${name}@${version}`);
    }
  });
}
