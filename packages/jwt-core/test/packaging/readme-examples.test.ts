/**
 * Every ```ts block of README.md compiles against the built package (dist/index.d.ts, what users import), under the
 * strictest options an app may use: strict + exactOptionalPropertyTypes + noUncheckedIndexedAccess. Each block is its
 * own module (so it declares what it assumes with `declare const`).
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { STRICT_APP_OPTIONS } from '../support/strict-app.js';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));

/** The ```ts blocks of a markdown text, with the line each starts on. */
export function typeScriptBlocks(markdown: string): { line: number; code: string }[] {
  const blocks: { line: number; code: string }[] = [];
  const pattern = /^```ts\n([\s\S]*?)^```$/gm;
  for (let match = pattern.exec(markdown); match !== null; match = pattern.exec(markdown)) {
    blocks.push({ line: markdown.slice(0, match.index).split('\n').length, code: match[1] ?? '' });
  }
  return blocks;
}

/** Type-checks snippets against the built package; returns tsc's output with file names mapped back to README lines. */
export function typeCheckSnippets(blocks: readonly { line: number; code: string }[], label: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'jwt-core-snippets-'));
  try {
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
    const files = blocks.map((block, i) => {
      const file = `snippet-${i}.ts`;
      writeFileSync(join(dir, file), `${block.code}\nexport {};\n`);
      return file;
    });
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          ...STRICT_APP_OPTIONS,
          noEmit: true,
          skipLibCheck: true, // the shipped .d.ts are checked whole by the scratch-app test
          types: ['node'],
          typeRoots: [join(packageDir, 'node_modules', '@types')],
          paths: { '@sfjwt/jwt-core': [join(packageDir, 'dist', 'index.d.ts')] },
        },
        files,
      }),
    );
    try {
      execFileSync(join(packageDir, 'node_modules', '.bin', 'tsc'), ['-p', dir], { encoding: 'utf8', stdio: 'pipe' });
      return '';
    } catch (error) {
      const output = String((error as { stdout?: string }).stdout ?? error);
      return output.replace(/\S*snippet-(\d+)\.ts\((\d+),(\d+)\)/g, (_, i: string, line: string, col: string) => {
        const start = blocks[Number(i)]?.line ?? 0;
        return `${label}:${start + Number(line)}:${col}`;
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('README.md examples', function () {
  this.timeout(120_000);

  before(function () {
    if (!existsSync(join(packageDir, 'dist', 'index.d.ts')))
      throw new Error('jwt-core is not built: run its build first (npm test does).');
  });

  it('has examples for the main tasks', () => {
    const blocks = typeScriptBlocks(readFileSync(join(packageDir, 'README.md'), 'utf8'));
    const code = blocks.map((b) => b.code).join('\n');
    for (const api of [
      'createAssertion',
      'exchangeAssertion',
      'createTokenClient',
      'validateAssertion',
      'JwtCoreError',
    ])
      assert.match(code, new RegExp(`\\b${api}\\(|instanceof ${api}\\b`), api);
  });

  it('compiles every ```ts block against the built package (strict, exactOptionalPropertyTypes)', () => {
    const blocks = typeScriptBlocks(readFileSync(join(packageDir, 'README.md'), 'utf8'));
    assert.ok(blocks.length >= 4);
    assert.equal(typeCheckSnippets(blocks, 'README.md'), '');
  });

  it('lists every error code of src/errors.ts under its class', () => {
    const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
    const source = readFileSync(join(packageDir, 'src', 'errors.ts'), 'utf8');
    // Each `XErrorCode` union belongs to class X; the README's table row for X must name all of its codes.
    for (const union of source.matchAll(/export type (\w+)ErrorCode =([\s\S]*?);\n/g)) {
      const [, family = '', body = ''] = union;
      const codes = [...body.matchAll(/'(ERR_\w+)'/g)].map((m) => m[1]);
      if (codes.length === 0) continue;
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${family}Error\` |`));
      assert.ok(row, `README.md has no table row for ${family}Error`);
      for (const code of codes) assert.ok(row.includes(`\`${code}\``), `README.md's ${family}Error row lacks ${code}`);
    }
  });

  it('reports a broken example with its README line', () => {
    const output = typeCheckSnippets(
      [{ line: 10, code: "import { createAssertion } from '@sfjwt/jwt-core';\ncreateAssertion({ clientId: 1 });" }],
      'README.md',
    );
    assert.match(output, /^README\.md:12:\d+: error TS2322/m);
  });
});
