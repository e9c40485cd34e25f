/**
 * Ctrl-C (SIGINT) and SIGTERM end a command promptly: exit 130 / 143, one line on stderr, no stack trace. Each
 * command is blocked on something that never comes (a token endpoint that never answers, stdin that never ends),
 * and the signal is sent once the block is observed — the request arriving, the warning printed just before the
 * read — never after a sleep.
 */
import { strict as assert } from 'node:assert';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt } from '../../support/build.js';
import { runJs, SfSandbox, sfBin, sfEnv } from '../../support/sf-cli.js';

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures');

interface Ended {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Collects a child's output; `ended` settles when its output is all in ('close': at 'exit' a pipe may still hold some). */
function watch(child: ChildProcess): { ended: Promise<Ended> } {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ended = once(child, 'close').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
    stdout,
    stderr,
  }));
  return { ended };
}

/** Resolves once `text` has appeared on the child's stderr. */
function stderrShows(child: ChildProcess, text: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (text.test(seen)) resolve();
    });
    child.on('exit', () => reject(new Error(`exited without printing ${text}: ${seen}`)));
  });
}

function assertCleanInterrupt(ended: Ended, signal: 'SIGINT' | 'SIGTERM'): void {
  assert.equal(ended.signal, null, 'the process exited by itself, not killed by the signal');
  assert.equal(ended.code, signal === 'SIGINT' ? 130 : 143, ended.stderr);
  assert.match(ended.stderr, new RegExp(`Interrupted \\(${signal}\\); nothing was left half-written\\.`));
  assert.doesNotMatch(ended.stderr, /\n\s+at /, 'no stack trace');
  assert.doesNotMatch(ended.stderr, /ExitError|EEXIT/);
}

describe('Ctrl-C and SIGTERM end every command promptly, without a stack', function () {
  this.timeout(120_000);
  let dir: string;
  let server: Server;
  let url: string;
  let requests: Array<() => void>;

  before(async () => {
    ensureBuilt();
    dir = await mkdtemp(join(tmpdir(), 'jwt-signals-'));
    // A token endpoint that takes the request and never answers.
    server = createServer((request) => {
      request.resume();
      requests.shift()?.();
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    server.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** The next request to the hanging endpoint. */
  const nextRequest = (): Promise<void> => new Promise((resolve) => (requests = [resolve]));

  const node = (args: string[]): ChildProcess =>
    spawn(process.execPath, [runJs, ...args], { env: sfEnv(dir), cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`jwt token waiting on a token endpoint that never answers: ${signal} → exit ${signal === 'SIGINT' ? 130 : 143}`, async () => {
      const arrived = nextRequest();
      const child = node([
        'jwt',
        'token',
        '-i',
        '3MVG9signal',
        '-o',
        'user@example.com',
        '-r',
        url,
        '--jwt-key-file',
        join(fixtures, 'server.key'),
      ]);
      const { ended } = watch(child);
      await arrived;
      child.kill(signal);
      assertCleanInterrupt(await ended, signal);
    });
  }

  it('jwt keystore waiting on stdin that never ends: SIGINT → exit 130, nothing written', async () => {
    const child = node([
      'jwt',
      'keystore',
      '--jwt-key-file',
      '-',
      '--cert-file',
      join(fixtures, 'server.crt'),
      '--output-file',
      'out.jks',
      '--format',
      'pkcs12',
    ]);
    const { ended } = watch(child);
    // The extension warning is printed just before the key is read from stdin, which stays open.
    await stderrShows(child, /Warning: .*out\.jks/);
    child.kill('SIGINT');
    assertCleanInterrupt(await ended, 'SIGINT');
    assert.deepEqual(
      (await readdir(dir)).filter((name) => name.includes('out') || name.startsWith('.sfjwt')),
      [],
    );
  });

  it('inside the real sf CLI too: SIGINT during a hanging exchange → exit 130, no stack', async () => {
    const sandbox = new SfSandbox();
    try {
      await sandbox.linkPlugin();
      const arrived = nextRequest();
      const sf = spawn(
        sfBin,
        [
          'jwt',
          'token',
          '-i',
          '3MVG9signal',
          '-o',
          'user@example.com',
          '-r',
          url,
          '--jwt-key-file',
          join(fixtures, 'server.key'),
        ],
        { env: sandbox.env(), cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] },
      );
      const { ended } = watch(sf);
      await arrived;
      sf.kill('SIGINT');
      assertCleanInterrupt(await ended, 'SIGINT');
    } finally {
      sandbox.dispose();
    }
  });
});
