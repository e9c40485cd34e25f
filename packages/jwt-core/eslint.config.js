import { config } from '@sfjwt/config/eslint';

export default config({
  tsconfigRootDir: import.meta.dirname,
  pure: true,
  extra: [
    {
      // The one place that reads the platform's clock (the public entries' default for `now`).
      files: ['src/internal/platform.ts'],
      rules: {
        'no-restricted-properties': [
          'error',
          { object: 'process', property: 'env', message: 'jwt-core reads no environment.' },
        ],
      },
    },
  ],
});
