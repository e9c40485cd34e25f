// Shared flat config: type-aware typescript-eslint everywhere, plus per-package architecture rules.
import { createRequire } from 'node:module';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * @param {{ tsconfigRootDir: string, pure?: boolean, sfPlugin?: boolean, extra?: import('eslint').Linter.Config[] }} options
 *   `pure` forbids I/O and Salesforce/oclif imports (jwt-core must stay a pure library);
 *   `sfPlugin` adds eslint-plugin-sf-plugin's recommended rules (published in the legacy config format).
 */
export function config({ tsconfigRootDir, pure = false, sfPlugin = false, extra = [] }) {
  return tseslint.config(
    { ignores: ['dist/**', 'lib/**', 'node_modules/**', 'coverage/**', '**/*.d.ts'] },
    js.configs.recommended,
    ...tseslint.configs.recommendedTypeChecked,
    {
      languageOptions: {
        globals: { ...globals.node },
        parserOptions: { projectService: true, tsconfigRootDir },
      },
      rules: {
        '@typescript-eslint/consistent-type-imports': 'error',
        '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
        '@typescript-eslint/only-throw-error': 'error',
        'no-console': 'off',
      },
    },
    {
      files: ['**/*.js', '**/*.mjs'],
      ...tseslint.configs.disableTypeChecked,
    },
    {
      files: ['test/**/*.ts'],
      rules: {
        '@typescript-eslint/no-unused-expressions': 'off',
        '@typescript-eslint/no-non-null-assertion': 'off',
      },
    },
    ...(pure
      ? [
          {
            files: ['src/**/*.ts'],
            rules: {
              'no-restricted-imports': [
                'error',
                {
                  paths: [
                    { name: 'node:fs', message: 'jwt-core is pure: file I/O belongs in the plugin.' },
                    { name: 'fs', message: 'jwt-core is pure: file I/O belongs in the plugin.' },
                    { name: 'node:fs/promises', message: 'jwt-core is pure: file I/O belongs in the plugin.' },
                    { name: 'fs/promises', message: 'jwt-core is pure: file I/O belongs in the plugin.' },
                    { name: 'node:child_process', message: 'jwt-core is pure: no processes.' },
                    { name: 'node:readline', message: 'jwt-core is pure: no prompts.' },
                  ],
                  patterns: [
                    { group: ['@salesforce/*'], message: 'jwt-core may not depend on Salesforce packages.' },
                    { group: ['@oclif/*'], message: 'jwt-core may not depend on oclif.' },
                  ],
                },
              ],
              'no-restricted-globals': ['error', { name: 'fetch', message: 'jwt-core takes fetch as a parameter.' }],
              'no-restricted-properties': [
                'error',
                { object: 'process', property: 'env', message: 'jwt-core reads no environment.' },
                { object: 'Date', property: 'now', message: 'jwt-core takes the clock as a parameter.' },
              ],
            },
          },
        ]
      : []),
    ...(sfPlugin ? [sfPluginConfig()] : []),
    ...extra,
  );
}

function sfPluginConfig() {
  const plugin = createRequire(import.meta.url)('eslint-plugin-sf-plugin');
  const rules = Object.fromEntries(Object.entries(plugin.rules).map(([name, rule]) => [name, withGetAncestors(rule)]));
  return {
    files: ['src/**/*.ts'],
    plugins: { 'sf-plugin': { ...plugin, rules } },
    rules: plugin.configs.recommended.rules,
  };
}

/**
 * eslint-plugin-sf-plugin still calls ESLint 8's `context.getAncestors()`, removed in ESLint 9 (it crashes with
 * "context.getAncestors is not a function"). Same shim as @eslint/compat's fixupRule: remember the node being
 * visited and answer from `sourceCode.getAncestors(node)`.
 */
function withGetAncestors(rule) {
  return {
    ...rule,
    create(context) {
      let current;
      const compat = Object.create(context, {
        getAncestors: { value: () => context.sourceCode.getAncestors(current) },
      });
      const visitors = rule.create(compat);
      return Object.fromEntries(
        Object.entries(visitors).map(([selector, visit]) => [
          selector,
          (node, ...rest) => {
            current = node;
            return visit(node, ...rest);
          },
        ]),
      );
    },
  };
}
