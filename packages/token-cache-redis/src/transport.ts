// How the cache sends its raw commands: to one Redis server (node-redis `createClient`) or to a Redis Cluster
// (node-redis `createCluster`, routed by the command's one key), each bounded by a timeout, failing at once while the
// client is not ready.
import { RedisTokenCacheError } from './errors.js';

/** The options the cache passes with each command. */
export interface CommandOptions {
  readonly timeout?: number;
  readonly rejectInFlight?: boolean;
}

/**
 * What the cache needs of a Redis client: node-redis's `sendCommand` (a `createClient()` client).
 * Only raw commands are used, so the cache works whatever the client's RESP version and type mapping.
 */
export interface RedisCommandClient {
  /** node-redis's readiness: while it is `false` (not connected yet, or reconnecting) every call fails at once. */
  readonly isReady?: boolean;
  sendCommand<T = unknown>(args: readonly string[], options?: CommandOptions): Promise<T>;
}

/** What the cache needs of a Redis Cluster client: node-redis's `createCluster()` client. */
export interface RedisClusterCommandClient {
  readonly isReady?: boolean;
  /** The cluster's masters (how a cluster client is told from a single-server one). */
  readonly masters: readonly unknown[];
  sendCommand<T = unknown>(
    firstKey: string | undefined,
    isReadonly: boolean | undefined,
    args: string[],
    options?: CommandOptions,
  ): Promise<T>;
}

export type CommandSender = <T>(args: readonly string[]) => Promise<T>;

/** Whether `client` looks like a node-redis client of either kind. */
export function isCommandClient(client: unknown): client is RedisCommandClient | RedisClusterCommandClient {
  return typeof (client as { sendCommand?: unknown } | undefined)?.sendCommand === 'function';
}

/** Sends one command through `client`, bounded by `timeout` ms; any failure is `ERR_CACHE_REDIS`. */
export function commandSender(client: RedisCommandClient | RedisClusterCommandClient, timeout: number): CommandSender {
  const options: CommandOptions = { timeout, rejectInFlight: true };
  const cluster = Array.isArray((client as Partial<RedisClusterCommandClient>).masters);
  const send = cluster
    ? <T>(args: readonly string[]) =>
        // Every command of the cache has one key: GET/SET key …, EVAL script 1 key …. Masters only: replicas lag.
        (client as RedisClusterCommandClient).sendCommand<T>(
          args[0] === 'EVAL' ? args[3] : args[1],
          false,
          [...args],
          options,
        )
    : <T>(args: readonly string[]) => (client as RedisCommandClient).sendCommand<T>(args, options);
  return async <T>(args: readonly string[]): Promise<T> => {
    if (client.isReady === false) {
      // Not connected yet, or reconnecting: a cache that is down, without waiting in node-redis's offline queue.
      throw redisError(args, 'the client is not connected');
    }
    try {
      return await send<T>(args);
    } catch (cause) {
      throw redisError(args, describe(cause), cause);
    }
  };
}

function redisError(args: readonly string[], why: string, cause?: unknown): RedisTokenCacheError {
  return new RedisTokenCacheError(
    'ERR_CACHE_REDIS',
    `Redis did not complete ${args[0]}: ${why}.`,
    'Check that Redis is up and reachable; meanwhile each process mints its own token.',
    cause === undefined ? undefined : { cause },
  );
}

/** A Redis client error in one line: its name and message, capped (never a value: the cache sends none in clear). */
function describe(cause: unknown): string {
  const text = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
  const line = text.replace(/[\r\n]+/g, ' ');
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
