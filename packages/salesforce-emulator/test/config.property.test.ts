// Properties of the emulator's configuration reader (issue 27): the multi-org test configuration with fields dropped,
// of other types, hostile strings, huge numbers, or its JSON text mutated, is turned into a model or refused with one
// EmulatorConfigError listing at least one issue with its path; never a TypeError; and the same input always gets the
// same verdict (validation keeps no state).
import assert from 'node:assert/strict';
import { describeProperties, fc, hostileText, mutatedText, outcomeOf } from '@sfjwt/test-support/fuzz';
import { EmulatorConfigError, validateConfig } from '../src/index.js';
import { NOW, multiOrgConfig } from './support/setup.js';

const BASE = JSON.parse(JSON.stringify(multiOrgConfig())) as unknown;

/** Every path to a value inside `value`, as key lists. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [prefix, ...keys.flatMap((key) => paths((value as Record<string | number, unknown>)[key], [...prefix, key]))];
}
const PATHS = paths(BASE).filter((path) => path.length > 0);

/** A copy of `root` with the value at `path` replaced (or deleted when `replacement` is the DELETE marker). */
const DELETE = Symbol('delete');
function withChange(root: unknown, path: (string | number)[], replacement: unknown): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) {
    // An earlier change may have removed or replaced this path's parent: then there is nothing to change.
    const next = node[key];
    if (typeof next !== 'object' || next === null) return copy;
    node = next as Record<string | number, unknown>;
  }
  const last = path.at(-1)!;
  if (replacement === DELETE) delete node[last];
  else node[last] = replacement;
  return copy;
}

const replacement = fc.oneof(
  fc.constant(DELETE),
  hostileText,
  fc.constantFrom(null, true, 0, -1, 1e308, Number.NaN, [], {}, '', 'https://evil.example', '00D000000000000'),
  fc.anything({ maxDepth: 2, withNullPrototype: false }),
);
const config = fc.oneof(
  fc
    .array(fc.tuple(fc.constantFrom(...PATHS), replacement), { minLength: 1, maxLength: 3 })
    .map((changes) => changes.reduce((root, [path, value]) => withChange(root, path, value), BASE)),
  mutatedText(fc.constant(JSON.stringify(BASE))).map((text) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }),
);

/** The verdict on a configuration: the model's org ids, or the issues. */
function verdict(input: unknown): string {
  let model: ReturnType<typeof validateConfig> | undefined;
  const error = outcomeOf(() => (model = validateConfig(input, { now: NOW })));
  if (error === undefined) return `model ${model!.orgs.map((org) => org.id).join(',')}`;
  if (!(error instanceof EmulatorConfigError))
    throw error instanceof Error ? error : new Error('a non-Error was thrown', { cause: error });
  assert.ok(error.issues.length > 0);
  return `issues ${error.issues.map((issue) => `${issue.path}: ${issue.reason}`).join('\n')}`;
}

describeProperties('salesforce-emulator/config', {
  'a mutated configuration is a model or one EmulatorConfigError with issues, the same verdict every time': {
    runs: 200,
    property: () =>
      fc.property(config, (input) => {
        assert.equal(verdict(input), verdict(input));
      }),
  },
});
