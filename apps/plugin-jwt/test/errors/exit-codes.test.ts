/**
 * Every code the plugin and jwt-core can fail with has a failure class (so a pipeline never sees an unclassified
 * exit), each class has its documented exit code (the README's table), and oclif's parse errors become ERR_USAGE 64.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Errors } from '@oclif/core';
import { SfError } from '@salesforce/core/sfError';
import { exitCodeOf, exitCodes, failureClassOf, isClassified, withClassExitCode } from '../../src/errors/exit-codes.js';

const pluginSrc = join(import.meta.dirname, '..', '..', 'src');
const coreErrors = join(import.meta.dirname, '..', '..', '..', '..', 'packages', 'jwt-core', 'src', 'errors.ts');
const readme = join(import.meta.dirname, '..', '..', '..', '..', 'README.md');

/** Every `'ERR_…'` literal in the plugin's sources and in jwt-core's error codes. */
function codesInSources(): string[] {
  const files = readdirSync(pluginSrc, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(pluginSrc, f));
  const text = [...files, coreErrors].map((f) => readFileSync(f, 'utf8')).join('\n');
  return [...new Set([...text.matchAll(/'(ERR_[A-Z0-9_]+)'/g)].map((m) => m[1]!))].sort();
}

describe('exit codes per failure class', () => {
  it('classifies every code the plugin and jwt-core use', () => {
    const codes = codesInSources();
    assert.ok(codes.length > 90, `found only ${codes.length} codes`);
    assert.deepEqual(
      codes.filter((code) => !isClassified(code) && code !== 'ERR_OSSL_CRYPTO_INTERRUPTED_OR_CANCELLED'),
      [],
    );
  });

  it('gives each class its own exit code, as the README table says', () => {
    assert.deepEqual(exitCodes, {
      usage: 64,
      retryable: 75,
      'invalid-answer': 76,
      refused: 77,
      configuration: 78,
      expiring: 10,
      unexpected: 70,
      interrupted: 130,
      terminated: 143,
    });
    const table = readFileSync(readme, 'utf8');
    for (const [failureClass, code] of Object.entries(exitCodes)) {
      assert.match(table, new RegExp(`^\\| ${code} \\| \`${failureClass}\` \\|`, 'm'), `README row for ${code}`);
    }
  });

  it('sorts the codes a pipeline acts on', () => {
    assert.equal(exitCodeOf('ERR_TOKEN_GRANT_REJECTED'), 77);
    assert.equal(exitCodeOf('ERR_NETWORK'), 75);
    assert.equal(exitCodeOf('ERR_NETWORK_TIMEOUT'), 75);
    assert.equal(exitCodeOf('ERR_KEY_NOT_PEM'), 78);
    assert.equal(exitCodeOf('ERR_TOKEN_RESPONSE_INVALID'), 76);
    assert.equal(exitCodeOf('ERR_TIMEOUT_INVALID'), 64);
    assert.equal(exitCodeOf('ERR_UNEXPECTED'), 70);
    assert.equal(failureClassOf('ERR_SOMETHING_NEW'), 'unexpected');
  });

  it("gives an error its class's code; a parse error becomes ERR_USAGE 64; sf's own bug codes and EEXIT stay", () => {
    const refused = withClassExitCode(SfError.create({ name: 'ERR_TOKEN_GRANT_REJECTED', message: 'no', exitCode: 1 }));
    assert.equal(refused.exitCode, 77);
    const parse = withClassExitCode(new Errors.CLIError('Missing required flag client-id', { exit: 2 }));
    assert.equal(parse.name, 'ERR_USAGE');
    assert.equal((parse as unknown as { code: string }).code, 'ERR_USAGE');
    assert.equal(parse.oclif.exit, 64);
    const bug = withClassExitCode(SfError.create({ name: 'ERR_NETWORK', message: 'x', exitCode: 10 }));
    assert.equal(bug.exitCode, 10);
    const exit = withClassExitCode(new Errors.ExitError(2));
    assert.equal(exit.oclif.exit, 2);
  });
});
