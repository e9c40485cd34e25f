// bin/run.js as a user runs it without sf: on a Node older than the plugin's engines, one sentence and exit 1 (never
// oclif's warning or a TypeError); on the project's Node, the command; and a reader that has gone (`| head -1`)
// ends it quietly with exit 0, as `sf` does.
import { strict as assert } from 'node:assert';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { ensureBuilt } from '../support/build.js';
import { pluginDir, run, runJs, sfEnv } from '../support/sf-cli.js';

const engines = (JSON.parse(readFileSync(join(pluginDir, 'package.json'), 'utf8')) as { engines: { node: string } })
  .engines.node;
const requiredMajor = Number(/\d+/.exec(engines)?.[0]);

/** Every other `node` on PATH (and the usual system places) older than the plugin needs: the machine's Node. */
function olderNodes(): string[] {
  const dirs = [...(process.env['PATH'] ?? '').split(delimiter), '/usr/bin', '/usr/local/bin'];
  const found = new Map<string, string>();
  for (const dir of dirs) {
    const candidate = join(dir, 'node');
    if (dir === '' || !existsSync(candidate)) continue;
    const real = realpathSync(candidate);
    if (found.has(real)) continue;
    const version = execFileSync(candidate, ['--version'], { encoding: 'utf8' }).trim();
    found.set(real, version);
  }
  return [...found].filter(([, version]) => Number(/^v(\d+)/.exec(version)?.[1]) < requiredMajor).map(([n]) => n);
}

/** Runs bin/run.js with `node`, its stdout a pipe whose reading end is closed before the command prints a byte. */
async function runIntoClosedPipe(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [runJs, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stderr };
}

describe('node bin/run.js: the Node check and a closed stdout', function () {
  this.timeout(120_000);
  let dir: string;
  before(async () => {
    ensureBuilt();
    dir = await mkdtemp(join(tmpdir(), 'jwt-run-entry-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const old = olderNodes();
  it(`finds the machine's older Node to test with (${old.join(', ') || 'none on this machine'})`, function () {
    if (old.length === 0) this.skip();
  });

  for (const node of old) {
    it(`${node}: one sentence naming the two ways that work, exit 1, nothing done`, async () => {
      const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim().slice(1);
      for (const args of [
        ['jwt', 'keygen', '--output-dir', join(dir, 'keys')],
        ['jwt', 'assert', '--help'],
      ]) {
        const r = await run(node, [runJs, ...args], { env: sfEnv(dir), cwd: dir });
        assert.equal(r.code, 1, r.stderr);
        assert.equal(r.stdout, '');
        assert.equal(
          r.stderr,
          `sf jwt needs Node ${requiredMajor} or newer, but this is Node ${version} (${realpathSync(node)}): ` +
            'run it inside the Salesforce CLI as `sf jwt …`, or from a checkout of sfjwt with the project’s own Node ' +
            'as `node_modules/.bin/node apps/plugin-jwt/bin/run.js jwt …`.\n',
        );
        assert.ok(!existsSync(join(dir, 'keys')), 'nothing was written');
      }
    });
  }

  it("the project's Node runs the command", async () => {
    const r = await run(process.execPath, [runJs, 'jwt', 'assert', '--help'], { env: sfEnv(dir), cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout.split('\n')[0],
      'Sign a JWT bearer assertion for Salesforce, offline, and print only the token.',
    );
    assert.equal(r.stderr, '');
  });

  it("sf's log file: off by default standalone (no pino worker per run), on when asked with SF_DISABLE_LOG_FILE=false", async () => {
    const key = join(pluginDir, 'test', 'fixtures', 'server.key');
    const args = [runJs, 'jwt', 'assert', '-i', '3MVG9logFile', '-o', 'ci@acme.com', '--jwt-key-file', key];
    const logFiles = async (home: string) =>
      (await readdir(join(home, '.sf')).catch(() => [] as string[])).filter((name) => name.endsWith('.log'));
    const { SF_DISABLE_LOG_FILE: _sandboxOnly, ...userEnv } = sfEnv(dir);
    for (const [setting, expected] of [
      [undefined, 0],
      ['false', 1],
    ] as const) {
      const home = await mkdtemp(join(tmpdir(), 'plugin-jwt-log-home-'));
      try {
        const env = { ...userEnv, HOME: home, ...(setting === undefined ? {} : { SF_DISABLE_LOG_FILE: setting }) };
        const r = await run(process.execPath, args, { env, cwd: dir });
        assert.equal(r.code, 0, r.stderr);
        assert.equal((await logFiles(home)).length, expected, `SF_DISABLE_LOG_FILE=${String(setting)}`);
      } finally {
        await rm(home, { recursive: true, force: true });
      }
    }
  });

  it('a reader that has gone (`| head -1`) ends --help quietly: exit 0, no unsettled top-level await', async () => {
    const r = await runIntoClosedPipe(['jwt', 'assert', '--help'], sfEnv(dir));
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0);
  });

  it('…and a command keeps its own exit code: 0 when it worked, 1 with its error when it failed', async () => {
    const key = join(pluginDir, 'test', 'fixtures', 'server.key');
    const signed = await runIntoClosedPipe(
      ['jwt', 'assert', '-i', '3MVG9closedPipe', '-o', 'ci@acme.com', '--jwt-key-file', key],
      sfEnv(dir),
    );
    assert.deepEqual(signed, { code: 0, stderr: '' });
    const failed = await runIntoClosedPipe(
      ['jwt', 'assert', '-i', 'x', '-o', 'ci@acme.com', '--jwt-key-file', key],
      sfEnv(dir),
    );
    assert.equal(failed.code, 64);
    assert.match(failed.stderr, /^Error \(ERR_CLAIM_CLIENT_ID\): /);
  });
});
