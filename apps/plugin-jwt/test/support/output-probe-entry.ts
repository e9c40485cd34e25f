// Runs the output probe as its own process (the spinner writes to the process's real stderr):
// SFJWT_PROBE_PAYLOAD=<base64 of the text> node --import tsx test/support/output-probe-entry.ts
import { Probe } from './output-probe.js';
import { pluginDir } from './run-command.js';

Probe.payload = Buffer.from(process.env.SFJWT_PROBE_PAYLOAD ?? '', 'base64').toString('utf8');
// SfCommand.catch has printed the error and set process.exitCode; the rejection only needs swallowing.
await Probe.run([], pluginDir).catch(() => undefined);
