import { config } from '@sfjwt/config/eslint';

// The plugin's layout (see ARCHITECTURE.md), enforced where a rule can say it. Type-only imports are always allowed:
// they cost nothing at run time and results/ types are shared by every layer.
const restrict = (message, ...folders) => ({
  patterns: folders.map((folder) => ({
    group: [`**/${folder}/*`, `**/${folder}/**`],
    message,
    allowTypeImports: true,
  })),
});

const layout = [
  {
    files: ['src/commands/**/*.ts'],
    rules: {
      // JwtCommand declares no flags (the base flags are SfCommand's baseFlags, inherited), so there is nothing to spread.
      'sf-plugin/spread-base-flags': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          ...restrict(
            'Commands are thin: parse flags, call a service, render. I/O and error mapping live below.',
            'io',
            'errors',
          ),
          paths: [
            {
              name: '@salesforce/sf-plugins-core',
              importNames: ['SfCommand'],
              message: 'Extend JwtCommand (src/base): it maps errors and owns the secret sources.',
            },
            {
              name: '@sfjwt/jwt-core',
              message: 'Commands call services; services call jwt-core.',
              allowTypeImports: true,
            },
            ...['node:fs', 'node:fs/promises', 'node:child_process', 'node:readline'].map((name) => ({
              name,
              message: 'I/O belongs in src/io.',
            })),
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'TryStatement',
          message:
            'Call the service through this.guard(): JwtCommand maps what it throws (override mapError to adjust).',
        },
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Services read the environment from their ServiceContext (this.services()).',
        },
        {
          object: 'Date',
          property: 'now',
          message: 'Services take the clock from their ServiceContext (this.services()).',
        },
      ],
    },
  },
  {
    files: ['src/services/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          ...restrict(
            'Services return results; commands render them and parse flags.',
            'commands',
            'base',
            'render',
            'flags',
          ),
          paths: [
            { name: '@salesforce/sf-plugins-core', message: 'Services know nothing of commands, flags or rendering.' },
            { name: '@oclif/core', message: 'Services know nothing of commands, flags or rendering.' },
            ...['node:fs', 'node:fs/promises', 'node:child_process', 'node:readline'].map((name) => ({
              name,
              message: 'File, process and terminal I/O belongs in src/io.',
            })),
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read context.env: a service gets the environment from its command.',
        },
        { object: 'process', property: 'stdin', message: 'Reading stdin is I/O: src/io.' },
        { object: 'Date', property: 'now', message: 'Use context.now: a service gets the clock from its command.' },
      ],
    },
  },
  {
    files: ['src/io/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          ...restrict(
            'io/ is the bottom layer (files, keys, secrets, HTTP, the sf auth store): it knows no workflow or output.',
            'commands',
            'base',
            'services',
            'render',
            'flags',
          ),
          paths: [
            { name: '@salesforce/sf-plugins-core', message: 'io/ knows nothing of commands or rendering.' },
            { name: '@oclif/core', message: 'io/ knows nothing of commands or rendering.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/render/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          ...restrict(
            'Renderers turn a result into output; they read nothing and run no workflow.',
            'commands',
            'base',
            'services',
            'io',
            'flags',
          ),
          paths: ['node:fs', 'node:fs/promises', 'node:child_process'].map((name) => ({
            name,
            message: 'Renderers do no I/O.',
          })),
        },
      ],
    },
  },
  {
    files: ['src/results/**/*.ts', 'src/errors/**/*.ts', 'src/flags/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        restrict(
          'results/, errors/ and flags/ are leaves: shapes, error mapping and flag definitions only.',
          'commands',
          'base',
          'services',
          'io',
        ),
      ],
    },
  },
  {
    files: ['src/text/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        restrict(
          'text/ is a leaf every layer imports (marking server text): it imports nothing of the plugin.',
          'commands',
          'base',
          'services',
          'io',
          'render',
          'flags',
          'errors',
          'results',
        ),
      ],
    },
  },
];

const configs = config({ tsconfigRootDir: import.meta.dirname, sfPlugin: true, extra: layout });

// eslint-plugin-sf-plugin recognises a command by `extends SfCommand` imported under that name, so a command that
// extends JwtCommand would lose every command rule (summaries, examples, flag rules, run() return type…). Its rules
// get a view of the file in which JwtCommand is imported as SfCommand, which is what it is.
for (const block of configs) {
  const sfPlugin = block.plugins?.['sf-plugin'];
  if (sfPlugin === undefined) continue;
  const rules = Object.fromEntries(
    Object.entries(sfPlugin.rules).map(([name, rule]) => [name, jwtCommandIsSfCommand(rule)]),
  );
  block.plugins = { ...block.plugins, 'sf-plugin': { ...sfPlugin, rules } };
}

export default configs;

function jwtCommandIsSfCommand(rule) {
  return {
    ...rule,
    create(context) {
      const fakeImport = {
        type: 'ImportDeclaration',
        importKind: 'value',
        source: { type: 'Literal', value: '../../base/jwt-command.js', raw: "'../../base/jwt-command.js'" },
        specifiers: [
          {
            type: 'ImportSpecifier',
            importKind: 'value',
            imported: { type: 'Identifier', name: 'SfCommand' },
            local: { type: 'Identifier', name: 'JwtCommand' },
          },
        ],
      };
      // ESLint freezes context, source code and AST, so these are views (prototype = the real object), not proxies.
      const ast = Object.create(context.sourceCode.ast, {
        body: { value: [fakeImport, ...context.sourceCode.ast.body] },
      });
      const sourceCode = Object.create(context.sourceCode, { ast: { value: ast } });
      return rule.create(Object.create(context, { sourceCode: { value: sourceCode } }));
    },
  };
}
