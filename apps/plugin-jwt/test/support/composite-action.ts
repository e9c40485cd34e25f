/**
 * Runs the steps of the repository's composite GitHub Action (action.yml) locally, as the runner would: each step's
 * `run` script in bash with its `env`, `${{ inputs.* }}` from the given inputs (or the action's defaults) and
 * `${{ steps.<id>.outputs.* }}` from what earlier steps appended to $GITHUB_OUTPUT. A reader for the subset of YAML
 * action.yml uses (maps, block scalars `|` and `>-`, quoted scalars), which the test checks it understands.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, type RunResult } from './sf-cli.js';

export interface ActionStep {
  readonly name: string;
  readonly id: string | undefined;
  readonly shell: string;
  readonly env: Readonly<Record<string, string>>;
  readonly run: string;
}

export interface CompositeAction {
  readonly inputs: Readonly<Record<string, { required: boolean; default: string | undefined }>>;
  readonly outputs: Readonly<Record<string, string>>;
  readonly using: string;
  readonly steps: readonly ActionStep[];
}

const indentOf = (line: string): number => line.length - line.trimStart().length;
const unquote = (value: string): string =>
  value
    .trim()
    .replace(/^'(.*)'$/, '$1')
    .replace(/^"(.*)"$/, '$1');

/** `key: value` entries directly under the line at `start` (deeper lines skipped), until the indentation drops. */
function entries(lines: readonly string[], start: number): Array<[string, string, number]> {
  const out: Array<[string, string, number]> = [];
  const base = indentOf(lines[start + 1] ?? '');
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    if (indentOf(line) < base) break;
    if (indentOf(line) > base) continue;
    const match = /^\s*(?:- )?([\w-]+):\s?(.*)$/.exec(line);
    if (match !== null) out.push([match[1]!, match[2]!, i]);
  }
  return out;
}

/** A block scalar (`|`) starting after line `at`: its lines without their common indentation. */
function block(lines: readonly string[], at: number): string {
  const body: string[] = [];
  const base = indentOf(lines[at + 1] ?? '');
  for (let i = at + 1; i < lines.length && (lines[i]!.trim() === '' || indentOf(lines[i]!) >= base); i++) {
    body.push(lines[i]!.slice(base));
  }
  return `${body.join('\n').trimEnd()}\n`;
}

/** Reads action.yml. */
export function readCompositeAction(file: string): CompositeAction {
  const lines = readFileSync(file, 'utf8').split('\n');
  const top = Object.fromEntries(entries(['', ...lines], 0).map(([k, v, i]) => [k, { value: v, line: i - 1 }]));
  const inputs = Object.fromEntries(
    entries(lines, top['inputs']!.line).map(([name, , i]) => {
      const fields = Object.fromEntries(entries(lines, i).map(([k, v]) => [k, unquote(v)]));
      return [name, { required: fields['required'] === 'true', default: fields['default'] }];
    }),
  );
  const outputs = Object.fromEntries(
    entries(lines, top['outputs']!.line).map(([name, , i]) => [
      name,
      unquote(entries(lines, i).find(([k]) => k === 'value')?.[1] ?? ''),
    ]),
  );
  const runs = Object.fromEntries(entries(lines, top['runs']!.line).map(([k, v, i]) => [k, { value: v, line: i }]));
  const stepStarts = lines
    .map((line, i) => ({ line, i }))
    .filter(({ line, i }) => i > runs['steps']!.line && /^\s*- name:/.test(line));
  const steps = stepStarts.map(({ line, i }) => {
    // A step's keys sit two columns right of its `- `: the name on the dash line, the others below it.
    const keyIndent = indentOf(line) + 2;
    const fields: Array<[string, string, number]> = [];
    for (let at = i + 1; at < lines.length && (lines[at]!.trim() === '' || indentOf(lines[at]!) >= keyIndent); at++) {
      const match = /^\s*([\w-]+):\s?(.*)$/.exec(lines[at]!);
      if (match !== null && indentOf(lines[at]!) === keyIndent) fields.push([match[1]!, match[2]!, at]);
    }
    const field = (key: string): [string, string, number] | undefined => fields.find(([k]) => k === key);
    const envAt = field('env')?.[2];
    const runAt = field('run') ?? ['run', '', i];
    return {
      name: unquote(line.replace(/^\s*- name:/, '')),
      id: field('id') === undefined ? undefined : unquote(field('id')![1]),
      shell: unquote(field('shell')?.[1] ?? ''),
      env: envAt === undefined ? {} : Object.fromEntries(entries(lines, envAt).map(([k, v]) => [k, unquote(v)])),
      run: runAt[1].trim() === '|' ? block(lines, runAt[2]) : unquote(runAt[1]),
    };
  });
  return { inputs, outputs, using: unquote(runs['using']!.value), steps };
}

/** `name=value` lines of a $GITHUB_OUTPUT file. */
export function readOutputs(file: string): Record<string, string> {
  return Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

/** Fills `${{ inputs.x }}` and `${{ steps.id.outputs.x }}`; any other expression is an error (not emulated). */
export function evaluate(text: string, inputs: Record<string, string>, steps: Record<string, Record<string, string>>) {
  return text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expression: string) => {
    const input = /^inputs\.([\w-]+)$/.exec(expression);
    if (input !== null) return inputs[input[1]!] ?? '';
    const output = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expression);
    if (output !== null) return steps[output[1]!]?.[output[2]!] ?? '';
    throw new Error(`expression not emulated: ${expression}`);
  });
}

/** What a local run of the action did. */
export interface ActionRun {
  readonly steps: ReadonlyArray<{ name: string; result: RunResult }>;
  readonly outputs: Record<string, string>;
}

/**
 * Runs every step in order in `workspace` with a fake runner environment (GITHUB_ACTIONS, GITHUB_OUTPUT per step,
 * GITHUB_ENV, RUNNER_TEMP, GITHUB_WORKSPACE); stops at the first failing step.
 */
export async function runCompositeAction(
  action: CompositeAction,
  given: Record<string, string>,
  options: { workspace: string; env: NodeJS.ProcessEnv; runnerTemp: string },
): Promise<ActionRun> {
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs)) {
    const value = given[name] ?? spec.default;
    if (value === undefined && spec.required) throw new Error(`input ${name} is required`);
    inputs[name] = value ?? '';
  }
  const stepOutputs: Record<string, Record<string, string>> = {};
  const done: Array<{ name: string; result: RunResult }> = [];
  for (const [index, step] of action.steps.entries()) {
    const outputFile = join(options.runnerTemp, `output-${index}`);
    writeFileSync(outputFile, '');
    const env = {
      ...options.env,
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: options.workspace,
      RUNNER_TEMP: options.runnerTemp,
      GITHUB_OUTPUT: outputFile,
      GITHUB_ENV: join(options.runnerTemp, 'env'),
      ...Object.fromEntries(Object.entries(step.env).map(([k, v]) => [k, evaluate(v, inputs, stepOutputs)])),
    };
    // GitHub runs `shell: bash` as `bash --noprofile --norc -eo pipefail {0}`.
    const script = join(options.runnerTemp, `step-${index}.sh`);
    writeFileSync(script, evaluate(step.run, inputs, stepOutputs));
    const result = await run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      env,
      cwd: options.workspace,
      timeoutMs: 560_000,
    });
    done.push({ name: step.name, result });
    if (step.id !== undefined) stepOutputs[step.id] = readOutputs(outputFile);
    if (result.code !== 0) break;
  }
  const outputs = Object.fromEntries(
    Object.entries(action.outputs).map(([name, value]) => [name, evaluate(value, inputs, stepOutputs)]),
  );
  return { steps: done, outputs };
}
