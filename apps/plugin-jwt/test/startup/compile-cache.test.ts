// Node's compile cache (bundle/compile-cache.js): where it goes on each platform, and that a real start writes it
// there, in the user's own cache directory (never the shared temporary one), and not at all when the user turns
// Node's compile cache off.
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt } from '../support/build.js';
import { runNodeChild } from '../support/child-run.js';
import { pluginDir, runJs } from '../support/sf-cli.js';
import { STARTUP_CLIENT_ID } from '../support/startup-args.js';

/** An offline command that loads oclif, sf-plugins-core, jwt-core and @salesforce/core. */
const PREAPPROVE = [runJs, 'jwt', 'preapprove', '--client-id', STARTUP_CLIENT_ID, '--username', 'a@b.c'];

interface CompileCacheModule {
  readonly compileCacheDir: (env: NodeJS.ProcessEnv, platform: NodeJS.Platform, home: string) => string;
}
const compileCache = (await import(join(pluginDir, 'bundle', 'compile-cache.js'))) as CompileCacheModule;

describe("start-up: Node's compile cache", () => {
  it("goes to the user's cache directory of each platform", () => {
    const { compileCacheDir } = compileCache;
    assert.equal(compileCacheDir({}, 'linux', '/home/u'), '/home/u/.cache/sfjwt/node-compile-cache');
    assert.equal(compileCacheDir({ XDG_CACHE_HOME: '/x/c' }, 'linux', '/home/u'), '/x/c/sfjwt/node-compile-cache');
    // A relative XDG_CACHE_HOME is invalid (XDG Base Directory spec): ignored.
    assert.equal(
      compileCacheDir({ XDG_CACHE_HOME: 'c' }, 'linux', '/home/u'),
      '/home/u/.cache/sfjwt/node-compile-cache',
    );
    assert.equal(compileCacheDir({}, 'darwin', '/Users/u'), '/Users/u/Library/Caches/sfjwt/node-compile-cache');
    assert.equal(
      compileCacheDir({ LOCALAPPDATA: join('C:', 'L') }, 'win32', 'C:/u'),
      join('C:', 'L', 'sfjwt', 'node-compile-cache'),
    );
  });

  describe('a real start of bin/run.js', function () {
    this.timeout(120_000);
    let dir: string;
    before(() => {
      ensureBuilt();
      dir = mkdtempSync(join(tmpdir(), 'jwt-compile-cache-'));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('writes the cache under $HOME/.cache/sfjwt/node-compile-cache', async () => {
      const home = join(dir, 'home-on');
      const run = await runNodeChild(PREAPPROVE, {
        cwd: dir,
        home,
      });
      assert.equal(run.exitCode, 0, run.stderr);
      const cache = join(home, '.cache', 'sfjwt', 'node-compile-cache');
      // One folder per Node version and V8 flags, holding the compiled files.
      const [versionDir, ...others] = readdirSync(cache);
      assert.equal(others.length, 0);
      assert.ok(readdirSync(join(cache, String(versionDir))).length > 10);
    });

    it('writes nothing when NODE_DISABLE_COMPILE_CACHE=1', async () => {
      const home = join(dir, 'home-off');
      const run = await runNodeChild(PREAPPROVE, {
        cwd: dir,
        home,
        env: { NODE_DISABLE_COMPILE_CACHE: '1' },
      });
      assert.equal(run.exitCode, 0, run.stderr);
      assert.equal(existsSync(join(home, '.cache', 'sfjwt')), false);
    });
  });
});
