#!/usr/bin/env node
// Runs the plugin's commands without the sf CLI: `node bin/run.js jwt keygen --help`.
// The Node check and the closed-pipe handling come first; then the signal listeners (Ctrl-C while oclif loads ends
// with exit 130 and one line, as it does inside a command); oclif is loaded only once the check has passed.
import './check-node.js';
import './closed-pipe.js';
// Node's compile cache for everything loaded from here on (lib/compile-cache.js, written by the build: where and why).
import '../lib/compile-cache.js';

const { guardInterrupts } = await import('../lib/io/interrupts.js');
guardInterrupts();
// The bundled @oclif/core (bundle/bundle.mjs): the same copy the commands' bundles use.
const { execute } = await import('../lib/execute.js');
await execute({ dir: import.meta.url });
