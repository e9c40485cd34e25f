// The built package loads by import and by require() (Node's require() of ES modules), on the project's Node (22)
// and the machine's Node 20 (the package promises 20.19+), as the README says.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);
const nodes = [process.execPath, ...(existsSync('/usr/bin/node') ? ['/usr/bin/node'] : [])];

describe('@sfjwt/token-cache-redis by import and by require()', function () {
  this.timeout(60_000);
  for (const node of nodes) {
    it(`${node === process.execPath ? 'the project’s Node' : node}: both give the same exports`, async () => {
      const version = (await run(node, ['--version'])).stdout.trim();
      const esm = await run(
        node,
        [
          '--input-type=module',
          '-e',
          "import('@sfjwt/token-cache-redis').then((m) => console.log(typeof m.createRedisTokenCache))",
        ],
        { cwd: packageDir },
      );
      const cjs = await run(
        node,
        ['-e', "console.log(typeof require('@sfjwt/token-cache-redis').createRedisTokenCache)"],
        { cwd: packageDir },
      );
      assert.equal(esm.stdout, 'function\n', version);
      assert.equal(cjs.stdout, 'function\n', version);
    });
  }
});
