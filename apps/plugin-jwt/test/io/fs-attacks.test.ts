/**
 * File-system attacks, as a table: each row plants something in (or around) the output folder — a symlinked marker,
 * a foreign or garbled marker, another pair's leftover marker, a symlinked subfolder, a user's `.gitignore` — runs a
 * real command in-process (`jwt keygen`, `jwt app generate`), and asserts the exact error code, that nothing outside
 * the folder was touched, and which files exist afterwards.
 */
import { strict as assert } from 'node:assert';
import fs, { closeSync, openSync } from 'node:fs';
import { chmod, chown, lstat, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import JwtAppGenerate from '../../src/commands/jwt/app/generate.js';
import JwtKeygen from '../../src/commands/jwt/keygen.js';
import { createMarkerSync, MARKER_NAME } from '../../src/io/replace-marker.js';
import { runInProcess, type Outcome } from '../support/run-command.js';
import { exitCodeOf } from '../../src/errors/exit-codes.js';

const certFile = fileURLToPath(new URL('../fixtures/server.crt', import.meta.url));
const MARKER_MAGIC = 'sfjwt replacing v1';

interface World {
  /** The output folder (`--output-dir`). */
  readonly out: string;
  /** Outside the output folder: the attacker's target. */
  readonly elsewhere: string;
}

interface Row {
  readonly name: string;
  /** What the attacker (or a killed run) left behind. */
  readonly plant: (w: World) => Promise<void>;
  /** The command and its flags (after `--output-dir out`). */
  readonly run: (w: World) => Promise<Outcome<unknown>>;
  /** The error code, or undefined for success. */
  readonly code: string | undefined;
  /** What must hold afterwards. */
  readonly check: (w: World, run: Outcome<unknown>) => Promise<void>;
}

const keygen = (w: World, ...extra: string[]) =>
  runInProcess(JwtKeygen, ['--output-dir', w.out, '--bits', '2048', ...extra]);
const generate = (w: World, ...extra: string[]) =>
  runInProcess(JwtAppGenerate, [
    '--name',
    'Billing_Sync',
    '--contact-email',
    'ops@acme.example',
    '--cert-file',
    certFile,
    '--output-dir',
    w.out,
    '--consumer-key',
    `3MVG9${'a'.repeat(80)}`,
    '--create-permission-set',
    ...extra,
  ]);

const text = (path: string): Promise<string> => readFile(path, 'utf8');
const exists = (path: string): Promise<boolean> =>
  lstat(path).then(
    () => true,
    () => false,
  );
const victimUntouched = async (w: World): Promise<void> =>
  assert.equal(await text(join(w.elsewhere, 'victim')), 'precious', 'the file outside the folder is untouched');
const listing = async (dir: string): Promise<string[]> => (await readdir(dir)).sort();

/** A complete server pair from an earlier keygen: its key and certificate text. */
async function serverPair(w: World): Promise<{ key: string; crt: string }> {
  const run = await keygen(w, '--name', 'server');
  assert.equal(run.exitCode, 0, run.stderr);
  return { key: await text(join(w.out, 'server.key')), crt: await text(join(w.out, 'server.crt')) };
}

const rows: Row[] = [
  {
    name: 'marker is a symlink to a victim file: refused, the victim is not written (keygen without --force)',
    plant: async (w) => symlink(join(w.elsewhere, 'victim'), join(w.out, MARKER_NAME)),
    run: (w) => keygen(w, '--name', 'server'),
    code: 'ERR_REPLACE_MARKER_FOREIGN',
    check: async (w) => {
      await victimUntouched(w);
      assert.deepEqual(await listing(w.out), [MARKER_NAME]);
    },
  },
  {
    name: 'marker is a symlink to a victim file: refused with --force over an existing pair too',
    plant: async (w) => {
      await serverPair(w);
      await symlink(join(w.elsewhere, 'victim'), join(w.out, MARKER_NAME));
    },
    run: (w) => keygen(w, '--name', 'server', '--force'),
    code: 'ERR_REPLACE_MARKER_FOREIGN',
    check: async (w) => {
      await victimUntouched(w);
      assert.deepEqual(await listing(w.out), [MARKER_NAME, 'server.crt', 'server.key']);
    },
  },
  {
    name: 'marker is a symlink (app generate): refused, the victim is not written',
    plant: async (w) => symlink(join(w.elsewhere, 'victim'), join(w.out, MARKER_NAME)),
    run: (w) => generate(w),
    code: 'ERR_REPLACE_MARKER_FOREIGN',
    check: victimUntouched,
  },
  {
    name: 'foreign marker (garbage): reported, not obeyed; the pair in place is kept as it is',
    plant: async (w) => {
      await serverPair(w);
      await writeFile(join(w.out, MARKER_NAME), 'rm -rf /\n../../etc/passwd\n');
    },
    run: (w) => keygen(w, '--name', 'server', '--force'),
    code: 'ERR_REPLACE_MARKER_FOREIGN',
    check: async (w) => {
      assert.deepEqual(await listing(w.out), [MARKER_NAME, 'server.crt', 'server.key']);
      assert.equal(await text(join(w.out, MARKER_NAME)), 'rm -rf /\n../../etc/passwd\n');
    },
  },
  {
    name: 'marker naming paths outside the folder: reported as foreign',
    plant: async (w) => writeFile(join(w.out, MARKER_NAME), `${MARKER_MAGIC}\n../victim\n`),
    run: (w) => keygen(w, '--name', 'server'),
    code: 'ERR_REPLACE_MARKER_FOREIGN',
    check: victimUntouched,
  },
  {
    name: 'empty marker: reported as foreign',
    plant: async (w) => writeFile(join(w.out, MARKER_NAME), ''),
    run: (w) => keygen(w, '--name', 'server'),
    code: 'ERR_REPLACE_MARKER_FOREIGN',
    check: async (w) => assert.deepEqual(await listing(w.out), [MARKER_NAME]),
  },
  {
    name: "--name other's leftover marker: keygen --name server --force replaces nothing (server.key is not lost)",
    plant: async (w) => {
      const before = await serverPair(w);
      await writeFile(join(w.out, 'before.json'), JSON.stringify(before));
      await writeFile(join(w.out, MARKER_NAME), `${MARKER_MAGIC}\nother.key\nother.crt\n`);
    },
    run: (w) => keygen(w, '--name', 'server', '--force'),
    code: 'ERR_REPLACE_INTERRUPTED',
    check: async (w, run) => {
      const before = JSON.parse(await text(join(w.out, 'before.json'))) as { key: string; crt: string };
      assert.equal(await text(join(w.out, 'server.key')), before.key);
      assert.equal(await text(join(w.out, 'server.crt')), before.crt);
      assert.match(run.stderr, /other\.key, other\.crt/);
      assert.doesNotMatch(run.stdout + run.stderr, /(from before it|previous\.\w+) were kept/);
    },
  },
  {
    name: "this pair's leftover marker, previous files present: they are kept as they are, and said so",
    plant: async (w) => {
      await serverPair(w);
      await keygen(w, '--name', 'server', '--force');
      await writeFile(join(w.out, 'server.previous.key'), 'the good key');
      await writeFile(join(w.out, 'server.previous.crt'), 'the good crt');
      await writeFile(join(w.out, MARKER_NAME), `${MARKER_MAGIC}\nserver.key\nserver.crt\n`);
    },
    run: (w) => keygen(w, '--name', 'server', '--force'),
    code: undefined,
    check: async (w, run) => {
      assert.equal(await text(join(w.out, 'server.previous.key')), 'the good key');
      assert.equal(await text(join(w.out, 'server.previous.crt')), 'the good crt');
      assert.match(run.stderr, /server\.previous\.key, server\.previous\.crt \(from before it\) were kept as they are/);
      assert.equal(await exists(join(w.out, MARKER_NAME)), false, 'the healed marker is gone');
    },
  },
  {
    name: "this pair's leftover marker, no previous files: never says they were kept",
    plant: async (w) => {
      await serverPair(w);
      await writeFile(join(w.out, MARKER_NAME), `${MARKER_MAGIC}\nserver.key\nserver.crt\n`);
    },
    run: (w) => keygen(w, '--name', 'server', '--force'),
    code: undefined,
    check: async (w, run) => {
      assert.doesNotMatch(run.stdout + run.stderr, /(from before it|previous\.\w+) were kept/);
      assert.match(run.stderr, /no earlier copies of them exist, so none were kept/);
      assert.equal(await exists(join(w.out, 'server.previous.key')), false);
    },
  },
  {
    name: 'symlinked subfolder (manifest -> elsewhere): app generate refuses, nothing lands elsewhere',
    plant: async (w) => symlink(w.elsewhere, join(w.out, 'manifest')),
    run: (w) => generate(w),
    code: 'ERR_SYMLINK_IN_PATH',
    check: async (w) => {
      assert.deepEqual(await listing(w.elsewhere), ['victim']);
      assert.deepEqual(await listing(w.out), ['manifest']);
    },
  },
  {
    name: 'symlinked subfolder: refused with --force too',
    plant: async (w) => symlink(w.elsewhere, join(w.out, 'force-app')),
    run: (w) => generate(w, '--force'),
    code: 'ERR_SYMLINK_IN_PATH',
    check: async (w) => assert.deepEqual(await listing(w.elsewhere), ['victim']),
  },
  {
    name: 'a deeper symlinked folder (force-app/main -> elsewhere): refused',
    plant: async (w) => {
      await mkdir(join(w.out, 'force-app'));
      await symlink(w.elsewhere, join(w.out, 'force-app', 'main'));
    },
    run: (w) => generate(w, '--force'),
    code: 'ERR_SYMLINK_IN_PATH',
    check: async (w) => assert.deepEqual(await listing(w.elsewhere), ['victim']),
  },
  {
    name: "existing .gitignore: amended (the user's rules stay), no --force needed",
    plant: async (w) => writeFile(join(w.out, '.gitignore'), '*.key\n.env'),
    run: (w) => generate(w),
    code: undefined,
    check: async (w) => {
      const gitignore = await text(join(w.out, '.gitignore'));
      assert.ok(gitignore.startsWith('*.key\n.env\n# '), gitignore);
      assert.match(gitignore, /^\*\*\/extlClntAppGlobalOauthSets\/$/m);
    },
  },
  {
    name: 'existing .gitignore, generate twice with --force: our rule appears once, theirs stay',
    plant: async (w) => {
      await writeFile(join(w.out, '.gitignore'), '*.key\n.env\n');
      assert.equal((await generate(w)).exitCode, 0);
    },
    run: (w) => generate(w, '--force'),
    code: undefined,
    check: async (w) => {
      const gitignore = await text(join(w.out, '.gitignore'));
      assert.equal(gitignore.match(/extlClntAppGlobalOauthSets/g)?.length, 1, gitignore);
      assert.ok(gitignore.startsWith('*.key\n.env\n'), gitignore);
    },
  },
  {
    name: '.gitignore is a symlink to a victim: refused even with --force, the victim untouched',
    plant: async (w) => symlink(join(w.elsewhere, 'victim'), join(w.out, '.gitignore')),
    run: (w) => generate(w, '--force'),
    code: 'ERR_FILE_EXISTS',
    check: victimUntouched,
  },
];

describe('file-system attacks (table)', function () {
  this.timeout(120_000);
  let root: string;
  let world: World;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'plugin-jwt-fs-attacks-'));
    world = { out: join(root, 'out'), elsewhere: join(root, 'elsewhere') };
    await mkdir(world.out);
    await mkdir(world.elsewhere);
    await writeFile(join(world.elsewhere, 'victim'), 'precious');
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  for (const row of rows) {
    it(row.name, async () => {
      await row.plant(world);
      const run = await row.run(world);
      const context = `${row.name}\n--- stderr ---\n${run.stderr}`;
      if (row.code === undefined) assert.equal(run.exitCode, 0, context);
      else {
        assert.equal(run.error?.name, row.code, context);
        assert.equal(run.exitCode, exitCodeOf(row.code), context);
      }
      assert.doesNotMatch(run.stderr, /^\s+at /m, 'no stack');
      await row.check(world, run);
    });
  }

  it('the marker itself is created by link(): a link planted at its name fails the create', async () => {
    await symlink(join(world.elsewhere, 'victim'), join(world.out, MARKER_NAME));
    assert.throws(() => createMarkerSync(world.out, [join(world.out, 'server.key')]), { code: 'EEXIST' });
    await victimUntouched(world);
    // Only the planted link is left: the marker's temp file went with the failed create.
    assert.deepEqual(await listing(world.out), [MARKER_NAME]);
  });

  it('a run killed while writing the marker leaves no empty marker: the next keygen --force completes', async () => {
    const before = await serverPair(world);
    // Dies between creating the marker's file and writing it (what a SIGKILL there did): the write throws.
    const realWriteSync = fs.writeSync;
    fs.writeSync = () => {
      throw new Error('killed');
    };
    syncBuiltinESMExports();
    try {
      assert.throws(() => createMarkerSync(world.out, [join(world.out, 'server.key')]), /killed/);
    } finally {
      fs.writeSync = realWriteSync;
      syncBuiltinESMExports();
    }
    // A marker at its name would have been empty, read as foreign (ERR_REPLACE_MARKER_FOREIGN) by every later write.
    assert.equal(await exists(join(world.out, MARKER_NAME)), false);
    const run = await keygen(world, '--name', 'server', '--force');
    assert.equal(run.exitCode, 0, run.stderr);
    assert.match(
      run.stderr,
      /Removed 1 temp file\(s\) left in .* by an interrupted run: \.sfjwt\.replacing\.[0-9a-f]{12}\.tmp\./,
    );
    assert.notEqual(await text(join(world.out, 'server.key')), before.key);
    assert.deepEqual(await listing(world.out), [
      'server.crt',
      'server.key',
      'server.previous.crt',
      'server.previous.key',
    ]);
  });

  it('a folder others may write to and that is not ours is refused (run as root: a folder given to another uid)', async function () {
    if (typeof process.getuid !== 'function' || process.getuid() !== 0) this.skip();
    await chown(world.out, 4242, 4242);
    await chmod(world.out, 0o777);
    const run = await keygen(world, '--name', 'server');
    assert.equal(run.error?.name, 'ERR_FOLDER_NOT_OURS', run.stderr);
    assert.deepEqual(await listing(world.out), []);
    // The same folder, writable by its owner alone: fine (a shared folder we may write to is not the problem).
    await chmod(world.out, 0o755);
    assert.equal((await keygen(world, '--name', 'server')).exitCode, 0);
    assert.equal((await stat(join(world.out, 'server.key'))).mode & 0o777, 0o600);
    closeSync(openSync(join(world.out, 'x'), 'w'));
  });
});
