// The plugin's `import { … } from '@sfjwt/jwt-core'` go straight to the jwt-core module that defines each name, not
// through its barrel (dist/index.js), when the commands are bundled (see bundle.mjs).
//
// Why: with code splitting, esbuild puts every module a shared barrel re-exports into one chunk for every entry that
// imports the barrel, used or not. Through the barrel, each command loaded all of jwt-core (250 KB: keystores, app
// metadata, diagnosis, the token client); `jwt assert` uses 45 KB of it. Less to read, compile and allocate at every
// command's start: inside sf, from the installed tarball, `sf jwt assert` reached its exit 12 ms sooner (median of 15
// interleaved runs, 401 ms against 413 ms).
//
// The map from name to module is read from the barrel's own `export … from` lines and checked against what the
// barrel exports at run time, so a barrel this parser does not understand fails the build instead of bundling wrong.
// A dynamic `import('@sfjwt/jwt-core')`, or any form other than named imports, would bring the whole barrel back: it
// fails the build too.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const RE_EXPORT = /export\s*(\*|\{([^}]*)\})\s*from\s*['"](\.[^'"]+)['"]/g;
const IMPORT = /import\s*\{([^}]*)\}\s*from\s*['"]@sfjwt\/jwt-core['"];?/g;
const DYNAMIC = /import\(\s*['"]@sfjwt\/jwt-core['"]\s*\)/;

/** `a`, `a as b` → [exported, local]. */
const specifiers = (list) =>
  list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => {
      const [name, alias] = s.split(/\s+as\s+/);
      return [name.trim(), (alias ?? name).trim()];
    });

/** name → the absolute path of the jwt-core module that exports it (as that name). */
export async function jwtCoreExportMap(barrelPath) {
  const dir = dirname(barrelPath);
  const map = new Map();
  for (const [, star, names, from] of readFileSync(barrelPath, 'utf8').matchAll(RE_EXPORT)) {
    const file = resolve(dir, from);
    if (star === '*') {
      for (const name of Object.keys(await import(pathToFileURL(file).href))) map.set(name, { file, name });
    } else {
      for (const [name, exported] of specifiers(names)) map.set(exported, { file, name });
    }
  }
  const missing = Object.keys(await import(pathToFileURL(barrelPath).href)).filter((name) => !map.has(name));
  if (missing.length > 0) {
    throw new Error(
      `jwt-core-direct: ${barrelPath} exports ${missing.join(', ')} by a form this parser does not read.`,
    );
  }
  return map;
}

/** The plugin module's source with each jwt-core import pointing at the defining modules. */
export function importJwtCoreDirectly(source, path, map) {
  if (DYNAMIC.test(source)) {
    throw new Error(`jwt-core-direct: ${path} imports @sfjwt/jwt-core dynamically, which loads all of it.`);
  }
  const rewritten = source.replace(IMPORT, (_, list) => {
    const byFile = new Map();
    for (const [name, local] of specifiers(list)) {
      const target = map.get(name);
      if (target === undefined)
        throw new Error(`jwt-core-direct: ${path} imports ${name}, which jwt-core does not export.`);
      const names = byFile.get(target.file) ?? [];
      names.push(target.name === local ? local : `${target.name} as ${local}`);
      byFile.set(target.file, names);
    }
    return [...byFile].map(([file, names]) => `import { ${names.join(', ')} } from ${JSON.stringify(file)};`).join(' ');
  });
  // A default, namespace or re-export form would still reach the barrel, and with it all of jwt-core.
  if (/from\s*['"]@sfjwt\/jwt-core['"]/.test(rewritten)) {
    throw new Error(`jwt-core-direct: ${path} imports @sfjwt/jwt-core in a form other than \`import { … }\`.`);
  }
  return rewritten;
}
