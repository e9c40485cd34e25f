// keygen's default key pair, started early (io/early-key-pair.ts): before oclif loads when bin/run.js sees
// `jwt keygen`, and inside sf when oclif loads the keygen command's module: what starts it, and that it is taken once.
import { strict as assert } from 'node:assert';
import { runsKeygen } from '../../src/io/early-key-pair.js';
import { runNodeChild } from '../support/child-run.js';
import { pluginDir } from '../support/sf-cli.js';

describe("keygen's early key pair", () => {
  it('is started for `jwt keygen` and `jwt:keygen` only', () => {
    assert.equal(runsKeygen(['jwt', 'keygen', '--output-dir', 'x']), true);
    assert.equal(runsKeygen(['jwt:keygen']), true);
    for (const argv of [['jwt', 'assert'], ['keygen'], ['jwt'], [], ['--help', 'jwt', 'keygen']])
      assert.equal(runsKeygen(argv), false, argv.join(' '));
  });

  it("starts when the keygen command's module loads (inside sf, the first moment our code runs), 2048 bits", async function () {
    this.timeout(120_000);
    const script = [
      "await import('./src/commands/jwt/keygen.ts');",
      "const { takeEarlyKeyPair } = await import('./src/io/early-key-pair.ts');",
      'const first = takeEarlyKeyPair();',
      'const pair = await first;',
      'console.log(JSON.stringify([pair.bits, pair.privateKey.asymmetricKeyDetails.modulusLength, takeEarlyKeyPair() === undefined]));',
    ].join('\n');
    const run = await runNodeChild(['--import', 'tsx', '--input-type=module', '-e', script], { cwd: pluginDir });
    assert.equal(run.exitCode, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout) as unknown, [2048, 2048, true]);
  });
});
