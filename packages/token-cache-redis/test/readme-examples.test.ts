// README.md's examples in the matrix of test-support (Node 20 and 22, ES module and CommonJS, TypeScript 5.9, 6.0 and
// 7.0): the many-processes example against a real Redis (each run on its own database) and its own emulator, several
// processes started together making one token request, and with Redis absent at start, each process minting its own.
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDemoConfig, startEmulator } from '@sfjwt/salesforce-emulator';
import {
  describeReadmeExamples,
  exampleOrgEnv,
  freeLoopbackPort,
  type ExampleCase,
  type RedisServer,
} from '@sfjwt/test-support';
import { redisServer } from './support.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const jwtCoreDir = join(packageDir, '..', 'jwt-core');
const demo = createDemoConfig({ appType: 'connected-app', username: 'fleet@sfjwt-demo.example' });
let server: Promise<RedisServer> | undefined;
let database = 0;

/** `processes` copies of the example against their own emulator and `redisUrl()`: each prints the user; `tokens` logins. */
function fleetCase(name: string, processes: number, redisUrl: () => Promise<string>, tokens: number): ExampleCase {
  return {
    name,
    prepare: async (run) => {
      const emulator = await startEmulator(demo.config);
      const env = {
        ...exampleOrgEnv(run.dir, { ...demo, url: emulator.url }, demo.username),
        REDIS_URL: await redisUrl(),
        TOKEN_CACHE_KEY: randomBytes(32).toString('base64'),
      };
      const check: (outputs: readonly { code: number | null; stdout: string }[]) => void = (outputs) => {
        for (const output of outputs) assert.deepEqual([output.code, output.stdout], [0, `200 ${demo.username}\n`]);
        assert.equal(emulator.stats().requests.filter((r) => r.route === 'token').length, tokens);
      };
      return { env, processes, check, stop: () => emulator.stop() };
    },
  };
}

/** A Redis database of its own for each run (16 by default; a run uses one): runs share no keys. */
const ownDatabase = async (): Promise<string> => {
  server ??= redisServer();
  database += 1;
  assert.ok(database < 16, 'more runs than Redis databases');
  return `${(await server).url}/${database}`;
};
const nothingListening = async (): Promise<string> => `redis://127.0.0.1:${await freeLoopbackPort()}`;

describeReadmeExamples({
  readme: join(packageDir, 'README.md'),
  copied: { '@sfjwt/jwt-core': jwtCoreDir, '@sfjwt/token-cache-redis': packageDir },
  linked: { redis: join(packageDir, 'node_modules', 'redis') },
  typeScript: {
    tsconfigReadme: join(jwtCoreDir, 'README.md'),
    nodeTypesAdvice: 'npm install --save-dev @types/node',
    missingNodeTypesError: "error TS2688: Cannot find type definition file for 'node'.",
  },
  examples: [
    {
      name: 'many processes, one token',
      marker: 'createRedisTokenCache({\n    client: redis,',
      file: join(packageDir, 'examples', 'many-processes.mjs'),
      role: {
        cases: [
          fleetCase('4 processes started together', 4, ownDatabase, 1),
          // The backstop of the run kills the old hang (connect() never resolving); the assertions are on output.
          fleetCase('Redis absent at start (nothing listens)', 2, nothingListening, 2),
        ],
      },
    },
    {
      name: 'Redis Cluster',
      marker: 'createCluster({',
      role: {
        typesOnly:
          'it needs a Redis Cluster at the addresses it shows; test/distributed.test.ts runs these options on a real one',
      },
    },
  ],
});

// After the matrix's suite: the Redis its runs used.
after(async () => {
  await (await server)?.stop();
});
