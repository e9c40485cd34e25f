// Runs one `sf jwt` command class as its own process (real stdin, stdout, stderr and exit code) without building lib/:
// node --import tsx test/commands/jwt/cli-entry.ts <command> [...argv]
import { fileURLToPath } from 'node:url';

const pluginDir = fileURLToPath(new URL('../../../', import.meta.url));
const [name, ...argv] = process.argv.slice(2);
const command = (await import(`../../../src/commands/jwt/${name ?? ''}.ts`)) as {
  default: { run(argv: string[], dir: string): Promise<unknown> };
};
// SfCommand.catch has already printed the error and set process.exitCode; the rejection only needs swallowing here.
await command.default.run(argv, pluginDir).catch(() => undefined);
