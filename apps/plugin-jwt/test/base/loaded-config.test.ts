// A command run by a CLI gets the CLI's loaded oclif Config as it is, instead of oclif's Config.load() rebuilding it
// (every plugin's commands and permutations again: ~30 ms of CPU inside sf). Identity is compared with `===` (a
// failure's diff of two whole Configs, sf's with every plugin, would take minutes to print). The Configs are real: the plugin's own
// @oclif/core 5 and the one sf 2.150 runs (4.x), each loaded from its package; a Config of another shape is rebuilt.
import { strict as assert } from 'node:assert';
import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Config } from '@oclif/core';
import { JwtCommand } from '../../src/base/jwt-command.js';
import { loadedConfig } from '../../src/base/loaded-config.js';
import { pluginDir } from '../support/sf-cli.js';

/** A command whose result is the Config it ran with. */
class ConfigProbe extends JwtCommand<Config> {
  public static override readonly enableJsonFlag = false;

  public async run(): Promise<Config> {
    await this.parse(ConfigProbe);
    return Promise.resolve(this.config);
  }
}

/** sf's own @oclif/core (the one sf --version runs), resolved from the @salesforce/cli package. */
async function sfOclifConfig(): Promise<{ config: unknown; version: string }> {
  const sfRoot = realpathSync(join(pluginDir, 'node_modules', '@salesforce', 'cli'));
  const requireFromSf = createRequire(`${sfRoot}/package.json`);
  const oclif = (await import(requireFromSf.resolve('@oclif/core'))) as {
    Config: { load(root: string): Promise<unknown> };
  };
  const { version } = requireFromSf('@oclif/core/package.json') as { version: string };
  return { config: await oclif.Config.load(sfRoot), version };
}

describe('the Config a command runs with', () => {
  it("takes the plugin's own loaded Config (@oclif/core 5) as it is", async () => {
    const config = await Config.load(pluginDir);
    assert.ok(loadedConfig(config) === config);
    assert.ok((await ConfigProbe.run([], config)) === config, 'the command ran with a rebuilt Config');
  });

  it("takes sf's loaded Config (@oclif/core 4) as it is", async function () {
    this.timeout(120_000);
    const { config, version } = await sfOclifConfig();
    assert.match(version, /^4\./);
    assert.ok(loadedConfig(config) === config);
    assert.ok((await ConfigProbe.run([], config as Config)) === config, 'the command ran with a rebuilt Config');
  });

  it('loads one from a path, and rebuilds a Config of another @oclif/core major or without the methods it calls', async () => {
    const config = await Config.load(pluginDir);
    const fromPath = await ConfigProbe.run([], pluginDir);
    assert.ok(fromPath instanceof Config);
    assert.equal(loadedConfig(pluginDir), undefined);
    assert.equal(loadedConfig(undefined), undefined);
    const older = Object.assign(Object.create(config) as Config, { _base: '@oclif/core@3.27.0' });
    assert.equal(loadedConfig(older), undefined);
    const rebuilt = await ConfigProbe.run([], older);
    assert.ok(rebuilt !== older, 'a Config of @oclif/core 3 was used as it is');
    assert.ok(rebuilt instanceof Config);
    const partial = { _base: '@oclif/core@5.1.9', runHook: () => undefined };
    assert.equal(loadedConfig(partial), undefined);
  });
});
