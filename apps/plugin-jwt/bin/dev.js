#!/usr/bin/env node
// The plugin plus its oclif devPlugins (the command snapshot and the --json schemas): `node bin/dev.js snapshot compare`.
// Development mode is what loads devPlugins; the commands still come from the built lib/ (tsconfig.json has no outDir).
import { execute } from '@oclif/core';

await execute({ development: true, dir: import.meta.url });
