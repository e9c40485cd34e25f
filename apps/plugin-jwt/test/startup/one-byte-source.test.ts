// The bundles' text stays one byte per character for V8 (bundle/one-byte-source.js): one character above U+00FF in
// a kept comment would make V8 hold the whole chunk two bytes per character, at every start.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt } from '../support/build.js';
import { pluginDir } from '../support/sf-cli.js';

interface OneByteSourceModule {
  readonly oneByteSource: (source: string, path: string) => string;
}
const { oneByteSource } = (await import(join(pluginDir, 'bundle', 'one-byte-source.js'))) as OneByteSourceModule;
const WIDE = /[\u0100-\u{10ffff}]/u;

describe('start-up: the bundles are one byte per character', () => {
  it('escapes wide characters in comment lines, the same text to a reader', () => {
    const source = ['// a — b → c', '  * d 🔑 e', 'const x = "é";', '/* f — */'].join('\n');
    assert.equal(
      oneByteSource(source, 'x.js'),
      ['// a \\u2014 b \\u2192 c', '  * d \\ud83d\\udd11 e', 'const x = "é";', '/* f \\u2014 */'].join('\n'),
    );
    assert.equal(oneByteSource('const y = 1;\n', 'y.js'), 'const y = 1;\n');
  });

  it('refuses a wide character outside a comment line instead of guessing', () => {
    assert.throws(
      () => oneByteSource('const ok = 1;\nconst s = "—";', 'lib/chunks/z.js'),
      /one-byte-source: lib\/chunks\/z\.js:2 has a character above U\+00FF outside a comment\./,
    );
  });

  it('leaves no character above U+00FF in what the build ships', function () {
    this.timeout(180_000);
    ensureBuilt();
    const lib = join(pluginDir, 'lib');
    const bundles = [
      join(lib, 'execute.js'),
      ...readdirSync(join(lib, 'chunks'), { recursive: true })
        .map(String)
        .filter((f) => f.endsWith('.js'))
        .map((f) => join(lib, 'chunks', f)),
    ];
    assert.ok(bundles.length > 20, `${bundles.length} bundles`);
    assert.deepEqual(
      bundles.filter((file) => WIDE.test(readFileSync(file, 'utf8'))),
      [],
    );
  });
});
