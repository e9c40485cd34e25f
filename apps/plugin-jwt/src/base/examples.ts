/**
 * A command's examples as oclif should show them. oclif prefixes `$ ` to (and indents) only command lines that begin
 * with the CLI's name; an example with a shell line that begins otherwise, with an environment assignment
 * (`SFJWT_KEY_PASSPHRASE=… sf jwt keygen …`), `export …;`, `cd …` or a pipe, would print flush left without its `$ `,
 * in `--help` and in the README generated from it. Such an example becomes `{ description, command }` with the `$ `
 * written out (several lines joined with `&&`: one shell line that stops at the first failure); the others stay as
 * they are.
 */
import type { Command } from '@oclif/core';

/** How examples in messages/*.md begin a command line that starts with the CLI's name (the template, or spelled out). */
const CLI_NAMES = ['<%= config.bin %>', 'sf '];

export function helpExamples(examples: readonly string[]): Command.Example[] {
  return examples.map((example) => {
    const [description, ...lines] = example.split('\n').map((line) => line.trim());
    if (
      description === undefined ||
      lines.length === 0 ||
      lines.every((line) => CLI_NAMES.some((name) => line.startsWith(name)))
    )
      return example;
    return { description, command: `$ ${lines.join(' && ')}` };
  });
}
