#!/usr/bin/env node
// Runs the plugin's commands without the sf CLI: `node bin/run.js jwt keygen --help`.
// The Node check and the closed-pipe handling come first; then the signal listeners (Ctrl-C while oclif loads ends
// with exit 130 and one line, as it does inside a command); oclif is loaded only once the check has passed.
import './check-node.js';
import './closed-pipe.js';
// Node's compile cache for everything loaded from here on (lib/compile-cache.js, written by the build: where and why).
import '../lib/compile-cache.js';

// `jwt keygen`: its key pair's prime search starts now, on the thread pool, while oclif loads (lib/io/early-key-pair.js).
const earlyKeyPair = await import('../lib/io/early-key-pair.js');
if (earlyKeyPair.runsKeygen(process.argv.slice(2))) earlyKeyPair.startEarlyKeyPair();
// sf's log file (~/.sf/sf-<date>.log) costs a standalone run a pino worker thread, started and flushed on every
// command: about 80 ms, half of a fast command. Inside sf it is sf's choice and stays on; here it is off unless
// asked for with SF_DISABLE_LOG_FILE=false. Our commands never log secrets either way.
process.env.SF_DISABLE_LOG_FILE ??= 'true';
const { guardInterrupts } = await import('../lib/io/interrupts.js');
guardInterrupts();
// The bundled @oclif/core (bundle/bundle.mjs): the same copy the commands' bundles use.
const { execute } = await import('../lib/execute.js');
await execute({ dir: import.meta.url });
