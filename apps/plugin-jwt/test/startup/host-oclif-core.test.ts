// Which @oclif/core the bundled commands run on (bundle/host-oclif-core.js): the host CLI's when it is one of the
// versions checked against (4 from 4.14, or 5), found from the CLI's entry script; otherwise (another version, none,
// or the plugin's own bin/run.js) undefined, and the bundle loads the plugin's own copy.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pluginDir, runJs } from '../support/sf-cli.js';

interface HostOclifCoreModule {
  readonly hostOclifCore: () => { readonly host?: string } | undefined;
}
const { hostOclifCore } = (await import(join(pluginDir, 'bundle', 'host-oclif-core.js'))) as HostOclifCoreModule;

describe('start-up: the host CLI @oclif/core a bundled command runs on', () => {
  const work = mkdtempSync(join(tmpdir(), 'sfjwt-host-oclif-'));
  after(() => rmSync(work, { recursive: true, force: true }));

  /** `run()` as if `script` were the process's entry script (what hostOclifCore resolves from). */
  function withEntryScript<T>(script: string, run: () => T): T {
    const argv = process.argv;
    process.argv = [argv[0] ?? process.execPath, script, ...argv.slice(2)];
    try {
      return run();
    } finally {
      process.argv = argv;
    }
  }

  /** A CLI whose bin/run.js finds an @oclif/core of `version` (or none); what hostOclifCore() gives from it. */
  function fromHostWith(version: string | undefined): string | undefined {
    const cli = join(work, `cli-${version ?? 'none'}`);
    mkdirSync(join(cli, 'bin'), { recursive: true });
    writeFileSync(join(cli, 'bin', 'run.js'), '');
    if (version !== undefined) {
      const core = join(cli, 'node_modules', '@oclif', 'core');
      mkdirSync(join(core, 'lib'), { recursive: true });
      writeFileSync(join(core, 'package.json'), JSON.stringify({ name: '@oclif/core', version, main: 'lib/index.js' }));
      writeFileSync(join(core, 'lib', 'index.js'), `exports.host = ${JSON.stringify(version)};`);
    }
    return withEntryScript(join(cli, 'bin', 'run.js'), () => hostOclifCore()?.host);
  }

  it('takes a host CLI on @oclif/core 4.14 or later 4.x, or 5', () => {
    assert.equal(fromHostWith('4.14.0'), '4.14.0');
    assert.equal(fromHostWith('4.20.3'), '4.20.3');
    assert.equal(fromHostWith('5.0.0'), '5.0.0');
    assert.equal(fromHostWith('5.1.9'), '5.1.9');
  });

  it('leaves any other version, or none, to the plugin’s own copy', () => {
    for (const version of ['4.13.9', '3.27.0', '6.0.0', 'not-a-version', undefined])
      assert.equal(fromHostWith(version), undefined, String(version));
  });

  it('standalone, the copy bin/run.js finds is the plugin’s own: not a host’s', () => {
    assert.equal(
      withEntryScript(runJs, () => hostOclifCore()),
      undefined,
    );
  });
});
