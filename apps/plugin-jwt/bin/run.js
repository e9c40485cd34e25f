#!/usr/bin/env node
// Runs the plugin's commands without the sf CLI: `node bin/run.js jwt keygen --help`.
import { execute } from '@oclif/core';

await execute({ dir: import.meta.url });
