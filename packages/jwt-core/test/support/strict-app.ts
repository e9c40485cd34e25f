/** The strictest compiler options an app may use, for tests that compile as an app would (each adds its own rest). */
export const STRICT_APP_OPTIONS = {
  target: 'ES2023',
  lib: ['ES2023', 'DOM'],
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
} as const;
