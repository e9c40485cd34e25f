/**
 * The start-up guard on the user's path: the release tarball installed with `sf plugins install` into a fresh sf,
 * where the plugin's dependencies live apart from the CLI's. It counts the JavaScript files the process loads (through
 * import or require: test/support/record-modules.mjs, preloaded into sf through NODE_OPTIONS), never times them:
 * `sf jwt assert` may load at most 150 more than `sf --version` in the same sf. The count was 683 against 348 while
 * the installed plugin parsed its own second @oclif/core, @salesforce/core, memfs, semver and pino; the bundle
 * (bundle/bundle.mjs) takes the CLI's own @oclif/core and @salesforce/core, so a dependency update or a build change
 * that brings a second framework copy back, as files or inlined in a bundle, fails here.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installPluginTarball, sfBin, type InstalledPlugin } from '@sfjwt/test-support';
import { ensureBuilt } from '../support/build.js';
import { pluginDir } from '../support/sf-cli.js';
import { ASSERT_ARGS } from '../support/startup-args.js';

const recorder = join(pluginDir, 'test', 'support', 'record-modules.mjs');
const MARGIN = 150;

describe('start-up of the installed tarball: the JavaScript files sf loads', function () {
  this.timeout(600_000);
  const work = mkdtempSync(join(tmpdir(), 'sfjwt-installed-files-'));
  let installed: InstalledPlugin;
  let runs = 0;

  /** The JavaScript files `sf …args` loads, as paths. */
  function filesLoadedBy(args: readonly string[]): string[] {
    runs += 1;
    const list = join(work, `modules-${runs}.txt`);
    execFileSync(sfBin, args, {
      cwd: work,
      stdio: 'pipe',
      env: { ...installed.env, NODE_OPTIONS: `--import=${recorder}`, SFJWT_TEST_MODULES_FILE: list },
    });
    return readFileSync(list, 'utf8')
      .split('\n')
      .filter((url) => url.startsWith('file:') && /\.[cm]?js$/.test(url))
      .map((url) => fileURLToPath(url));
  }

  before(() => {
    ensureBuilt();
    installed = installPluginTarball(work);
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it(`sf jwt assert loads at most sf --version's files + ${MARGIN}, and no second framework copy`, () => {
    const version = filesLoadedBy(['--version']);
    const jwtAssert = filesLoadedBy(['jwt', ...ASSERT_ARGS]);
    const fromPlugin = jwtAssert.filter((file) => file.startsWith(installed.root + sep));
    // The control: the command ran from the installed tarball (its bundle is among the files counted).
    assert.ok(fromPlugin.includes(join(installed.root, 'lib', 'commands', 'jwt', 'assert.js')), fromPlugin.join('\n'));
    // What the plugin's install put beside it under sf's data directory (its own dependencies) must stay unread.
    const dataModules = join(installed.home, '.local', 'share', 'sf', 'node_modules') + sep;
    const secondCopies = jwtAssert.filter((file) => file.startsWith(dataModules) && !file.startsWith(installed.root));
    const packages = [
      ...new Set(secondCopies.map((f) => /^((@[^/]+\/)?[^/]+)/.exec(f.slice(dataModules.length))?.[1])),
    ];
    assert.deepEqual(packages, [], `second copies loaded from ${dataModules}`);
    // The oclif running the command is sf's (bundle/host-oclif-core.js): no bundle it loaded inlines one of its own.
    const inliningOclif = fromPlugin.filter((file) =>
      /^\/\/ \S*\/@oclif\/core\/lib\//m.test(readFileSync(file, 'utf8')),
    );
    assert.deepEqual(inliningOclif, [], 'bundles with an @oclif/core of their own');
    assert.ok(
      jwtAssert.length <= version.length + MARGIN,
      `sf jwt assert loaded ${jwtAssert.length} JavaScript files, sf --version ${version.length} (at most + ${MARGIN})`,
    );
  });
});
