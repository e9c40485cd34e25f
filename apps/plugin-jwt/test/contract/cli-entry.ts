// Runs one `sf jwt` command class as its own process with the clock fixed, so its --json output is reproducible:
// node --import tsx test/contract/cli-entry.ts <epoch ms> <command> [...argv]
import { fileURLToPath } from 'node:url';

const pluginDir = fileURLToPath(new URL('../../', import.meta.url));
const [now, name, ...argv] = process.argv.slice(2);
const fixed = Number(now);
// Every command reads the clock through Date.now (and hands it to jwt-core), so this pins iat, exp and validity.
Date.now = () => fixed;
const command = (await import(`../../src/commands/jwt/${name ?? ''}.ts`)) as {
  default: { run(argv: string[], dir: string): Promise<unknown> };
};
// SfCommand.catch has already printed the error envelope and set process.exitCode; the rejection only needs swallowing.
await command.default.run(argv, pluginDir).catch(() => undefined);
