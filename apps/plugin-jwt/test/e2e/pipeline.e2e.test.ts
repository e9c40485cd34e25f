/**
 * A GitHub-Actions-shaped job from the release tarballs alone (issue 25's "Done when"): the Salesforce emulator
 * started from its tarball with npx, the repository's composite action (action.yml) run step by step with a fake
 * GITHUB_* environment and stdin closed (sf already on PATH; the plugin installed from its tarball through the
 * allow-list one-liner; the login from a mangled SFJWT_KEY secret, the token masked and handed on), then a query with
 * the real sf, doctor, and one run per failure class: each exits with its documented code and prints the same JSON
 * shape (top-level `code`, `exitCode` = `status` = the process's exit code).
 */
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { packCurrentBuild, registryEnv, repoRoot } from '@sfjwt/test-support';
import { ensureBuilt } from '../support/build.js';
import { readCompositeAction, runCompositeAction, type ActionRun } from '../support/composite-action.js';
import { assertRegistryReachable } from '../support/registry.js';
import { pluginDir, run, sfBin, sfEnv, type RunResult } from '../support/sf-cli.js';

interface Demo {
  readonly url: string;
  readonly orgId: string;
  readonly consumerKey: string;
  readonly username: string;
  readonly keyPath: string;
}

interface FailureEnvelope {
  code: string;
  exitCode: number;
  status: number;
  message: string;
  actions?: string[];
  data?: unknown;
  result?: { ok: boolean; checks: Array<{ id: string; status: string; code?: string }> };
}

/** Starts the emulator from its tarball with npx and reads the demo's facts from its first lines. */
async function startEmulatorFromTarball(tarball: string, cwd: string, env: NodeJS.ProcessEnv) {
  const child = spawn('npx', ['--yes', '--package', tarball, 'salesforce-emulator', '--demo', '--write-key', 'keys'], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: npx runs the bin through a shell, and the whole group is stopped at the end.
    detached: true,
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const facts: Record<string, string> = {};
  const lines = createInterface({ input: child.stdout });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the emulator exited (${code}) before it was ready:\n${stderr}`)));
    lines.on('line', (line) => {
      const listening = /^Salesforce emulator listening on (\S+)$/.exec(line);
      if (listening !== null) facts['url'] = listening[1]!;
      const fact = /^(Org id|Consumer key|Username|Private key):\s+(.+)$/.exec(line);
      if (fact !== null) facts[fact[1]!] = fact[2]!;
      if (line.startsWith('Try:')) resolve();
    });
  });
  const demo: Demo = {
    url: facts['url']!,
    orgId: facts['Org id']!,
    consumerKey: facts['Consumer key']!,
    username: facts['Username']!,
    keyPath: resolve(cwd, facts['Private key']!),
  };
  return { demo, child };
}

/** The install block of a README: the fenced sh block after `<!-- ci-install -->`. */
function installBlock(readme: string): string {
  const at = readme.indexOf('<!-- ci-install -->\n```sh\n');
  assert.ok(at >= 0, 'the README has the ci-install block');
  const start = at + '<!-- ci-install -->\n```sh\n'.length;
  return readme.slice(start, readme.indexOf('```', start));
}

/** A TCP server that accepts and never answers: a token endpoint that hangs. */
function hangingServer(): Promise<{ server: Server; url: string; connected: Promise<void> }> {
  const sockets: Socket[] = [];
  let connected!: () => void;
  const first = new Promise<void>((resolve) => (connected = resolve));
  const server = createServer((socket) => {
    sockets.push(socket);
    connected();
  });
  server.on('close', () => sockets.forEach((s) => s.destroy()));
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ server, url: `http://127.0.0.1:${port}`, connected: first });
    }),
  );
}

describe('a GitHub Actions job from the release tarballs alone (install, login, hand-off, query, doctor, failures)', function () {
  this.timeout(1_200_000);
  const work = mkdtempSync(join(tmpdir(), 'sfjwt-pipeline-'));
  const workspace = join(work, 'workspace');
  const runnerTemp = join(work, 'runner-temp');
  const bin = join(work, 'bin');
  const home = join(work, 'home');
  // The runner's PATH: sf (the real CLI) and the project's Node first; no checkout of ours anywhere on it.
  const env = sfEnv(home, {
    ...registryEnv(),
    PATH: `${bin}:${process.env.PATH ?? ''}`,
    npm_config_cache: join(work, 'npm-cache'),
    npm_config_update_notifier: 'false',
  });
  let demo: Demo;
  let emulator: ChildProcess | undefined;
  let action: ActionRun;
  let readmeInstall: RunResult;
  let readmeBlock = '';
  let mangledKey = '';

  const sf = (args: readonly string[], extra: NodeJS.ProcessEnv = {}): Promise<RunResult> =>
    run(sfBin, args, { env: { ...env, ...extra }, cwd: workspace, timeoutMs: 300_000 });
  /** `sf … --json` for a failure: the envelope, checked to have the one shape every failure has. */
  async function failure(args: readonly string[], extra: NodeJS.ProcessEnv = {}): Promise<FailureEnvelope> {
    const result = await sf([...args, '--json'], extra);
    const envelope = JSON.parse(result.stdout) as FailureEnvelope;
    assert.match(envelope.code, /^ERR_[A-Z0-9_]+$/, result.stdout);
    assert.equal(envelope.exitCode, result.code, 'exitCode is the process exit code');
    assert.equal(envelope.status, result.code, 'status is the process exit code');
    assert.equal(typeof envelope.message, 'string');
    return envelope;
  }
  const loginFlags = (overrides: Record<string, string> = {}): string[] =>
    Object.entries({
      '--client-id': demo.consumerKey,
      '--username': demo.username,
      '--instance-url': demo.url,
      ...overrides,
    }).flat();

  before(async function () {
    await assertRegistryReachable();
    ensureBuilt();
    for (const dir of [workspace, runnerTemp, bin, home]) mkdirSync(dir, { recursive: true });
    symlinkSync(sfBin, join(bin, 'sf'));
    symlinkSync(process.execPath, join(bin, 'node'));
    // The release tarballs, as a release job would attach them (the current build, packed as is).
    const release = join(work, 'release');
    for (const name of packCurrentBuild(release)) copyFileSync(join(release, name), join(workspace, name));
    const emulatorTarball = readdirSync(workspace).find((n) => n.startsWith('sfjwt-salesforce-emulator-'));
    assert.ok(emulatorTarball, 'release:pack wrote the emulator tarball');
    const started = await startEmulatorFromTarball(`./${emulatorTarball}`, workspace, env);
    demo = started.demo;
    emulator = started.child;
    // The secret as a secret store mangles it: literal \n instead of line breaks.
    mangledKey = readFileSync(demo.keyPath, 'utf8').trim().replace(/\n/g, '\\n');

    const plugin = readdirSync(workspace).find((n) => n.startsWith('sfjwt-plugin-jwt-') && n.endsWith('.tgz'));
    // First the README's install block, as written, stdin closed (run() closes it; the block also redirects it).
    readmeBlock = installBlock(readFileSync(join(repoRoot, 'README.md'), 'utf8'));
    readmeInstall = await run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', readmeBlock], {
      env,
      cwd: workspace,
      timeoutMs: 560_000,
    });
    // Then the action, whose install step runs the same allow-list line (the list is amended, not duplicated).
    action = await runCompositeAction(
      readCompositeAction(join(repoRoot, 'action.yml')),
      {
        'client-id': demo.consumerKey,
        username: demo.username,
        'instance-url': demo.url,
        'jwt-key': mangledKey,
        plugin: `./${plugin ?? 'missing'}`,
        'with-access-token': 'true',
      },
      { workspace, env, runnerTemp },
    );
  });
  after(() => {
    if (emulator?.pid !== undefined && emulator.exitCode === null) process.kill(-emulator.pid, 'SIGTERM');
    rmSync(work, { recursive: true, force: true });
  });

  it("installs with the README's one-liner as written, with stdin closed; every README shows the same block", () => {
    assert.equal(readmeInstall.code, 0, `${readmeInstall.stdout}\n${readmeInstall.stderr}`);
    assert.doesNotMatch(readmeInstall.stderr, /ExitPromptError|force closed/);
    assert.equal(installBlock(readFileSync(join(pluginDir, 'README.md'), 'utf8')), readmeBlock);
    const { version } = JSON.parse(readFileSync(join(pluginDir, 'package.json'), 'utf8')) as { version: string };
    assert.match(
      readmeBlock,
      new RegExp(`^TGZ="\\$PWD/sfjwt-plugin-jwt-${version.replace(/\./g, '\\.')}\\.tgz"$`, 'm'),
    );
    const allowLine = readmeBlock.split('\n').find((l) => l.startsWith('node -e '))!;
    const actionStep = readCompositeAction(join(repoRoot, 'action.yml')).steps[1]!;
    assert.ok(actionStep.run.includes(allowLine.replace(' "file:$TGZ"', ' "$SPEC"')), 'the action runs the same line');
    const allowList = JSON.parse(
      readFileSync(join(home, '.config', 'sf', 'unsignedPluginAllowList.json'), 'utf8'),
    ) as string[];
    assert.deepEqual(allowList, [`file:${join(workspace, `sfjwt-plugin-jwt-${version}.tgz`)}`]);
  });

  it('runs every step of action.yml: sf found, the plugin installed with stdin closed, the login handed on', () => {
    const steps = readCompositeAction(join(repoRoot, 'action.yml')).steps;
    assert.ok(
      steps.every((step) => step.shell === 'bash' && step.run.trim() !== ''),
      'the reader understood action.yml',
    );
    assert.deepEqual(
      action.steps.map((s) => [s.name, s.result.code]),
      [
        ['Install the Salesforce CLI if absent', 0],
        ['Install the sfjwt plugin (no prompt)', 0],
        ['Log in with the JWT bearer flow', 0],
      ],
      action.steps.map((s) => `${s.name}:\n${s.result.stdout}\n${s.result.stderr}`).join('\n'),
    );
    assert.match(action.steps[0]!.result.stdout, /is already installed/);
    assert.doesNotMatch(action.steps[1]!.result.stderr, /ExitPromptError|force closed/);
    assert.deepEqual(
      { ...action.outputs, 'access-token': undefined },
      {
        alias: 'ci',
        'instance-url': demo.url,
        username: demo.username,
        'org-id': demo.orgId,
        'access-token': undefined,
      },
    );
  });

  it('masks the access token before anything else could show it, and nowhere prints it', () => {
    const token = action.outputs['access-token'] ?? '';
    assert.match(token, /^00D[A-Za-z0-9]{12,15}!/);
    const login = action.steps[2]!.result;
    assert.ok(login.stderr.split('\n').includes(`::add-mask::${token}`), login.stderr);
    assert.equal(`${login.stdout}${login.stderr}`.split(token).length, 2, 'the token only in the mask line');
    // The warning for a key from SFJWT_KEY gives the login to run for a refreshable key, not an openssl command.
    assert.match(login.stderr, /--write-key-file sfjwt-refresh\.key/);
    assert.doesNotMatch(login.stderr, /openssl/);
  });

  it('the next steps use the org by alias with the real sf: a query, and the stored token without a second login', async () => {
    const query = await sf(['data', 'query', '--query', 'SELECT Id FROM Account', '--target-org', 'ci', '--json']);
    assert.equal(query.code, 0, query.stderr);
    assert.equal((JSON.parse(query.stdout) as { result: { totalSize: number } }).result.totalSize, 2);
    const shown = await sf(['org', 'auth', 'show-access-token', '--target-org', 'ci', '--json']);
    assert.equal(shown.code, 0, shown.stderr);
    assert.equal(
      (JSON.parse(shown.stdout) as { result: { accessToken: string } }).result.accessToken,
      action.outputs['access-token'],
    );
  });

  it('doctor passes with the mangled secret', async () => {
    const doctor = await sf(['jwt', 'doctor', ...loginFlags(), '--json'], { SFJWT_KEY: mangledKey });
    assert.equal(doctor.code, 0, doctor.stdout);
    assert.equal((JSON.parse(doctor.stdout) as { result: { ok: boolean } }).result.ok, true);
  });

  it('usage (64): a missing flag', async () => {
    const envelope = await failure(['jwt', 'login', '--username', 'x@y.z'], { SFJWT_KEY: mangledKey });
    assert.deepEqual([envelope.code, envelope.exitCode], ['ERR_USAGE', 64]);
  });

  it('configuration (78): a garbage key in the secret', async () => {
    const envelope = await failure(['jwt', 'login', ...loginFlags()], { SFJWT_KEY: 'not a key at all' });
    assert.deepEqual([envelope.code, envelope.exitCode], ['ERR_KEY_NOT_PEM', 78]);
  });

  it('refused (77): a wrong user, for login and for doctor (its checklist in result)', async () => {
    const wrongUser = loginFlags({ '--username': 'nobody@example.com' });
    const login = await failure(['jwt', 'login', ...wrongUser], { SFJWT_KEY: mangledKey });
    assert.deepEqual([login.code, login.exitCode], ['ERR_TOKEN_GRANT_REJECTED', 77]);
    const doctor = await failure(['jwt', 'doctor', ...wrongUser], { SFJWT_KEY: mangledKey });
    assert.deepEqual([doctor.code, doctor.exitCode], ['ERR_TOKEN_GRANT_REJECTED', 77]);
    assert.equal(doctor.result?.ok, false);
    assert.deepEqual(
      doctor.result?.checks.filter((c) => c.status === 'fail').map((c) => [c.id, c.code]),
      [['exchange', 'ERR_TOKEN_GRANT_REJECTED']],
    );
  });

  it('retryable (75): a refused connection, and a token endpoint that never answers (--timeout)', async () => {
    const closed = await failure(['jwt', 'login', ...loginFlags({ '--instance-url': 'http://127.0.0.1:9' })], {
      SFJWT_KEY: mangledKey,
    });
    assert.deepEqual([closed.code, closed.exitCode], ['ERR_NETWORK', 75]);
    const hanging = await hangingServer();
    try {
      const timedOut = await failure(
        ['jwt', 'login', ...loginFlags({ '--instance-url': hanging.url, '--timeout': '1' })],
        { SFJWT_KEY: mangledKey },
      );
      assert.equal(timedOut.exitCode, 75, JSON.stringify(timedOut));
      assert.match(timedOut.code, /^ERR_(NETWORK_TIMEOUT|ABORTED)$/);
    } finally {
      hanging.server.close();
    }
  });

  it('interrupted (130): Ctrl-C while the token endpoint hangs ends with one line', async () => {
    const hanging = await hangingServer();
    try {
      const child = spawn(sfBin, ['jwt', 'login', ...loginFlags({ '--instance-url': hanging.url }), '--json'], {
        cwd: workspace,
        env: { ...env, SFJWT_KEY: mangledKey },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      await hanging.connected;
      child.kill('SIGINT');
      assert.equal(await exited, 130, stderr);
      assert.match(stderr, /Interrupted \(SIGINT\); nothing was left half-written\./);
    } finally {
      hanging.server.close();
    }
  });
});
