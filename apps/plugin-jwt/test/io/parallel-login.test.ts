/**
 * Parallel logins into one HOME: 10 `sf jwt login` processes at once (five users, two aliases each, so every user is
 * also logged in twice concurrently), in several batches, some into a HOME that already has logins. Every run must
 * succeed and afterwards every auth file and every alias must be there. Without the state lock @salesforce/core's
 * unlocked read (and unlocked creation) of alias.json made some of them fail with a JSON SyntaxError or lose
 * aliases; the test waits on process exits, never on time.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { UserConfig } from '@sfjwt/salesforce-emulator';
import { startDemo, type DemoEmulator } from '../support/emulator.js';

const entry = fileURLToPath(new URL('../hostile/entry.ts', import.meta.url));
const tsx = import.meta.resolve('tsx');
const RUNS = 10;
const USERS = 5;
const BATCHES = 2;

interface Exit {
  readonly code: number;
  readonly stderr: string;
}

function login(demo: DemoEmulator, home: string, username: string, alias: string): Promise<Exit> {
  const argv = [
    'login',
    '--client-id',
    demo.consumerKey,
    '--username',
    username,
    '--jwt-key-file',
    demo.keyPath,
    '--instance-url',
    demo.emulator.url,
    '--alias',
    alias,
  ];
  return new Promise<Exit>((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', tsx, entry, ...argv], {
      env: {
        PATH: process.env.PATH,
        HOME: home,
        SF_DISABLE_AUTOUPDATE: 'true',
        SF_DISABLE_TELEMETRY: 'true',
        SF_USE_GENERIC_UNIX_KEYCHAIN: 'true',
        NO_COLOR: '1',
      },
    });
    const err: Buffer[] = [];
    proc.stderr.on('data', (d: Buffer) => err.push(d));
    proc.on('error', reject);
    proc.on('close', (code) => resolve({ code: code ?? -1, stderr: Buffer.concat(err).toString() }));
    proc.stdin.end();
  });
}

describe('parallel logins into one HOME', function () {
  // A guard against a hang only.
  this.timeout(600_000);
  let demo: DemoEmulator;
  let usernames: string[] = [];
  const homes: string[] = [];

  before(async () => {
    demo = await startDemo({}, (config) => {
      const first = config.users[0] as UserConfig;
      const extra = Array.from({ length: USERS - 1 }, (_, i) => ({
        ...first,
        username: `user${i + 1}.${first.username}`,
        userId: `005000000000${String(i + 1).padStart(3, '0')}AAA`,
      }));
      return { ...config, users: [first, ...extra] };
    });
    usernames = [demo.username, ...Array.from({ length: USERS - 1 }, (_, i) => `user${i + 1}.${demo.username}`)];
  });
  after(async () => {
    await demo.stop();
    for (const home of homes) rmSync(home, { recursive: true, force: true });
  });

  /** Runs one batch of {@link RUNS} concurrent logins into `home`; aliases are `<prefix><n>`. */
  async function batch(home: string, prefix: string): Promise<Map<string, string>> {
    const expected = new Map<string, string>();
    const runs = Array.from({ length: RUNS }, (_, n) => {
      const username = usernames[n % USERS] as string;
      expected.set(`${prefix}${n}`, username);
      return login(demo, home, username, `${prefix}${n}`);
    });
    const exits = await Promise.all(runs);
    exits.forEach((exit, n) => assert.equal(exit.code, 0, `login ${n} failed:\n${exit.stderr}`));
    return expected;
  }

  function assertState(home: string, aliases: Map<string, string>): void {
    for (const username of usernames)
      assert.ok(existsSync(join(home, '.sfdx', `${username}.json`)), `auth file of ${username}`);
    const file = JSON.parse(readFileSync(join(home, '.sfdx', 'alias.json'), 'utf8')) as {
      orgs: Record<string, string>;
    };
    assert.deepEqual(file.orgs, Object.fromEntries(aliases));
    assert.ok(!existsSync(join(home, '.sfdx', 'sfjwt-state.lock')), 'the lock is released');
  }

  for (let b = 1; b <= BATCHES; b++) {
    it(`batch ${b}: ${RUNS} concurrent logins into a fresh HOME all succeed and every alias is kept`, async () => {
      const home = mkdtempSync(join(tmpdir(), 'plugin-jwt-parallel-'));
      homes.push(home);
      assertState(home, await batch(home, 'a'));
    });
  }

  it(`${RUNS} more concurrent logins into a HOME that has logins keep the old aliases and add the new`, async () => {
    const home = homes[0] as string;
    const before = new Map(
      Object.entries(
        (JSON.parse(readFileSync(join(home, '.sfdx', 'alias.json'), 'utf8')) as { orgs: Record<string, string> }).orgs,
      ),
    );
    const added = await batch(home, 'b');
    assertState(home, new Map([...before, ...added]));
  });
});
