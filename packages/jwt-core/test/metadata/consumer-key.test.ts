import { strict as assert } from 'node:assert';
import { isJwtCoreError } from '../../src/errors.js';
import {
  CONSUMER_KEY_PREFIX,
  GENERATED_CONSUMER_KEY_LENGTH,
  generateConsumerKey,
  validateConsumerKey,
} from '../../src/metadata/consumer-key.js';
import { checkClientId } from '../../src/claims/client-id.js';

describe('consumer keys', () => {
  const keys = Array.from({ length: 2000 }, () => generateConsumerKey());

  it('are 85 characters: 3MVG9 and 80 letters or digits', () => {
    assert.equal(CONSUMER_KEY_PREFIX, '3MVG9');
    assert.equal(GENERATED_CONSUMER_KEY_LENGTH, 85);
    for (const key of keys) assert.match(key, /^3MVG9[A-Za-z0-9]{80}$/);
  });

  it('are unique', () => {
    assert.equal(new Set(keys).size, keys.length);
  });

  it('draw on the whole 62-character alphabet, roughly evenly', () => {
    const counts = new Map<string, number>();
    for (const key of keys) for (const ch of key.slice(5)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    assert.equal(counts.size, 62);
    // 160,000 draws: each character expected ~2,581 times; a biased generator (e.g. modulo of a byte) shows as a
    // spread far beyond these bounds (±15%).
    for (const [ch, n] of counts) assert.ok(n > 2190 && n < 2970, `${ch} drawn ${n} times`);
  });

  it('pass our own validation and the client-id check used for iss', () => {
    for (const key of keys.slice(0, 50)) {
      assert.equal(validateConsumerKey(key), key);
      const warnings: { code: string }[] = [];
      assert.equal(checkClientId(key, warnings as never), key);
      assert.deepEqual(warnings, []);
    }
  });

  it('validateConsumerKey accepts Salesforce-generated shapes (with . and _) from 8 to 256 characters', () => {
    for (const key of [
      '3MVG9A2kN3Bn17hs8MIaQx1voVGy662rXlC37svtmLmt6wO_iik8Hnk3DlcYjKRvzVNGWLFlGSH1ryHdSbYXx',
      'abcd1234',
      'k.y_' + 'a'.repeat(252),
    ]) {
      assert.equal(validateConsumerKey(key), key);
    }
  });

  for (const [why, key, text] of [
    ['empty', '', 'is empty'],
    ['whitespace', ' 3MVG9abcdefgh', 'contains whitespace; a consumer key is one unbroken string'],
    ['a newline inside', '3MVG9abc\ndefgh', 'contains whitespace; a consumer key is one unbroken string'],
    ['base64 characters', '3MVG9abc+/defgh=', 'contains "+"; only letters, digits, "." and "_" are allowed'],
    ['a hyphen', '3MVG9-abcdefgh', 'contains "-"; only letters, digits, "." and "_" are allowed'],
    ['too short', 'abc1234', 'is 7 characters long; 8 to 256 are allowed'],
    ['too long', 'a'.repeat(257), 'is 257 characters long; 8 to 256 are allowed'],
  ] as const) {
    it(`validateConsumerKey refuses ${why} with ERR_APP_CONSUMER_KEY_INVALID`, () => {
      assert.throws(
        () => validateConsumerKey(key),
        (err: unknown) =>
          isJwtCoreError(err, 'ERR_APP_CONSUMER_KEY_INVALID') &&
          err.message === `The consumer key (\`consumerKey\`) ${text}.`,
      );
    });
  }
});
