/**
 * sf's own locks held while `sf jwt login` saves (@salesforce/core's `<file>.lock` directories, refreshed by their
 * holder as proper-lockfile does): the login ends with ERR_SF_STATE_LOCKED and nothing saved, its advice (remove a
 * lock left by a crashed command) runs as printed, and then the login succeeds. A lock taken after that check (met by
 * core between the auth file and the alias) ends with ERR_LOGIN_INCOMPLETE naming what was saved and the sf commands
 * that finish it, which run as printed with the real sf CLI. Child processes in their own HOME; nothing is timed.
 */
import { strict as assert } from 'node:assert';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sfBin, sfEnv } from '@sfjwt/test-support';
import { startDemo, type DemoEmulator } from '../support/emulator.js';

const tsx = import.meta.resolve('tsx');
const loginEntry = fileURLToPath(new URL('../hostile/entry.ts', import.meta.url));
const saveEntry = fileURLToPath(new URL('./save-auth-entry.ts', import.meta.url));

interface Exit {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function node(args: readonly string[], home: string): Promise<Exit> {
  return new Promise<Exit>((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', tsx, ...args], { env: { ...sfEnv(home), NO_COLOR: '1' } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    proc.stdout.on('data', (d: Buffer) => out.push(d));
    proc.stderr.on('data', (d: Buffer) => err.push(d));
    proc.on('error', reject);
    proc.on('close', (code) =>
      resolve({ code: code ?? -1, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }),
    );
    proc.stdin.end();
  });
}

/** Runs a printed fix as written, in a shell, with the real sf CLI first on PATH. */
function shell(command: string, home: string): Promise<Exit> {
  const env = sfEnv(home);
  env.PATH = `${dirname(sfBin)}:${env.PATH ?? ''}`;
  return new Promise((resolve) => {
    execFile('sh', ['-c', command], { env, cwd: home, timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

/** A live sf lock: the directory proper-lockfile makes, its time refreshed as a working holder does. */
function holdLock(path: string): { release(): void; abandon(): void } {
  mkdirSync(path, { recursive: true });
  const refresh = setInterval(() => utimesSync(path, new Date(), new Date()), 1_000);
  return {
    release: () => {
      clearInterval(refresh);
      rmSync(path, { recursive: true, force: true });
    },
    // The holder crashed: the directory stays, nobody refreshes it.
    abandon: () => clearInterval(refresh),
  };
}

const aliases = (home: string): Record<string, string> =>
  existsSync(join(home, '.sfdx', 'alias.json'))
    ? (JSON.parse(readFileSync(join(home, '.sfdx', 'alias.json'), 'utf8')) as { orgs: Record<string, string> }).orgs
    : {};

describe("sf's own locks held during sf jwt login", function () {
  this.timeout(180_000);
  let demo: DemoEmulator;
  let home: string;
  before(async () => {
    demo = await startDemo();
  });
  after(() => demo.stop());
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'sfjwt-sf-locks-'));
    mkdirSync(join(home, '.sfdx'), { recursive: true });
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  const login = (): Promise<Exit> =>
    node(
      [
        loginEntry,
        'login',
        '--client-id',
        demo.consumerKey,
        '--username',
        demo.username,
        '--jwt-key-file',
        demo.keyPath,
        '--instance-url',
        demo.emulator.url,
        '--alias',
        'ci',
      ],
      home,
    );

  it('alias.json.lock held: ERR_SF_STATE_LOCKED, nothing saved; its advice runs as printed, then the login works', async () => {
    const lockPath = join(home, '.sfdx', 'alias.json.lock');
    const lock = holdLock(lockPath);
    try {
      const held = await login();
      assert.equal(held.code, 75, held.stderr);
      assert.match(
        held.stderr,
        /Error \(ERR_SF_STATE_LOCKED\): sf's lock .*alias\.json\.lock is held by another sf command \(still after 5 s\): nothing was saved\./,
      );
      assert.doesNotMatch(held.stderr, /ERR_UNEXPECTED|probably a bug/);
      assert.equal(existsSync(join(home, '.sfdx', `${demo.username}.json`)), false, 'no auth file without its alias');
      assert.deepEqual(aliases(home), {});

      // The holder crashed: the printed fix removes its lock, and the same login then saves auth and alias.
      lock.abandon();
      const fix = /remove it with (rm -r \S+) and run this login again/.exec(held.stderr.replace(/\n\s+/g, ' '));
      assert.ok(fix, held.stderr);
      assert.equal(fix[1], `rm -r ${lockPath}`);
      assert.equal((await shell(fix[1], home)).code, 0);
      const again = await login();
      assert.equal(again.code, 0, again.stderr);
      assert.equal(aliases(home)['ci'], demo.username);
      assert.ok(existsSync(join(home, '.sfdx', `${demo.username}.json`)));
    } finally {
      lock.release();
    }
  });

  it('a lock met after the auth file was written: ERR_LOGIN_INCOMPLETE says what was saved, and its sf commands finish it', async () => {
    const lock = holdLock(join(home, '.sfdx', 'alias.json.lock'));
    let out: Exit;
    try {
      out = await node([saveEntry, 'late@acme.example', 'ci'], home);
    } finally {
      lock.release();
    }
    assert.equal(out.code, 0, out.stderr);
    const err = JSON.parse(out.stdout) as { name: string; message: string; actions: string[] };
    assert.equal(err.name, 'ERR_LOGIN_INCOMPLETE');
    assert.match(
      err.message,
      /^Logged in and saved the auth of late@acme\.example \(sf commands can use it now with --target-org late@acme\.example\), but did not set the alias ci and the default org: /,
    );
    assert.deepEqual(err.actions, [
      'To finish, run: sf alias set ci=late@acme.example && sf config set target-org=ci --global',
    ]);
    assert.ok(existsSync(join(home, '.sfdx', 'late@acme.example.json')), 'the auth was saved');
    assert.deepEqual(aliases(home), {});

    const finish = await shell(err.actions[0]!.replace('To finish, run: ', ''), home);
    assert.equal(finish.code, 0, finish.stderr + finish.stdout);
    assert.equal(aliases(home)['ci'], 'late@acme.example');
    const config = JSON.parse(readFileSync(join(home, '.sf', 'config.json'), 'utf8')) as Record<string, string>;
    assert.equal(config['target-org'], 'ci');
  });
});
