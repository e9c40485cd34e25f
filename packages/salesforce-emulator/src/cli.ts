// `salesforce-emulator --config file.json [--port N] [--host H] [--tls]` or `salesforce-emulator --demo [--write-key DIR]`.
// The first stdout line is always `Salesforce emulator listening on <url>` once requests can be served.
import { parseArgs } from 'node:util';
import type { EmulatorConfig, EmulatorRole } from './config/types.js';
import { EmulatorConfigError } from './config/errors.js';
import { loadConfigFile } from './config/load.js';
import { createDemoConfig, type DemoSetup } from './demo.js';
import { startEmulator, type StartOptions } from './emulator.js';
import { writeDemoKey } from './write-key.js';
import { describeRequest } from './request-line.js';

const USAGE = `Usage:
  salesforce-emulator --config <file.json> [--port <n>] [--host <address>] [--tls] [--role mydomain|login|test]
                      [--propagation-delay <seconds>] [--verbose]
  salesforce-emulator --demo [--write-key <dir>] [--force] [--port <n>] [--host <address>] [--tls] [--propagation-delay <seconds>]

Starts a local Salesforce login server (JWT bearer token endpoint, authorize, REST basics).
  --config      JSON configuration: orgs, apps, users (see the package README)
  --demo        generate a throwaway key, certificate, org, app and user
  --write-key   with --demo: write the private key (0600) and certificate into <dir>
  --force       with --write-key: overwrite existing files
  --port        port to listen on (default: a free port)
  --host        address to bind (default 127.0.0.1)
  --tls         serve HTTPS with a self-signed certificate
  --role        which login host the URL plays (default mydomain)
  --propagation-delay  seconds a deployed app (or a change to it) takes to apply (default: the config's, else 0)
  --verbose     log one line per request to stderr (never tokens)
Stops on SIGINT/SIGTERM.`;

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

const defaultIo: CliIo = { out: (l) => console.log(l), err: (l) => console.error(l) };

/** Runs the CLI until a signal stops the server. Resolves with the exit code. */
export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        config: { type: 'string' },
        demo: { type: 'boolean' },
        'write-key': { type: 'string' },
        force: { type: 'boolean' },
        port: { type: 'string' },
        host: { type: 'string' },
        tls: { type: 'boolean' },
        role: { type: 'string' },
        'propagation-delay': { type: 'string' },
        verbose: { type: 'boolean', short: 'v' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    io.err(`Error: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help === true) {
    io.out(USAGE);
    return 0;
  }
  const usage = (message: string): number => {
    io.err(`Error: ${message}\n\n${USAGE}`);
    return 2;
  };
  if ((values.config === undefined) === (values.demo !== true)) return usage('give either --config <file> or --demo');
  if (values['write-key'] !== undefined && values.demo !== true) return usage('--write-key only goes with --demo');
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    return usage(`--port must be 0–65535 (got "${values.port}")`);
  const delayText = values['propagation-delay'];
  const delay = delayText === undefined ? undefined : Number(delayText);
  if (delay !== undefined && !(Number.isInteger(delay) && delay >= 0 && delay <= 86_400)) {
    return usage(`--propagation-delay must be a whole number of seconds from 0 to 86400 (got "${delayText}")`);
  }
  const role = values.role;
  if (role !== undefined && !['mydomain', 'login', 'test'].includes(role))
    return usage(`--role must be mydomain, login or test (got "${role}")`);

  let config: EmulatorConfig;
  let demo: DemoSetup | undefined;
  const options: StartOptions = {
    port,
    tls: values.tls === true,
    ...(values.host === undefined ? {} : { host: values.host }),
  };
  if (values.verbose === true) options.onRequest = (record) => io.err(describeRequest(record));
  try {
    if (values.config !== undefined) {
      const loaded = loadConfigFile(values.config);
      config = loaded.config;
      options.baseDir = loaded.baseDir;
    } else {
      demo = createDemoConfig();
      config = demo.config;
    }
    if (role !== undefined) config = { ...config, role: role as EmulatorRole };
    if (delay !== undefined) config = { ...config, propagationDelaySeconds: delay };
    const keyPath =
      demo !== undefined && values['write-key'] !== undefined
        ? writeDemoKey(values['write-key'], demo, values.force === true)
        : undefined;
    const emulator = await startEmulator(config, options);
    // Listen for signals before announcing readiness: a supervisor may stop us as soon as it reads the URL.
    const stopped = new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    io.out(`Salesforce emulator listening on ${emulator.url}`);
    if (demo !== undefined) printDemo(io, demo, emulator.url, keyPath);
    await stopped;
    await emulator.stop();
    io.err('Salesforce emulator stopped');
    return 0;
  } catch (error) {
    if (error instanceof EmulatorConfigError) io.err(error.message);
    else io.err(`Error: ${(error as Error).message}`);
    return 1;
  }
}

function printDemo(io: CliIo, demo: DemoSetup, url: string, keyPath: string | undefined): void {
  io.out(`Org id:        ${demo.orgId}`);
  io.out(`Consumer key:  ${demo.consumerKey}`);
  io.out(`Username:      ${demo.username}`);
  if (keyPath === undefined) {
    io.out('Private key:   not written (pass --write-key <dir> to get it)');
    return;
  }
  io.out(`Private key:   ${keyPath}`);
  io.out(
    `Try:           sf org login jwt --client-id ${demo.consumerKey} --jwt-key-file ${keyPath} --username ${demo.username} --instance-url ${url}`,
  );
}
