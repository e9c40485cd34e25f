// The built package loads by import and by require() on Node 22 and the machine's Node 20, as the README says.
import { strict as assert } from 'node:assert';
import { fileURLToPath } from 'node:url';
import { moduleFormatProblems } from '@sfjwt/test-support';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));

describe('@sfjwt/jwt-core by import and by require()', function () {
  this.timeout(60_000);
  it('gives its exports both ways on every Node it promises', async () => {
    assert.deepEqual(await moduleFormatProblems(packageDir, '@sfjwt/jwt-core', 'createTokenClient'), []);
  });
});
