// The run columns of the matrix: each case of each runnable example, on each Node line, as written (an ES module) and
// in its CommonJS form, in its own folder of the Node line's app project, with its own prepared setup.
import { join } from 'node:path';
import { commonJsForm } from './commonjs-form.js';
import { lazyCheck, type MatrixCheck } from './matrix-check.js';
import { nodeRuntimes, type NodeRuntime } from './node-runtimes.js';
import type { ReadmeAppProjects } from './readme-app-projects.js';
import type { FencedBlock } from './readme-blocks.js';
import type { ExampleCase, ModuleForm, ReadmeExample } from './readme-example-table.js';
import { runTogether } from './run-processes.js';

const MODULE_FORMS: readonly ModuleForm[] = ['ES module', 'CommonJS'];
let runCount = 0;

/** Runs one case of one example, and judges it. */
async function runCase(
  projects: ReadmeAppProjects,
  block: FencedBlock,
  exampleCase: ExampleCase,
  node: NodeRuntime,
  form: ModuleForm,
): Promise<void> {
  const project = await projects.forNode(node.major);
  const folder = `runs/${(runCount += 1)}`;
  const file = form === 'ES module' ? 'example.mjs' : 'example.cjs';
  const path = project.write(`${folder}/${file}`, form === 'ES module' ? block.code : commonJsForm(block.code));
  const dir = join(project.dir, folder);
  const prepared = await exampleCase.prepare({ node, form, dir });
  try {
    const env = { PATH: process.env['PATH'] ?? '', ...prepared.env };
    const outputs = await runTogether(node.path, path, { cwd: dir, env, count: prepared.processes ?? 1 });
    try {
      prepared.check(outputs);
    } catch (error) {
      const printed = outputs.map((o, i) => `process ${i}: exit ${o.code ?? o.signal}\n${o.stdout}${o.stderr}`);
      throw Object.assign(error as Error, { message: `${(error as Error).message}\n${printed.join('\n')}` });
    }
  } finally {
    await prepared.stop?.();
  }
}

/** Every case × Node line × module form of the runnable examples (Node 20 skipped, saying why, when absent). */
export function runChecks(
  label: string,
  located: readonly { example: ReadmeExample; block: FencedBlock }[],
  projects: ReadmeAppProjects,
  schedule: <T>(task: () => Promise<T>) => Promise<T>,
): MatrixCheck[] {
  const { runtimes, missing } = nodeRuntimes();
  const lines: { node?: NodeRuntime; name: string }[] = [
    ...runtimes.map((node) => ({ node, name: `Node ${node.version}` })),
    ...(missing === undefined ? [] : [{ name: 'Node 20' }]),
  ];
  const checks: MatrixCheck[] = [];
  for (const { example, block } of located) {
    if (!('cases' in example.role)) continue;
    for (const exampleCase of example.role.cases)
      for (const { node, name } of lines)
        for (const form of MODULE_FORMS) {
          const title = `${label}: ${example.name}, ${exampleCase.name}: ${name}, ${form}`;
          const work = (): Promise<void> =>
            node === undefined ? Promise.resolve() : schedule(() => runCase(projects, block, exampleCase, node, form));
          checks.push(lazyCheck(title, work, node === undefined ? missing : undefined));
        }
  }
  return checks;
}
