// projectLeaks, the check that a fresh project's packages are its own: a package linked to the workspace (what a
// leak looks like after resolution) and a package that is missing are reported; a package installed in the project
// is not. The install itself (freshProject) is exercised by the jsforce and fleet tests that use it.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { projectLeaks } from '../dist/index.js';

const work = mkdtempSync(join(tmpdir(), 'fresh-project-test-'));
after(() => rmSync(work, { recursive: true, force: true }));

function project(name) {
  const dir = join(work, name);
  mkdirSync(join(dir, 'node_modules', '@sfjwt'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, type: 'module' }));
  return dir;
}

describe('projectLeaks', () => {
  it('reports a package that resolves outside the project (a symlink to a workspace package)', async () => {
    // A package folder outside the project, as pnpm links the workspace's (built or not: this one needs no build).
    const workspacePackage = join(work, 'workspace', 'jwt-core');
    mkdirSync(workspacePackage, { recursive: true });
    writeFileSync(
      join(workspacePackage, 'package.json'),
      JSON.stringify({ name: '@sfjwt/jwt-core', exports: './index.js' }),
    );
    writeFileSync(join(workspacePackage, 'index.js'), 'export {};\n');
    const dir = project('linked');
    symlinkSync(workspacePackage, join(dir, 'node_modules', '@sfjwt', 'jwt-core'));
    assert.deepEqual(await projectLeaks(dir, ['@sfjwt/jwt-core']), [
      `@sfjwt/jwt-core: ${join(realpathSync(workspacePackage), 'index.js')}`,
    ]);
  });

  it('reports a package that does not resolve, and passes one installed in the project', async () => {
    const dir = project('installed');
    const own = join(dir, 'node_modules', '@sfjwt', 'jwt-core');
    mkdirSync(own);
    writeFileSync(join(own, 'package.json'), JSON.stringify({ name: '@sfjwt/jwt-core', exports: './index.js' }));
    writeFileSync(join(own, 'index.js'), 'export {};\n');
    assert.deepEqual(await projectLeaks(dir, ['@sfjwt/jwt-core', '@sfjwt/jsforce']), [
      '@sfjwt/jsforce: unresolved: ERR_MODULE_NOT_FOUND',
    ]);
  });
});
