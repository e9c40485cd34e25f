/**
 * The published types on TypeScript 5, 6 and 7, as an app's own project sees them: the built package copied into its
 * node_modules (not linked: jwt-core's own node_modules must not help), no `types` option (each compiler's default:
 * TypeScript 7 no longer loads @types/node by default), strict, and the shipped .d.ts checked whole.
 * With @types/node installed, README.md's ```ts blocks compile; without it, the build names what to add.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { STRICT_APP_OPTIONS } from '../support/strict-app.js';
import { typeScriptBlocks } from './readme-examples.test.js';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const compilers = ['typescript-5', 'typescript', 'typescript-7'] as const;
const APP = `import { createTokenClient } from '@sfjwt/jwt-core';
const client = createTokenClient({ clientId: 'c', username: 'u', privateKey: 'k', instanceUrl: 'https://acme.my.salesforce.com' });
export const token = client.getToken();
`;

/** A project with the built package (and @types/node when asked) in its node_modules, and these files. */
function appProject(files: Record<string, string>, withNodeTypes: boolean): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'jwt-core-ts-versions-'));
  const installed = join(dir, 'node_modules', '@sfjwt', 'jwt-core');
  mkdirSync(installed, { recursive: true });
  cpSync(join(packageDir, 'dist'), join(installed, 'dist'), { recursive: true });
  cpSync(join(packageDir, 'package.json'), join(installed, 'package.json'));
  if (withNodeTypes) {
    const nodeTypes = realpathSync(join(packageDir, 'node_modules', '@types', 'node'));
    cpSync(nodeTypes, join(dir, 'node_modules', '@types', 'node'), { recursive: true, dereference: true });
    // @types/node's one dependency, beside it in pnpm's store.
    cpSync(join(dirname(dirname(nodeTypes)), 'undici-types'), join(dir, 'node_modules', 'undici-types'), {
      recursive: true,
      dereference: true,
    });
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  for (const [name, code] of Object.entries(files)) writeFileSync(join(dir, name), `${code}\nexport {};\n`);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { ...STRICT_APP_OPTIONS, noEmit: true, skipLibCheck: false },
      files: Object.keys(files),
    }),
  );
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** tsc's output for the project (empty when it compiles), and its version. */
function compile(compiler: (typeof compilers)[number], dir: string): { output: string; version: string } {
  const tsc = join(packageDir, 'node_modules', compiler, 'bin', 'tsc');
  const version = execFileSync(tsc, ['--version'], { encoding: 'utf8' }).trim();
  try {
    execFileSync(tsc, ['-p', dir], { encoding: 'utf8', stdio: 'pipe' });
    return { output: '', version };
  } catch (error) {
    return { output: String((error as { stdout?: string }).stdout ?? error), version };
  }
}

describe('the published types on TypeScript 5, 6 and 7 (an app project, default `types`)', function () {
  this.timeout(180_000);

  before(function () {
    if (!existsSync(join(packageDir, 'dist', 'index.d.ts')))
      throw new Error('jwt-core is not built: run its build first (npm test does).');
  });

  for (const compiler of compilers) {
    it(`${compiler}: with @types/node installed, README.md's ts blocks and the whole .d.ts compile`, () => {
      const blocks = typeScriptBlocks(readFileSync(join(packageDir, 'README.md'), 'utf8'));
      const files = Object.fromEntries(blocks.map((b, i) => [`readme-${b.line}-${i}.ts`, b.code]));
      const project = appProject({ ...files, 'app.ts': APP }, true);
      try {
        const { output, version } = compile(compiler, project.dir);
        assert.equal(output, '', `${version}:\n${output}`);
      } finally {
        project.remove();
      }
    });

    it(`${compiler}: without @types/node, the build says to add it (TS2688 for 'node', from jwt-core's index.d.ts)`, () => {
      const project = appProject({ 'app.ts': APP }, false);
      try {
        const { output, version } = compile(compiler, project.dir);
        assert.match(
          output,
          /node_modules\/@sfjwt\/jwt-core\/dist\/index\.d\.ts\(\d+,\d+\): error TS2688: Cannot find type definition file for 'node'\./,
          `${version}:\n${output}`,
        );
      } finally {
        project.remove();
      }
    });
  }
});
