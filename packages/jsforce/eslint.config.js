import { config } from '@sfjwt/config/eslint';

export default config({ tsconfigRootDir: import.meta.dirname, pure: false });
