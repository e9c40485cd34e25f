import { strict as assert } from 'node:assert';
import { secretEnvironment } from '../../src/io/secret-env.js';

describe('io/secret-env: SFJWT_* names, old SF_JWT_* names with a warning', () => {
  it('passes the new names through untouched, without warnings', () => {
    const { env, warnings } = secretEnvironment({ SFJWT_KEY: 'k', SFJWT_KEY_PASSPHRASE: 'p', HOME: '/h' });
    assert.deepEqual(env, { SFJWT_KEY: 'k', SFJWT_KEY_PASSPHRASE: 'p', HOME: '/h' });
    assert.deepEqual(warnings, []);
  });

  it('maps each old name to the new one and says why to rename it, without the value', () => {
    const { env, warnings } = secretEnvironment({
      SF_JWT_KEY: 'canary-key',
      SF_JWT_KEY_PASSPHRASE: 'canary-pass',
      SF_JWT_KEYSTORE_PASSWORD: 'canary-store',
      SF_JWT_ASSERTION: 'canary-jws',
    });
    assert.equal(env['SFJWT_KEY'], 'canary-key');
    assert.equal(env['SFJWT_KEY_PASSPHRASE'], 'canary-pass');
    assert.equal(env['SFJWT_KEYSTORE_PASSWORD'], 'canary-store');
    assert.equal(env['SFJWT_ASSERTION'], 'canary-jws');
    assert.equal(warnings.length, 4);
    assert.equal(
      warnings[0],
      'SF_JWT_KEY is deprecated: rename it to SFJWT_KEY. The sf CLI writes every SF_* variable to its debug log ' +
        '(SF_LOG_LEVEL=debug or --dev-debug), so a secret named SF_JWT_KEY can end up in ~/.sf/sf-*.log or in a CI log.',
    );
    for (const warning of warnings) assert.doesNotMatch(warning, /canary/);
  });

  it('lets the new name win when both are set, and says the old one is ignored', () => {
    const { env, warnings } = secretEnvironment({ SF_JWT_KEYSTORE_PASSWORD: 'old', SFJWT_KEYSTORE_PASSWORD: 'new' });
    assert.equal(env['SFJWT_KEYSTORE_PASSWORD'], 'new');
    assert.deepEqual(warnings, [
      'SF_JWT_KEYSTORE_PASSWORD is ignored because SFJWT_KEYSTORE_PASSWORD is set. Remove SF_JWT_KEYSTORE_PASSWORD: the sf CLI ' +
        'writes every SF_* variable to its debug log (SF_LOG_LEVEL=debug or --dev-debug), so the secret can end up in ' +
        '~/.sf/sf-*.log or in a CI log.',
    ]);
  });

  it('treats an empty old name as unset', () => {
    assert.deepEqual(secretEnvironment({ SF_JWT_KEY: '' }).warnings, []);
  });
});
