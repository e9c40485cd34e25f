// README.md's examples in the matrix of test-support (Node 20 and 22, ES module and CommonJS, TypeScript 5.9, 6.0 and
// 7.0): the jsforce query against its own emulator, on Node 22 with the jsforce the workspace tests (3.10.19 and later
// need Node 22) and on Node 20 with the jsforce the README names for it.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDemoConfig, startEmulator } from '@sfjwt/salesforce-emulator';
import { describeReadmeExamples, exampleOrgEnv, type ExampleCase } from '@sfjwt/test-support';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const jwtCoreDir = join(packageDir, '..', 'jwt-core');
const demo = createDemoConfig({ appType: 'connected-app', username: 'jsforce-example@sfjwt-demo.example' });

/** The query example against its own emulator, as `username`: prints `stdout`, exits `code`, after one login. */
function queryCase(name: string, username: string, code: number, stdout: string): ExampleCase {
  return {
    name,
    prepare: async (run) => {
      const emulator = await startEmulator(demo.config);
      const env = exampleOrgEnv(run.dir, { ...demo, url: emulator.url }, username);
      const check = ([output]: readonly { code: number | null; stdout: string; stderr: string }[]): void => {
        assert.deepEqual([output?.code, output?.stdout], [code, stdout], output?.stderr);
        assert.equal(emulator.stats().requests.filter((r) => r.route === 'token').length, 1);
      };
      return { env, check, stop: () => emulator.stop() };
    },
  };
}

describeReadmeExamples({
  readme: join(packageDir, 'README.md'),
  copied: { '@sfjwt/jwt-core': jwtCoreDir, '@sfjwt/jsforce': packageDir },
  linked: { jsforce: join(packageDir, 'node_modules', 'jsforce') },
  node20Linked: { jsforce: join(packageDir, 'node_modules', 'jsforce-node20') },
  typeScript: {
    tsconfigReadme: join(jwtCoreDir, 'README.md'),
    nodeTypesAdvice: 'npm install --save-dev @types/node',
    // No build without @types/node here: jsforce's own types, linked from pnpm's store, find pnpm's @types/node.
    extraCompilerOptions: { skipLibCheck: true }, // jsforce's own .d.ts fail exactOptionalPropertyTypes
  },
  examples: [
    {
      name: 'the one line',
      marker: "const conn = new Connection(await jsforceConnectionConfig(salesforce, { version: '62.0' }));",
      role: { excerptOf: 'conn.query(' },
    },
    {
      name: 'a jsforce query',
      marker: 'conn.query(',
      file: join(packageDir, 'examples', 'query.mjs'),
      role: { cases: [queryCase('the demo user', demo.username, 0, `${demo.username}\n`)] },
    },
  ],
});
