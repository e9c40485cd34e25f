// A real redis-server for tests and benchmarks: loopback only, a free port, no persistence, stopped after.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findOnPath } from './run-tool.js';

/** The line redis-server prints once it serves commands (Redis 5 to 7 alike). */
const READY_LINE = 'Ready to accept connections';
/** An upper bound on start-up, not a wait: readiness is the line above. */
const START_DEADLINE_MS = 30_000;

/** A running redis-server. `url` is `redis://127.0.0.1:<port>` (`rediss://…` with TLS). */
export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** With `tls`: the PEM of the throwaway CA that signed the server's certificate (for 127.0.0.1), to trust it. */
  readonly caPem?: string;
  /** Whether the server is running now (false between {@link RedisServer.kill} and {@link RedisServer.restart}). */
  readonly running: boolean;
  /** SIGKILL (an outage: no shutdown, connections cut) and wait for the exit. */
  kill(): Promise<void>;
  /**
   * SIGSTOP: a stalled server. Connections stay open and nothing is answered until {@link RedisServer.resume}, however
   * long the test takes to get there (unlike `CLIENT PAUSE <ms>`, which ends by Redis's clock).
   */
  pause(): void;
  /** SIGCONT: the paused server answers again, everything sent meanwhile included. */
  resume(): void;
  /** Starts it again on the same port, empty (nothing is persisted). */
  restart(): Promise<void>;
  /** SIGTERM, wait for the exit, remove the working folder. Safe to call twice. */
  stop(): Promise<void>;
}

/** Whether `redis-server` is on PATH (the Debian package `redis-server`; `.ci/run` installs it). */
export function redisServerProblem(): string | undefined {
  return findOnPath('redis-server') !== undefined
    ? undefined
    : 'redis-server is not installed (apt-get install redis-server)';
}

/** A port nobody listens on right now, on 127.0.0.1. */
export async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no loopback port');
  return address.port;
}

/** Options of {@link startRedisServer}. */
export interface RedisServerOptions {
  /** Serve TLS only (no plain port), with a certificate for 127.0.0.1 from a throwaway CA made here with openssl. */
  readonly tls?: boolean;
  /** More `redis-server` arguments (e.g. cluster mode). */
  readonly args?: readonly string[];
  /** A port to use, else a free one. */
  readonly port?: number;
}

/**
 * Starts `redis-server` on a free loopback port with persistence off (`--save '' --appendonly no`) and resolves once
 * it printed that it accepts connections. Stop it with {@link RedisServer.stop} (in an `after` hook).
 */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'sfjwt-redis-'));
  const tls = options.tls === true ? throwawayTls(dir) : undefined;
  const extra = [...(tls?.args ?? []), ...(options.args ?? [])];
  let child: ChildProcess | undefined;
  let port = 0;
  // A port found free can be taken before redis binds it: try a few (a given port only once: it will not free up).
  for (let attempt = 1; child === undefined; attempt++) {
    port = options.port ?? (await freeLoopbackPort());
    try {
      child = await launch(port, dir, extra, tls !== undefined);
    } catch (error) {
      if (attempt >= 3 || options.port !== undefined) {
        rmSync(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }
  let current: ChildProcess | undefined = child;
  const end = async (signal: NodeJS.Signals): Promise<void> => {
    const proc = current;
    current = undefined;
    if (proc === undefined || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill(signal);
    proc.kill('SIGCONT'); // a paused server acts on the SIGTERM only once it runs again
    await exited;
  };
  return {
    port,
    url: `${tls === undefined ? 'redis' : 'rediss'}://127.0.0.1:${port}`,
    ...(tls === undefined ? {} : { caPem: tls.caPem }),
    get running() {
      return current !== undefined;
    },
    kill: () => end('SIGKILL'),
    pause: () => void current?.kill('SIGSTOP'),
    resume: () => void current?.kill('SIGCONT'),
    restart: async () => {
      await end('SIGKILL');
      current = await launch(port, dir, extra, tls !== undefined);
    },
    stop: async () => {
      await end('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A CA and a server certificate for 127.0.0.1 (both throwaway, in `dir`), and the redis-server arguments using them. */
function throwawayTls(dir: string): { readonly args: string[]; readonly caPem: string } {
  const at = (name: string): string => join(dir, name);
  const run = (args: string[]): void => void execFileSync('openssl', args, { stdio: 'pipe' });
  run(
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=sfjwt test CA'].concat([
      '-keyout',
      at('ca.key'),
      '-out',
      at('ca.pem'),
    ]),
  );
  run([
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=127.0.0.1',
    '-keyout',
    at('server.key'),
    '-out',
    at('server.csr'),
  ]);
  writeFileSync(at('server.ext'), 'subjectAltName=IP:127.0.0.1\n');
  run(
    ['x509', '-req', '-in', at('server.csr'), '-CA', at('ca.pem'), '-CAkey', at('ca.key'), '-CAcreateserial'].concat([
      '-days',
      '2',
      '-extfile',
      at('server.ext'),
      '-out',
      at('server.pem'),
    ]),
  );
  return {
    args: [
      '--tls-cert-file',
      at('server.pem'),
      '--tls-key-file',
      at('server.key'),
      '--tls-ca-cert-file',
      at('ca.pem'),
    ].concat(['--tls-auth-clients', 'no']),
    caPem: readFileSync(at('ca.pem'), 'utf8'),
  };
}

function launch(port: number, dir: string, extra: readonly string[], tls: boolean): Promise<ChildProcess> {
  const args = [
    ...(tls ? ['--port', '0', '--tls-port', String(port)] : ['--port', String(port)]),
    ...['--bind', '127.0.0.1', '--protected-mode', 'yes'],
    ...['--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', '--logfile', ''],
    ...extra,
  ];
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  // A test run that ends without its after hook (a crash, process.exit) leaves no server behind.
  const orphanGuard = (): void => void child.kill('SIGKILL');
  process.once('exit', orphanGuard);
  child.once('exit', () => process.off('exit', orphanGuard));
  return new Promise((resolve, reject) => {
    let output = '';
    const fail = (why: string): void => {
      clearTimeout(deadline);
      child.kill('SIGKILL');
      reject(new Error(`redis-server on port ${port} ${why}:\n${output.slice(-2000)}`));
    };
    const deadline = setTimeout(() => fail(`was not ready within ${START_DEADLINE_MS} ms`), START_DEADLINE_MS);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      if (output.includes(READY_LINE)) {
        clearTimeout(deadline);
        child.off('exit', onExit);
        // Keep draining the pipes so the server never blocks on a full one.
        child.stdout?.removeListener('data', onData);
        child.stdout?.resume();
        child.stderr?.resume();
        resolve(child);
      }
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void =>
      fail(`exited (${signal ?? `code ${code}`}) before it was ready`);
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('exit', onExit);
    child.once('error', (error) => fail(`could not start (${error.message})`));
  });
}
