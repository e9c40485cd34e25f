// Every example in `--help` (and so in the README generated from it) shows its command as a command: `$ `, indented
// under its description, whether it begins with `sf` or with an environment assignment, `export …;` or a pipe.
import { strict as assert } from 'node:assert';
import { type Command, Config, Help } from '@oclif/core';
import { helpExamples } from '../../src/base/examples.js';
import { ensureBuilt } from '../support/build.js';
import { pluginDir } from '../support/sf-cli.js';

/** oclif's own help, which `oclif readme` uses too (the plugin names no help class of its own). */
class CommandText extends Help {
  public textOf(command: Command.Loadable): string {
    return this.formatCommand(command);
  }
}

describe('help examples', () => {
  it('a command line that does not begin with the CLI name gets its `$ ` written out; the others stay strings', () => {
    assert.deepEqual(
      helpExamples([
        'Generate a pair:\n<%= config.bin %> <%= command.id %> --output-dir .',
        'Encrypt it (CI):\nSFJWT_KEY_PASSPHRASE=... <%= config.bin %> <%= command.id %> --encrypt',
        'Then deploy it:\n<%= config.bin %> <%= command.id %> --output-dir app\ncd app && sf project deploy start',
      ]),
      [
        'Generate a pair:\n<%= config.bin %> <%= command.id %> --output-dir .',
        {
          description: 'Encrypt it (CI):',
          command: '$ SFJWT_KEY_PASSPHRASE=... <%= config.bin %> <%= command.id %> --encrypt',
        },
        {
          description: 'Then deploy it:',
          command: '$ <%= config.bin %> <%= command.id %> --output-dir app && cd app && sf project deploy start',
        },
      ],
    );
  });

  it("every command's --help shows each example's command indented after `$ `", async function () {
    this.timeout(120_000);
    ensureBuilt();
    const config = await Config.load(pluginDir);
    const help = new CommandText(config, { stripAnsi: true });
    const commands = config.commands.filter((c) => c.id.startsWith('jwt:'));
    assert.ok(commands.length >= 11, commands.map((c) => c.id).join(', '));
    for (const command of commands) {
      const text = help.textOf(command);
      const section = text.slice(text.indexOf('EXAMPLES\n'), text.indexOf('\nFLAG DESCRIPTIONS'));
      const shown = section.split('\n').filter((line) => line.startsWith('    $ '));
      // One `$ ` line per command line of each example (a string example may hold several, one per line).
      const commandLines = (command.examples ?? [])
        .map((example) => (typeof example === 'string' ? example.split('\n').length - 1 : 1))
        .reduce((a, b) => a + b, 0);
      assert.equal(shown.length, commandLines, `${command.id}:\n${section}`);
      // Nothing else is flush left under a description: every line is a description (2 spaces), a command (4) or its
      // continuation (6).
      for (const line of section.split('\n').slice(1))
        assert.match(line, /^(| {2}\S.*| {4}\$ .*| {6}\S.*)$/, `${command.id}: ${line}`);
    }
  });
});
