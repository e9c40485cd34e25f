#!/usr/bin/env node
// The build's last step (after tsc, before the oclif manifest): turns lib/commands/**/*.js into one esbuild bundle per
// command (shared code in lib/chunks/), so that starting a command loads only what it uses. What it changes:
//
// - @salesforce/sf-plugins-core (SfCommand, Flags) is bundled, and its `import … from '@salesforce/core'` reaches
//   salesforce-core-slim.js: the few @salesforce/core modules it names, not the barrel (jsforce, org, auth: ~0.8 s).
// - @oclif/table (ink, React: ~0.3 s) is bundled into its own chunk, loaded only by commands whose code can draw a
//   table (see oclif-table-deferred.js and `drawsTables`).
// - @oclif/core: every import of it reaches one module that takes the host CLI's copy inside sf (the oclif that
//   loaded the command, already in memory) when its version is one the plugin was checked against
//   (host-oclif-core.js), and the plugin's own copy otherwise: inlined in one chunk behind a dynamic import, shared
//   with bin/run.js (lib/execute.js), so it loads only standalone (as 64 files plus semver's 47 it cost more to find
//   and read than as one chunk). An `sf plugins install` puts the plugin's own copy (5.x, while sf 2.150 runs 4.x)
//   apart from the CLI's; parsing it inside sf cost every command ~15 ms and ~3 MiB.
// - @salesforce/core is never inlined: every import of it reaches host-salesforce-core.js, which takes the host
//   CLI's copy inside sf (already loaded by sf before the command starts: pino, memfs and the config classes come
//   free) when its version fits our range, and the plugin's own copy otherwise (standalone).
// - jwt-core and the plugin's own modules are inlined; the plugin's jwt-core imports reach the modules that define
//   each name, not jwt-core's barrel, which esbuild's code splitting would load whole (jwt-core-direct.js).
// - Every bundle's text is kept one byte per character for V8 (one-byte-source.js).
// - A command's bundle goes to lib/chunks/commands/; the module oclif loads (lib/commands/) turns Node's compile cache
//   on (compile-cache.js, copied to lib/) and then imports it, so the bundles are compiled from V8's cache, not parsed.
//
// Everything else (flags, messages, errors, the --json envelopes) is the same code, run from fewer files. The module
// guards fail if a heavy module loads at a command's start again (test/startup/loaded-modules.test.ts) or if the
// installed tarball loads more than sf --version's files + 150, or an @oclif/core of its own inside sf
// (test/startup/installed-files.test.ts).
// Usage: node bundle/bundle.mjs (in apps/plugin-jwt, after tsc).
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { importJwtCoreDirectly, jwtCoreExportMap } from './jwt-core-direct.js';
import { oneByteSource } from './one-byte-source.js';

const pluginDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// The tsc output to bundle in place: lib/, or a copy's (the benchmarks compare variants this way).
const lib = resolve(process.argv[2] ?? join(pluginDir, 'lib'));
const out = `${lib}-bundle`;
const here = dirname(fileURLToPath(import.meta.url));
const slimCore = join(here, 'salesforce-core-slim.js');
const deferredTable = join(here, 'oclif-table-deferred.js');
const hostCore = join(here, 'host-salesforce-core.js');
const hostOclif = join(here, 'host-oclif-core.js');
const pluginPjson = JSON.parse(readFileSync(join(pluginDir, 'package.json'), 'utf8'));

const requireHere = createRequire(join(pluginDir, 'package.json'));
const sfPluginsCoreEntry = requireHere.resolve('@salesforce/sf-plugins-core');
const sfPluginsCoreLib = dirname(sfPluginsCoreEntry);
const sfPluginsCoreRoot = dirname(sfPluginsCoreLib);
const jwtCoreExports = await jwtCoreExportMap(requireHere.resolve('@sfjwt/jwt-core'));

/**
 * Loaded from node_modules at run time, never bundled: undici (already lazy: only the network commands load it), and
 * ink's optional React devtools (only under DEV=true, and not installed), the TypeScript tools. @salesforce/core is not bundled either, but
 * reached through host-salesforce-core.js (see the plugin below).
 */
const EXTERNAL = [
  /^undici(\/|$)/,
  // @oclif/core reads a linked plugin's tsconfig with these (development only): never at a shipped command's start.
  /^(typescript|tsx|ts-node)(\/|$)/,
  /^react-devtools-core$/,
  /^node:/,
];

const isInside = (file, dir) => file === dir || file.startsWith(dir + sep);
const BANNER =
  "import { createRequire as __sfjwtRequire } from 'node:module'; const require = __sfjwtRequire(import.meta.url);";
const commandFiles = readdirSync(join(lib, 'commands'), { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.js'))
  .map((f) => join(lib, 'commands', f));
if (commandFiles.length === 0 || commandFiles.some((f) => readFileSync(f, 'utf8').startsWith(BANNER))) {
  throw new Error(`${lib} holds no fresh tsc output (already bundled?): run \`tsc -p tsconfig.build.json\` first.`);
}

/** A command can draw a table if any of its own modules calls `.table(` or talks to an admin org (jsforce's
 * MULTIPLE_API_ERRORS are printed as a table by sf-plugins-core's error formatting). */
// (`super.table(` is JwtCommand's own override, which every command inherits: not a sign that it draws one.)
const TABLE_SIGNS = [/(?<!\bsuper)\.table\(/, /\bmakeTable\(/];
const drawsTables = (inputs) =>
  inputs.some(
    (file) =>
      isInside(file, lib) &&
      (file.endsWith(`${sep}admin-org.js`) || TABLE_SIGNS.some((re) => re.test(readFileSync(file, 'utf8')))),
  );

const REAL_TABLE = Symbol('the real @oclif/table');
const plugin = {
  name: 'sfjwt-slim-start',
  setup(b) {
    // sf-plugins-core's @salesforce/core barrel → the slim module; its @oclif/table → the deferred one.
    // Every other @salesforce/core import → the copy host-salesforce-core.js chooses (inside sf, the CLI's own).
    b.onResolve({ filter: /^@salesforce\/core(\/|$)/ }, (args) =>
      args.path === '@salesforce/core' && isInside(args.importer, sfPluginsCoreRoot)
        ? { path: slimCore }
        : { path: args.path, namespace: 'sfjwt-core' },
    );
    // An ES module naming each export (as our copy has them: the host's, same major and not older, has them too), so
    // that a dynamic import() of it, which esbuild splits into a chunk of its own, gets them by name.
    b.onLoad({ filter: /.*/, namespace: 'sfjwt-core' }, (args) => {
      const names = Object.keys(requireHere(args.path)).filter((n) => n !== 'default' && /^[A-Za-z_$][\w$]*$/.test(n));
      return {
        contents: [
          `import { requireCore } from ${JSON.stringify(hostCore)};`,
          `const core = requireCore(${JSON.stringify(args.path)});`,
          'export default core;',
          `export const { ${names.join(', ')} } = core;`,
        ].join('\n'),
        resolveDir: here,
        loader: 'js',
      };
    });
    // @oclif/core: inside sf the CLI's own, standalone the plugin's (host-oclif-core.js). Every import of it reaches
    // one module that chooses at start; the plugin's copy is bundled behind a dynamic import (sfjwt-own-oclif), also
    // what bin/run.js's execute() comes from, so it loads only when it is the one used.
    b.onResolve({ filter: /^@oclif\/core$/ }, (args) =>
      args.namespace === 'sfjwt-own-oclif' || args.namespace === 'sfjwt-execute'
        ? undefined
        : { path: 'oclif', namespace: 'sfjwt-oclif' },
    );
    b.onLoad({ filter: /.*/, namespace: 'sfjwt-oclif' }, () => {
      const names = Object.keys(requireHere('@oclif/core')).filter(
        (n) => n !== 'default' && /^[A-Za-z_$][\w$]*$/.test(n),
      );
      return {
        contents: [
          `import { hostOclifCore } from ${JSON.stringify(hostOclif)};`,
          // A named export, not `default`: a loader that runs the chunk as CommonJS (tsx, for oclif's dev plugins)
          // unwraps a default export, but keeps named ones.
          "const core = hostOclifCore() ?? (await import('sfjwt-own-oclif')).oclif;",
          'export default core;',
          `export const { ${names.join(', ')} } = core;`,
        ].join('\n'),
        resolveDir: here,
        loader: 'js',
      };
    });
    b.onResolve({ filter: /^sfjwt-own-oclif$/ }, () => ({ path: 'own', namespace: 'sfjwt-own-oclif' }));
    b.onLoad({ filter: /.*/, namespace: 'sfjwt-own-oclif' }, () => ({
      contents: "import * as oclif from '@oclif/core'; export { oclif };",
      resolveDir: pluginDir,
      loader: 'js',
    }));
    b.onResolve({ filter: /^@oclif\/table$/ }, (args) => {
      if (args.pluginData === REAL_TABLE) return undefined;
      if (args.importer !== deferredTable) return { path: deferredTable };
      return b.resolve(args.path, { kind: args.kind, resolveDir: sfPluginsCoreLib, pluginData: REAL_TABLE });
    });
    // Shared with sf and the other plugins, or not needed: left to Node at run time.
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (EXTERNAL.some((re) => re.test(args.path))) return { path: args.path, external: true };
      return undefined;
    });
    // The plugin's jwt-core imports go to the modules that define the names, not the barrel (see jwt-core-direct.js).
    b.onLoad({ filter: /\.js$/ }, (args) => {
      if (!isInside(args.path, lib)) return undefined;
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('@sfjwt/jwt-core')) return undefined;
      return { contents: importJwtCoreDirectly(source, args.path, jwtCoreExports), loader: 'js' };
    });
    // sf-plugins-core finds its messages/ from import.meta.url: point that at its installed files, not the bundle.
    b.onLoad({ filter: /\.js$/ }, (args) => {
      if (!isInside(args.path, sfPluginsCoreLib)) return undefined;
      const rel = relative(sfPluginsCoreLib, args.path).split(sep).join('/');
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      const url = `new URL(${JSON.stringify(`./${rel}`)}, import.meta.resolve('@salesforce/sf-plugins-core')).href`;
      return { contents: source.replaceAll('import.meta.url', url), loader: 'js' };
    });
    // bin/run.js's entry: oclif's execute(), from the same inlined @oclif/core as the commands (one copy per process).
    b.onResolve({ filter: /^sfjwt-execute$/ }, () => ({ path: 'execute', namespace: 'sfjwt-execute' }));
    b.onLoad({ filter: /.*/, namespace: 'sfjwt-execute' }, () => ({
      contents: "export { execute } from '@oclif/core';",
      resolveDir: pluginDir,
      loader: 'js',
    }));
    // A command that can draw a table loads @oclif/table before it runs.
    b.onResolve({ filter: /^sfjwt-command:/ }, (args) => ({
      path: args.path.slice('sfjwt-command:'.length),
      namespace: 'sfjwt-command',
    }));
    b.onLoad({ filter: /.*/, namespace: 'sfjwt-command' }, (args) => ({
      contents: [
        `import { loadTables } from ${JSON.stringify(deferredTable)};`,
        `export * from ${JSON.stringify(args.path)};`,
        `export { default } from ${JSON.stringify(args.path)};`,
        'await loadTables();',
      ].join('\n'),
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

const options = {
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  outdir: out,
  outbase: lib,
  chunkNames: 'chunks/[name]-[hash]',
  // Bundled CommonJS (sf-plugins-core's dependencies) calls require(): give it Node's.
  banner: { js: BANNER },
  logLevel: 'warning',
  legalComments: 'none',
  define: { SFJWT_CORE_RANGE: JSON.stringify(pluginPjson.dependencies['@salesforce/core']) },
  // Class names are public: sf puts the command's in the --json error envelope (context, commandName).
  keepNames: true,
  absWorkingDir: pluginDir,
  plugins: [plugin],
};

// Pass 1: which modules each command reaches (to know which ones draw tables).
const probe = await build({ ...options, entryPoints: commandFiles, write: false, metafile: true });
const tableCommands = new Set();
for (const meta of Object.values(probe.metafile.outputs)) {
  if (meta.entryPoint === undefined) continue;
  // The entry's modules and those of every chunk it imports, statically or not, transitively.
  const inputs = new Set();
  const seen = new Set();
  const visit = (output) => {
    if (output === undefined || seen.has(output)) return;
    seen.add(output);
    for (const input of Object.keys(output.inputs)) inputs.add(input);
    for (const imp of output.imports) visit(probe.metafile.outputs[imp.path]);
  };
  visit(meta);
  if (drawsTables([...inputs].map((i) => resolve(pluginDir, i))))
    tableCommands.add(resolve(pluginDir, meta.entryPoint));
}

// Pass 2: the bundles. A command's bundle goes to lib/chunks/commands/; its module in lib/commands/ (what oclif's
// manifest names) turns Node's compile cache on first (compile-cache.js), then imports the bundle: ESM parses a
// module's whole static graph before running any of it, so the cache must be on before the bundle is imported.
rmSync(out, { recursive: true, force: true });
const bundleOf = (file) => join('chunks', relative(lib, file)).replace(/\.js$/, '');
const bundled = await build({
  ...options,
  metafile: true,
  entryPoints: [
    ...commandFiles.map((file) => ({
      in: tableCommands.has(file) ? `sfjwt-command:${file}` : file,
      out: bundleOf(file),
    })),
    { in: 'sfjwt-execute', out: 'execute' },
  ],
});

// The commands' modules are replaced by their bundles. tsc's other modules stay beside them: no command loads them,
// but the crash test drives lib/services and lib/io directly, without oclif.
for (const file of commandFiles) rmSync(file);
rmSync(join(lib, 'chunks'), { recursive: true, force: true });
writeFileSync(join(lib, 'execute.js'), oneByteSource(readFileSync(join(out, 'execute.js'), 'utf8'), 'execute.js'));
for (const entry of readdirSync(join(out, 'chunks'), { recursive: true, withFileTypes: true })) {
  if (!entry.isFile()) continue;
  const from = join(entry.parentPath, entry.name);
  const to = join(lib, relative(out, from));
  mkdirSync(dirname(to), { recursive: true });
  writeFileSync(to, oneByteSource(readFileSync(from, 'utf8'), to));
}
rmSync(out, { recursive: true, force: true });
writeFileSync(join(lib, 'compile-cache.js'), readFileSync(join(here, 'compile-cache.js')));
const exportsOf = (bundle) =>
  Object.entries(bundled.metafile.outputs).find(([path]) => resolve(pluginDir, path) === join(out, `${bundle}.js`))[1]
    .exports;
for (const file of commandFiles) {
  const bundle = bundleOf(file);
  const toLib = (target) => relative(dirname(file), join(lib, target)).split(sep).join('/');
  const named = exportsOf(bundle).filter((name) => name !== 'default');
  writeFileSync(
    file,
    [
      `// ${relative(lib, file).split(sep).join('/')}: Node's compile cache on, then the command's bundle (bundle/bundle.mjs).`,
      `import ${JSON.stringify(toLib('compile-cache.js'))};`,
      `const command = await import(${JSON.stringify(toLib(`${bundle}.js`))});`,
      'export default command.default;',
      ...(named.length === 0 ? [] : [`export const { ${named.join(', ')} } = command;`]),
      '',
    ].join('\n'),
  );
}
console.log(`bundled ${commandFiles.length} commands (${tableCommands.size} load @oclif/table first)`);
