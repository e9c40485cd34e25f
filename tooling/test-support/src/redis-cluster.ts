// A real Redis Cluster for tests and benchmarks: 3 masters and 3 replicas on loopback (`redis-server --cluster-enabled
// yes`, then `redis-cli --cluster create … --cluster-replicas 1`), free-picked ports, stopped after.
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { startRedisServer, type RedisServer } from './redis-server.js';

/** How long a node may be unreachable before the cluster fails it over (ms): short, so a test's failover is quick. */
export const CLUSTER_NODE_TIMEOUT_MS = 1_000;
/** An upper bound on forming the cluster, not a wait: readiness is `cluster_state:ok` on every node. */
const FORM_DEADLINE_MS = 60_000;

/** A running cluster of 6 nodes. */
export interface RedisCluster {
  /** Every node (killed ones included), as started. */
  readonly nodes: readonly RedisServer[];
  /** `redis://127.0.0.1:<port>` of every node: node-redis's `createCluster({ rootNodes })`. */
  readonly rootNodes: readonly { readonly url: string }[];
  /** The node that serves `key`'s slot as master now. */
  masterOf(key: string): RedisServer;
  /** Resolves once a replica took over every slot of a killed master (`cluster_state:ok` again, seen from `via`). */
  whenHealthy(via?: RedisServer): Promise<void>;
  /** Stops every node. Safe to call twice. */
  stop(): Promise<void>;
}

/** A loopback port free for a node and for its cluster bus (the port + 10000). */
async function freeClusterPort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 30_000);
    if ((await isFree(port)) && (await isFree(port + 10_000))) return port;
  }
  throw new Error('no free loopback port pair for a cluster node');
}

function isFree(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * One cluster node on a free port pair. Another process may take the port or its bus port between the check and
 * redis-server's bind (startRedisServer retries only the port it was given): then a new pair is picked.
 */
async function startClusterNode(): Promise<RedisServer> {
  for (let attempt = 1; ; attempt++) {
    const port = await freeClusterPort();
    // Replicas sync at once (no diskless delay) and may always fail over (no data-age check): a quick failover.
    const args = ['--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`]
      .concat(['--cluster-node-timeout', String(CLUSTER_NODE_TIMEOUT_MS)])
      .concat(['--repl-diskless-sync-delay', '0', '--cluster-replica-validity-factor', '0']);
    try {
      return await startRedisServer({ port, args });
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

const cli = (port: number, args: readonly string[]): string =>
  execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { encoding: 'utf8', stdio: 'pipe' });

/** Starts 6 nodes and forms a cluster of 3 masters, each with one replica; resolves once every slot is served. */
export async function startRedisCluster(): Promise<RedisCluster> {
  const nodes: RedisServer[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(nodes.map((node) => node.stop()));
  };
  try {
    for (let i = 0; i < 6; i++) nodes.push(await startClusterNode());
    execFileSync(
      'redis-cli',
      ['--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', '1', '--cluster-yes'],
      { stdio: 'pipe' },
    );
    await healthy(nodes, nodes);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    nodes,
    rootNodes: nodes.map((n) => ({ url: n.url })),
    masterOf(key: string): RedisServer {
      const slot = Number(cli(nodes.find((n) => n.running)!.port, ['CLUSTER', 'KEYSLOT', key]).trim());
      const shards = cli(nodes.find((n) => n.running)!.port, ['CLUSTER', 'NODES']).split('\n');
      for (const line of shards) {
        const [, address, flags, , , , , state, ...ranges] = line.split(' ');
        if (!flags?.includes('master') || flags.includes('fail') || state !== 'connected') continue;
        const owns = ranges.some((r) => {
          const [from, to] = r.split('-').map(Number);
          return from !== undefined && slot >= from && slot <= (to ?? from);
        });
        const port = Number(address?.split('@')[0]?.split(':')[1]);
        if (owns) return nodes.find((n) => n.port === port)!;
      }
      throw new Error(`no master serves slot ${slot}`);
    },
    whenHealthy: (via) => healthy(via === undefined ? nodes.filter((n) => n.running) : [via], nodes),
    stop,
  };
}

/**
 * Polls (bounded) until every given node reports `cluster_state:ok` with every slot served, and sees each stopped
 * node of `all` as failed (`fail`, not just suspected): its slots are then served by a promoted replica. A replica
 * counts once it is in sync with its master (else it could not take over).
 */
async function healthy(nodes: readonly RedisServer[], all: readonly RedisServer[]): Promise<void> {
  const giveUpAt = Date.now() + FORM_DEADLINE_MS;
  const down = all.filter((n) => !n.running).map((n) => `127.0.0.1:${n.port}@`);
  for (;;) {
    const ok = nodes.every((n) => {
      try {
        const info = cli(n.port, ['CLUSTER', 'INFO']);
        const seen = cli(n.port, ['CLUSTER', 'NODES']).split('\n');
        const failedOver = down.every((address) =>
          seen.some(
            (line) => line.split(' ')[1]?.startsWith(address) && /(^|,)fail(,|$)/.test(line.split(' ')[2] ?? ''),
          ),
        );
        const role = cli(n.port, ['INFO', 'replication']);
        const synced = !role.includes('role:slave') || role.includes('master_link_status:up');
        return info.includes('cluster_state:ok') && info.includes('cluster_slots_ok:16384') && failedOver && synced;
      } catch {
        return false;
      }
    });
    if (ok) return;
    if (Date.now() > giveUpAt) throw new Error(`the Redis Cluster was not healthy within ${FORM_DEADLINE_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
