#!/usr/bin/env node
// Runs the plugin's commands without the sf CLI: `node bin/run.js jwt keygen --help`.
// The Node check and the closed-pipe handling come first; oclif is loaded only once the check has passed.
import './check-node.js';
import './closed-pipe.js';

const { execute } = await import('@oclif/core');
await execute({ dir: import.meta.url });
