import { strict as assert } from 'node:assert';
import { previewText, validateKeystoreAlias } from '../../src/index.js';

describe('previewText', () => {
  it('keeps short values, and shows long ones in part with their length', () => {
    assert.equal(previewText('acme_ci'), 'acme_ci');
    assert.equal(previewText('x'.repeat(100)), 'x'.repeat(100));
    assert.equal(previewText('x'.repeat(101)), `${'x'.repeat(100)}… (101 characters)`);
    assert.equal(previewText('abcdef', 3), 'abc… (6 characters)');
  });

  it('counts characters, not UTF-16 units, so an emoji is never cut in half', () => {
    assert.equal(previewText('😀'.repeat(5), 2), '😀😀… (5 characters)');
  });

  it('keeps a 100 KB keystore alias out of the error message', () => {
    const alias = 'a'.repeat(100_000);
    assert.throws(
      () => validateKeystoreAlias(alias),
      (err: Error) => {
        assert.equal(
          err.message.startsWith(
            `The keystore alias "${'a'.repeat(100)}… (100000 characters)" cannot be used: it is longer than`,
          ),
          true,
        );
        assert.ok(err.message.length < 600, `message of ${err.message.length} characters`);
        return true;
      },
    );
  });
});
