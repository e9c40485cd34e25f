/**
 * The start-up guard: which modules `jwt assert` loads, never how long it takes. The build bundles each command
 * (bundle/bundle.mjs) so that sf-plugins-core gets only the @salesforce/core modules it names and @oclif/table loads
 * only for a command that draws tables; a dependency update or a new static import that brings a heavy module back
 * into the start-up of an offline command fails here.
 *
 * A heavy module shows either as a file of its own (a URL under its package) or inlined into one of the plugin's
 * bundles (esbuild's `// <path>` comment naming the file it came from). `jwt app create`, the one command that draws
 * tables (its steps), is the control: the build makes it load @oclif/table before it runs, even when its flags are
 * missing, so @oclif/table, ink and React must show, which proves the detector sees what it is looking for.
 * `jwt login` (against the emulator) is guarded too: it saves the auth through core's state classes, and AuthInfo
 * (the barrel and jsforce: ~900 modules) coming back would cost every login ~0.3 s.
 */
import { strict as assert } from 'node:assert';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from '../support/build.js';
import { runNodeChild } from '../support/child-run.js';
import { startDemo } from '../support/emulator.js';
import { pluginDir, runJs } from '../support/sf-cli.js';
import { ASSERT_ARGS, STARTUP_CLIENT_ID } from '../support/startup-args.js';

const recorder = join(pluginDir, 'test', 'support', 'record-modules.mjs');
const keyFile = join(pluginDir, 'test', 'fixtures', 'server.key');
const certFile = join(pluginDir, 'test', 'fixtures', 'server.crt');
const CLIENT_ID = STARTUP_CLIENT_ID;

/** What must not load when an offline command starts: each with how its files are named. */
const HEAVY: readonly { readonly name: string; readonly path: RegExp }[] = [
  { name: "@salesforce/core's barrel", path: /\/@salesforce\/core\/lib\/index\.js$/ },
  {
    name: "@salesforce/core's org and auth classes",
    path: /\/@salesforce\/core\/lib\/org\/(org|authInfo|connection)\.js$/,
  },
  { name: 'jsforce', path: /\/(@jsforce\/jsforce-node|jsforce)\/lib\// },
  { name: '@oclif/table', path: /\/@oclif\/table\/lib\// },
  { name: 'ink', path: /\/ink\/build\// },
  { name: 'react', path: /\/(react|react-reconciler)\/(cjs\/|index\.js)/ },
  { name: 'yoga-layout', path: /\/yoga-layout\// },
];

interface Loaded {
  /** Every loaded module's URL. */
  readonly urls: readonly string[];
  /** The source files inlined into the plugin's loaded bundles (esbuild's comments). */
  readonly inlined: readonly string[];
}

let runs = 0;

/** Runs `node bin/run.js jwt …args` with the recorder; returns what it loaded. It must exit with `exitCode`. */
async function loadedBy(dir: string, args: readonly string[], exitCode = 0, home?: string): Promise<Loaded> {
  runs += 1;
  const modulesFile = join(dir, `modules-${runs}.txt`);
  const run = await runNodeChild(['--import', recorder, runJs, 'jwt', ...args], {
    cwd: dir,
    env: { SFJWT_TEST_MODULES_FILE: modulesFile },
    home,
  });
  assert.equal(run.exitCode, exitCode, run.stderr);
  const urls = (await readFile(modulesFile, 'utf8')).split('\n').filter((u) => u.startsWith('file:'));
  const ownLib = urls.map((u) => fileURLToPath(u)).filter((f) => f.startsWith(join(pluginDir, 'lib')));
  const inlined: string[] = [];
  for (const file of ownLib) {
    for (const match of (await readFile(file, 'utf8')).matchAll(/^\/\/ (\S+\.[cm]?js)$/gm))
      inlined.push(`/${match[1]}`);
  }
  return { urls, inlined };
}

const heavyIn = (loaded: Loaded): string[] =>
  HEAVY.filter(({ path }) => [...loaded.urls, ...loaded.inlined].some((file) => path.test(file))).map((h) => h.name);

describe('start-up: the modules an offline command loads', () => {
  let dir: string;
  before(async function () {
    this.timeout(180_000);
    ensureBuilt();
    dir = await mkdtemp(join(tmpdir(), 'jwt-startup-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('jwt assert loads none of the heavy modules, and sf-plugins-core comes from the bundle', async function () {
    this.timeout(60_000);
    const loaded = await loadedBy(dir, ASSERT_ARGS);
    assert.deepEqual(heavyIn(loaded), []);
    // SfCommand is inlined (that is what lets its @salesforce/core imports be narrowed), and it is there.
    assert.ok(loaded.inlined.some((f) => f.includes('/@salesforce/sf-plugins-core/lib/sfCommand.js')));
    assert.ok(!loaded.urls.some((u) => u.includes('/@salesforce/sf-plugins-core/lib/')));
  });

  it("jwt assert loads only the jwt-core modules it uses, not jwt-core's whole barrel", async function () {
    this.timeout(60_000);
    const loaded = await loadedBy(dir, ASSERT_ARGS);
    const core = loaded.inlined
      .filter((f) => f.includes('/packages/jwt-core/dist/'))
      .map((f) => f.split('/dist/')[1] ?? f);
    // The control: what it signs with is there.
    for (const used of ['sign/sign-assertion.js', 'claims/build-claims.js', 'audience/resolve.js'])
      assert.ok(core.includes(used), `${used} among ${core.join(', ')}`);
    // Through the barrel, esbuild's code splitting brought all of jwt-core (bundle/jwt-core-direct.js).
    const unused = /^(index|keystore\/|metadata\/|diagnose\/|client\/|exchange\/|validate\/|preapprove\/)/;
    assert.deepEqual(
      core.filter((f) => unused.test(f)),
      [],
    );
  });

  it('jwt validate prints its findings as lines: none of the heavy modules either', async function () {
    this.timeout(60_000);
    const assertion = (
      await runNodeChild(
        [runJs, 'jwt', 'assert', '--client-id', CLIENT_ID, '--username', 'a@b.c', '--jwt-key-file', keyFile],
        {
          cwd: dir,
        },
      )
    ).stdout.trim();
    const loaded = await loadedBy(dir, [
      'validate',
      '--assertion',
      assertion,
      '--cert-file',
      certFile,
      '--client-id',
      CLIENT_ID,
    ]);
    assert.deepEqual(heavyIn(loaded), []);
  });

  it('the control: jwt app create, which draws tables, loads @oclif/table, ink and react', async function () {
    this.timeout(60_000);
    // Without flags it stops at parsing (no --target-org, no default org: ERR_SF_TARGET_ORG_MISSING, exit 64),
    // after its module and @oclif/table have loaded.
    const loaded = await loadedBy(dir, ['app', 'create'], 64);
    assert.deepEqual(
      heavyIn(loaded).filter((name) => ['@oclif/table', 'ink', 'react'].includes(name)),
      ['@oclif/table', 'ink', 'react'],
    );
  });

  it("jwt login saves through @salesforce/core's state classes: not its barrel, AuthInfo or jsforce", async function () {
    this.timeout(120_000);
    const demo = await startDemo();
    try {
      const home = join(dir, 'login-home');
      const loaded = await loadedBy(dir, ['login', ...demo.flags(), '--alias', 'guard'], 0, home);
      assert.deepEqual(heavyIn(loaded), []);
      // The control: the auth was written by core's StateAggregator, and sf can read it (the e2e tests use it).
      assert.ok(loaded.urls.some((u) => u.endsWith('/@salesforce/core/lib/stateAggregator/stateAggregator.js')));
      const saved = JSON.parse(await readFile(join(home, '.sfdx', `${demo.username}.json`), 'utf8')) as {
        accessToken: string;
      };
      assert.ok(saved.accessToken.length > 0 && !saved.accessToken.startsWith('00D'), 'stored, encrypted');
    } finally {
      await demo.stop();
    }
  });
});
