// Runs one `sf jwt` command class as its own process and, at exit, writes the process's peak memory (maxRSS, KiB)
// to $HOSTILE_RSS_FILE: node --import tsx test/hostile/entry.ts <command> [...argv]
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const pluginDir = fileURLToPath(new URL('../../', import.meta.url));
const [name, ...argv] = process.argv.slice(2);
const rssFile = process.env.HOSTILE_RSS_FILE;
if (rssFile !== undefined) process.on('exit', () => writeFileSync(rssFile, String(process.resourceUsage().maxRSS)));
const command = (await import(`../../src/commands/jwt/${name ?? ''}.ts`)) as {
  default: { run(argv: string[], dir: string): Promise<unknown> };
};
// SfCommand.catch has already printed the error and set process.exitCode; the rejection only needs swallowing.
await command.default.run(argv, pluginDir).catch(() => undefined);
