// The fleet on a real Redis Cluster (3 masters, 3 replicas): waves of getToken() in every process; the master serving
// the token's slot is SIGKILLed during a wave; waves go on while a replica takes over, then two more once the cluster
// is healthy. Shared by the fleet benchmark (workspace packages), the tarballs benchmark and its test (the packages
// installed from the release tarballs in a fresh npm project).
import { tokenCacheKey } from '@sfjwt/jwt-core';
import { startRedisCluster } from '@sfjwt/test-support';
import { startFleet, summarize } from './fleet.mjs';

/**
 * Runs the failover with `size` processes × `concurrent` getToken() per wave; `project`: run the workers from it (see
 * startFleet). Resolves to the token requests the emulator saw, the failed and all getToken() calls, the waves run
 * while the cluster failed over, and `resolved`: each worker's imports of `specifiers` (file: URLs), when asked.
 */
export async function clusterFailover({ emulator, login, encryptionKey, size, concurrent, project, specifiers = [] }) {
  const tokenRequests = () => emulator.stats().requests.filter((r) => r.route === 'token').length;
  const cluster = await startRedisCluster();
  try {
    const clusterUrls = cluster.rootNodes.map((n) => n.url);
    const fleet = await startFleet({ size, login, redisUrl: null, clusterUrls, encryptionKey, project });
    try {
      const resolved = specifiers.length === 0 ? [] : await fleet.all('resolved', { specifiers });
      emulator.resetStats();
      let ok = 0;
      let failed = 0;
      const wave = async () => {
        const sum = summarize(await fleet.all('getTokens', { n: concurrent }));
        ok += sum.ok;
        failed += sum.failed;
      };
      await wave();
      await wave();
      const session = tokenCacheKey({ host: login.instanceUrl, clientId: login.clientId, username: login.username });
      const master = cluster.masterOf(`sfjwt:{${session.slice('sfjwt:token:'.length)}}:token`);
      await Promise.all([wave(), master.kill()]);
      let healthy = false;
      const failedOver = cluster.whenHealthy().then(() => (healthy = true));
      let wavesDuringFailover = 0;
      while (!healthy) {
        await wave();
        wavesDuringFailover++;
      }
      await failedOver;
      await wave();
      await wave();
      const moved = cluster.masterOf(`sfjwt:{${session.slice('sfjwt:token:'.length)}}:token`) !== master;
      return { requests: tokenRequests(), failed, calls: ok + failed, wavesDuringFailover, moved, resolved };
    } finally {
      await fleet.stop();
    }
  } finally {
    await cluster.stop();
  }
}
