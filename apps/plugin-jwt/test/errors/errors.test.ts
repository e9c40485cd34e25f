import { strict as assert } from 'node:assert';
import { SfError } from '@salesforce/core/sfError';
import { KeyError } from '@sfjwt/jwt-core';
import { pluginError } from '../../src/errors/plugin-error.js';
import { toSfError } from '../../src/errors/to-sf-error.js';

/**
 * What sf-plugins-core's computeErrorCode (not exported) does: a TypeError named, mentioned or in the stack anywhere
 * in the cause chain gives exit 10; otherwise the error's exitCode.
 */
function exitCodeSfWouldUse(err: Error): number {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    if (
      e instanceof TypeError ||
      e.name === 'TypeError' ||
      e.message.includes('TypeError') ||
      e.stack?.includes('TypeError')
    )
      return 10;
  }
  return (err as SfError).exitCode;
}

describe('toSfError', () => {
  it('turns a jwt-core error into an SfError named by its code, with the fix as action and exit 1', () => {
    const core = new KeyError(
      'ERR_KEY_TOO_SMALL',
      'The RSA key has 1024 bits; Salesforce needs at least 2048 bits (RS256).',
      {
        fix: 'Make a new key.',
        details: { bits: 1024, minimumBits: 2048 },
        cause: new TypeError('from deep inside'),
      },
    );
    const err = toSfError(core);
    assert.ok(err instanceof SfError);
    assert.equal(err.name, 'ERR_KEY_TOO_SMALL');
    assert.equal(err.message, core.message);
    assert.deepEqual(err.actions, ['Make a new key.']);
    assert.equal(err.exitCode, 78);
    assert.deepEqual(err.data, { bits: 1024, minimumBits: 2048 });
    assert.equal(err.cause, undefined);
    assert.equal(exitCodeSfWouldUse(err), 78);
  });

  it('turns a TypeError into ERR_UNEXPECTED that sf does not map to exit 10', () => {
    const err = toSfError(new TypeError("Cannot read properties of undefined (reading 'x')"));
    assert.ok(err instanceof SfError);
    assert.equal(err.name, 'ERR_UNEXPECTED');
    assert.equal(err.message, "Unexpected error: type error: Cannot read properties of undefined (reading 'x')");
    assert.equal(exitCodeSfWouldUse(err), 70);
  });

  it('rebuilds an SfError whose cause chain holds a TypeError, and keeps a clean one', () => {
    const dirty = new SfError('wrapped', 'Wrapped', [], 1, new TypeError('boom'));
    const cleaned = toSfError(dirty);
    assert.equal(cleaned.name, 'ERR_UNEXPECTED');
    assert.equal(exitCodeSfWouldUse(cleaned), 70);
    const clean = pluginError('StdinEmpty', ['private key']);
    assert.equal(toSfError(clean), clean);
  });

  it('passes oclif parse errors through (exit 2)', () => {
    const parseError = Object.assign(new Error('Missing required flag output-dir'), { oclif: { exit: 2 } });
    assert.equal(toSfError(parseError), parseError);
  });

  it('handles thrown non-errors', () => {
    assert.equal(toSfError('just a string').message, 'Unexpected error: just a string');
  });
});

describe('toSfError: aborts and network failures end cleanly', () => {
  it("keeps jwt-core's ERR_ABORTED and ERR_NETWORK as coded errors with their fix (no stack in the message)", async () => {
    const { TransportError } = await import('@sfjwt/jwt-core');
    for (const code of ['ERR_ABORTED', 'ERR_NETWORK', 'ERR_NETWORK_TIMEOUT'] as const) {
      const mapped = toSfError(
        new TransportError(code, `it stopped (${code})`, {
          fix: 'try again',
          cause: new DOMException('x', 'AbortError'),
        }),
      ) as SfError;
      assert.equal(mapped.name, code);
      assert.equal(mapped.message, `it stopped (${code})`);
      assert.deepEqual(mapped.actions, ['try again']);
      assert.equal(mapped.exitCode, 75);
    }
  });

  for (const name of ['AbortError', 'TimeoutError']) {
    it(`maps a raw ${name} to ERR_ABORTED, not ERR_UNEXPECTED`, () => {
      const mapped = toSfError(new DOMException('The operation was aborted', name)) as SfError;
      assert.equal(mapped.name, 'ERR_ABORTED');
      assert.equal(
        mapped.message,
        'The operation was stopped before it finished (interrupted or out of time); nothing more was done.',
      );
      assert.equal(mapped.exitCode, 75);
    });
  }
});

describe('pluginError', () => {
  it('reads message and actions from messages/errors.md and names the error by its stable code', () => {
    const err = pluginError('FileExists', ['/tmp/x/server.key'], [], { path: '/tmp/x/server.key' });
    assert.equal(err.name, 'ERR_FILE_EXISTS');
    assert.equal(err.message, '/tmp/x/server.key already exists; nothing was written.');
    assert.deepEqual(err.actions, ['Pass --force to replace it, or choose another --output-dir or --name.']);
    assert.deepEqual(err.data, { path: '/tmp/x/server.key' });
    assert.equal(err.exitCode, 78);
  });
});
