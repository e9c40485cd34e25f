// `--propagation-delay`: parsed strictly (usage error, exit 2) before anything starts.
import assert from 'node:assert/strict';
import { main } from '../src/cli.js';

describe('salesforce-emulator --propagation-delay', () => {
  for (const bad of ['-1', '1.5', 'soon', '86401']) {
    it(`refuses "${bad}" with a usage error (exit 2)`, async () => {
      const err: string[] = [];
      const code = await main(['--demo', `--propagation-delay=${bad}`], {
        out: () => undefined,
        err: (l) => err.push(l),
      });
      assert.equal(code, 2);
      assert.equal(
        err[0]?.split('\n')[0],
        `Error: --propagation-delay must be a whole number of seconds from 0 to 86400 (got "${bad}")`,
      );
    });
  }
});
