// A throwaway app project outside the workspace, as a user's looks after `npm install`: sfjwt's packages copied in
// (their package.json and dist, so the workspace's node_modules cannot help them), third-party packages linked in
// (their own dependencies resolve where they are installed), and @types/node only when the test says the user
// followed the README's advice to install it.
import { cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** What goes into the project's node_modules. */
export interface AppProjectOptions {
  /** sfjwt's packages by name → their folder in the workspace (built: package.json and dist are copied). */
  copied: Readonly<Record<string, string>>;
  /** Third-party packages by name → their installed folder (linked). */
  linked: Readonly<Record<string, string>>;
  /** Whether `npm install --save-dev @types/node` was run (with its one dependency, undici-types). */
  nodeTypes: boolean;
}

/** An app project: its folder, a writer for its files, and its removal. */
export interface AppProject {
  dir: string;
  write(name: string, text: string): string;
  remove(): void;
}

/** Creates an app project (`"type": "module"`) with `options`' packages in node_modules. */
export function createAppProject(options: AppProjectOptions): AppProject {
  const dir = mkdtempSync(join(tmpdir(), 'sfjwt-app-'));
  const modules = join(dir, 'node_modules');
  for (const [name, source] of Object.entries(options.copied)) {
    mkdirSync(join(modules, name), { recursive: true });
    cpSync(join(source, 'package.json'), join(modules, name, 'package.json'));
    cpSync(join(source, 'dist'), join(modules, name, 'dist'), {
      recursive: true,
      filter: (file) => !file.endsWith('.map'),
    });
  }
  for (const [name, source] of Object.entries(options.linked)) {
    mkdirSync(dirname(join(modules, name)), { recursive: true });
    symlinkSync(realpathSync(source), join(modules, name), 'dir');
  }
  if (options.nodeTypes) {
    const nodeTypes = realpathSync(dirname(require.resolve('@types/node/package.json')));
    cpSync(nodeTypes, join(modules, '@types', 'node'), { recursive: true, dereference: true });
    // @types/node's one dependency, beside it in pnpm's store.
    cpSync(join(dirname(dirname(nodeTypes)), 'undici-types'), join(modules, 'undici-types'), {
      recursive: true,
      dereference: true,
    });
  }
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'sfjwt-example-app', private: true, type: 'module' }),
  );
  const write = (name: string, text: string): string => {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  return { dir, write, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
