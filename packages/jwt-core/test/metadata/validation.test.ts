// Every option that cannot become a deployable app ends in one AppMetadataError with its own stable code, a
// message naming the option (never a CLI flag) and a fix; never a TypeError.
import { strict as assert } from 'node:assert';
import { Buffer } from 'node:buffer';
import { JwtCoreError, isJwtCoreError, type JwtCoreErrorCode } from '../../src/errors.js';
import { AppMetadataError } from '../../src/metadata/app-metadata-error.js';
import { buildConnectedApp } from '../../src/metadata/connected-app.js';
import { buildExternalClientApp, type ExternalClientAppOptions } from '../../src/metadata/external-client-app.js';
import { fixturePath, fixtureText } from '../support/fixtures.js';
import { openssl } from '@sfjwt/test-support';
import { CERT, CERT_PEM, KEY } from './fixtures.js';

const BASE: ExternalClientAppOptions = {
  name: 'Valid_App',
  certificate: CERT_PEM,
  contactEmail: 'admin@example.com',
  consumerKey: KEY,
  profiles: ['System Administrator'],
};

function build(overrides: Partial<ExternalClientAppOptions>) {
  return buildExternalClientApp({ ...BASE, ...overrides });
}

function throwsCode(fn: () => unknown, code: JwtCoreErrorCode, message?: string | RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof AppMetadataError, `expected AppMetadataError, got ${String(err)}`);
    assert.ok(err instanceof JwtCoreError);
    assert.equal(err.name, 'AppMetadataError');
    assert.equal(err.code, code, err.message);
    assert.ok(err.fix.length > 0);
    assert.doesNotMatch(err.message + err.fix, /(^|\s)--[a-z]/, 'messages name options, never CLI flags');
    if (typeof message === 'string') assert.equal(err.message, message);
    else if (message !== undefined) assert.match(err.message, message);
    return true;
  });
}

/** A certificate openssl makes for a fixture key. */
const certFor = (key: string) =>
  openssl(['req', '-x509', '-new', '-key', fixturePath(`keys/${key}`), '-subj', `/CN=${key}`, '-days', '1']);

describe('app metadata validation', () => {
  describe('name: a Salesforce API name (ERR_APP_NAME_INVALID)', () => {
    for (const [name, problem] of [
      ['', 'is empty'],
      ['My App', 'contains whitespace'],
      ['1App', 'does not start with a letter'],
      ['_App', 'does not start with a letter'],
      ['App-1', 'contains "-"; only letters, digits and underscores are allowed'],
      [
        'Café',
        'contains "é", which is not an ASCII letter: Salesforce API names use only the letters A–Z and a–z, digits and underscores, starting with a letter',
      ],
      [
        'Ünïcode',
        'contains "Ü", which is not an ASCII letter: Salesforce API names use only the letters A–Z and a–z, digits and underscores, starting with a letter',
      ],
      [
        'App\u202eX',
        'contains "\\u202e", which is not an ASCII letter: Salesforce API names use only the letters A–Z and a–z, digits and underscores, starting with a letter',
      ],
      ['App\u001b[2J', 'contains "\\x1b"; only letters, digits and underscores are allowed'],
      ['App_', 'ends with an underscore'],
      ['My__App', 'contains two underscores in a row'],
    ] as const) {
      it(`refuses ${JSON.stringify(name)}: ${problem}`, () => {
        throwsCode(
          () => build({ name }),
          'ERR_APP_NAME_INVALID',
          `The app name (\`name\`) "${name.replace('\u202e', '\\u202e').replace('\u001b', '\\x1b')}" ${problem}. External Client App names hold at most 26 characters, because Salesforce names the app's policies "<name>_defaultPolicy" within 40.`,
        );
      });
    }

    it('allows 26 characters for an External Client App (its policies are <name>_defaultPolicy, 40 at most)', () => {
      assert.equal(build({ name: 'A'.repeat(26) }).components[3]!.fullName, `${'A'.repeat(26)}_defaultPolicy`);
      throwsCode(
        () => build({ name: 'A'.repeat(27) }),
        'ERR_APP_NAME_INVALID',
        /is 27 characters long; at most 26 are allowed/,
      );
    });

    it('allows 40 characters for a Connected App, not 41', () => {
      throwsCode(
        () => buildConnectedApp({ ...BASE, name: 'A'.repeat(41), contactEmail: 'a@example.com' }),
        'ERR_APP_NAME_INVALID',
        `The app name (\`name\`) "${'A'.repeat(41)}" is 41 characters long; at most 40 are allowed.`,
      );
    });

    it('suggests a valid name in the fix', () => {
      assert.throws(
        () => build({ name: 'Sales & Marketing' }),
        (err: unknown) => isJwtCoreError(err) && err.fix.includes('"Sales_Marketing"'),
      );
    });
  });

  describe('label and description (ERR_APP_TEXT_INVALID)', () => {
    for (const [why, overrides, message] of [
      ['an empty label', { label: '' }, 'The `label` text is empty.'],
      ['a blank label', { label: '   ' }, 'The `label` text is empty.'],
      [
        'a label with a line break',
        { label: 'a\nb' },
        'The `label` text contains a line break or tab; a label is one line.',
      ],
      [
        'an 81-character label',
        { label: 'x'.repeat(81) },
        'The `label` text is 81 characters long; at most 80 are allowed.',
      ],
      [
        'a description with a control character',
        { description: 'bell\u0007' },
        'The `description` text contains a control character.',
      ],
      [
        'a description of 256 characters',
        { description: 'd'.repeat(256) },
        'The `description` text is 256 characters long; at most 255 are allowed.',
      ],
      [
        'a lone surrogate',
        { description: 'x\uD800y' },
        'The `description` text contains a character XML cannot carry (a lone surrogate or U+FFFE/U+FFFF).',
      ],
      [
        'a new permission set label too long',
        { createPermissionSet: { name: 'PS', label: 'l'.repeat(81) } },
        'The `createPermissionSet.label` text is 81 characters long; at most 80 are allowed.',
      ],
    ] as const) {
      it(`refuses ${why}`, () => throwsCode(() => build(overrides), 'ERR_APP_TEXT_INVALID', message));
    }

    it('counts characters, not UTF-16 units: 80 emoji are a valid label', () => {
      assert.doesNotThrow(() => build({ label: '𝄞'.repeat(80) }));
    });
  });

  describe('contactEmail (ERR_APP_CONTACT_EMAIL_INVALID)', () => {
    for (const email of [
      '',
      'admin',
      'admin@localhost',
      'a b@example.com',
      '.a@example.com',
      'a..b@example.com',
      'a@-example.com',
      'a@example.c0m',
      'a@b@example.com',
      `${'a'.repeat(70)}@example.com`,
    ]) {
      it(`refuses ${JSON.stringify(email)}`, () =>
        throwsCode(
          () => build({ contactEmail: email }),
          'ERR_APP_CONTACT_EMAIL_INVALID',
          /^The contact email \(`contactEmail`\) /,
        ));
    }
    it('refuses a missing one: Salesforce requires it in both app types', () => {
      const { contactEmail: _, ...withoutEmail } = BASE;
      for (const builder of [buildExternalClientApp, buildConnectedApp])
        throwsCode(
          () => builder(withoutEmail as ExternalClientAppOptions),
          'ERR_APP_CONTACT_EMAIL_INVALID',
          'An app needs a contact email (`contactEmail`): Salesforce requires one.',
        );
    });
    it('accepts ordinary addresses', () => {
      for (const email of ['admin@example.com', "o'brien+jwt@mail.example.co.uk", 'x_y-z@sub-domain.example.org'])
        assert.doesNotThrow(() => build({ contactEmail: email }));
    });
  });

  describe('callbackUrl (ERR_APP_CALLBACK_URL_INVALID)', () => {
    for (const [url, problem] of [
      ['http://example.com/callback', 'uses plain http to a host other than this machine'],
      ['ftp://example.com/', 'uses "ftp:"; only https (or http to localhost) is allowed'],
      ['localhost:1717/OauthRedirect', 'uses "localhost:"; only https (or http to localhost) is allowed'],
      ['/OauthRedirect', 'is not an absolute URL'],
      ['https://user:pw@example.com/cb', 'contains a user name or password'],
      ['https://example.com/a b', 'contains whitespace'],
      [`https://example.com/${'p'.repeat(1024)}`, 'is longer than 1024 characters'],
    ] as const) {
      it(`refuses ${url.slice(0, 40)}`, () =>
        throwsCode(
          () => build({ callbackUrl: url }),
          'ERR_APP_CALLBACK_URL_INVALID',
          new RegExp(`${problem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.$`),
        ));
    }
    it('accepts https and http to the local machine', () => {
      for (const url of [
        'https://example.com/oauth',
        'http://localhost:1717/OauthRedirect',
        'http://127.0.0.1:8080/cb',
        'http://[::1]:1717/cb',
      ]) {
        assert.match(
          build({ callbackUrl: url }).files[2]!.contents,
          new RegExp(`<callbackUrl>${url.replace(/[.[\]]/g, '\\$&')}</callbackUrl>`),
        );
      }
    });
  });

  describe('scopes (ERR_APP_SCOPE_INVALID)', () => {
    it('refuses an unknown scope, naming it', () => {
      throwsCode(
        () => build({ scopes: ['Api', 'sudo'] }),
        'ERR_APP_SCOPE_INVALID',
        '"sudo" (in `scopes`) is not an OAuth scope Salesforce knows.',
      );
    });
    it('refuses an empty list', () => {
      throwsCode(() => build({ scopes: [] }), 'ERR_APP_SCOPE_INVALID', 'The scope list (`scopes`) is empty.');
    });
  });

  describe('consumerKey (ERR_APP_CONSUMER_KEY_INVALID)', () => {
    it('refuses a key with characters Salesforce keys never have', () => {
      throwsCode(() => build({ consumerKey: 'abc/def+ghi=' }), 'ERR_APP_CONSUMER_KEY_INVALID');
    });
  });

  describe('profiles and permission sets', () => {
    for (const [profile, problem] of [
      ['', 'is empty'],
      [' Admin', 'starts or ends with whitespace'],
      ['Admin,Other', 'contains a comma, which separates profiles in the app policy'],
      ['Admin\u0001', 'contains a control character'],
      ['p'.repeat(256), 'is 256 characters long; at most 255 are allowed'],
    ] as const) {
      it(`refuses the profile ${JSON.stringify(profile.slice(0, 20))} with ERR_APP_PROFILE_INVALID`, () => {
        throwsCode(
          () => build({ profiles: ['System Administrator', profile] }),
          'ERR_APP_PROFILE_INVALID',
          `The profile (\`profiles[1]\`) "${profile.replace('\u0001', '\\x01').slice(0, 100)}${profile.length > 100 ? '…' : ''}" ${problem}.`,
        );
      });
    }

    for (const [permissionSet, problem] of [
      ['My Perm Set', 'contains whitespace'],
      ['9Perms', 'does not start with a letter'],
      ['P'.repeat(81), 'is 81 characters long; at most 80 are allowed'],
    ] as const) {
      it(`refuses the permission set ${JSON.stringify(permissionSet.slice(0, 20))} with ERR_APP_PERMISSION_SET_INVALID`, () => {
        throwsCode(
          () => build({ permissionSets: [permissionSet] }),
          'ERR_APP_PERMISSION_SET_INVALID',
          new RegExp(`^The permission set \\(\`permissionSets\\[0\\]\`\\) ".*" ${problem}\\.$`),
        );
      });
    }

    it('refuses a new permission set with a bad name, naming createPermissionSet.name', () => {
      throwsCode(
        () => build({ createPermissionSet: { name: 'JWT Users' } }),
        'ERR_APP_PERMISSION_SET_INVALID',
        'The permission set (`createPermissionSet.name`) "JWT Users" contains whitespace.',
      );
    });

    it('accepts permission set API names of 80 characters and record ids (0PS…, 15 or 18 characters)', () => {
      const ids = ['0PS5g000000AbCd', '0PS5g000000AbCdEAF'];
      const policy = build({ permissionSets: ['P'.repeat(80), ...ids] }).files[3]!.contents;
      assert.match(
        policy,
        new RegExp(`<commaSeparatedPermissionSet>${'P'.repeat(80)},${ids.join(',')}</commaSeparatedPermissionSet>`),
      );
    });

    it('refuses an app nobody is pre-authorized for (ERR_APP_NO_PERMITTED_USERS)', () => {
      throwsCode(
        () => build({ profiles: [], permissionSets: [] }),
        'ERR_APP_NO_PERMITTED_USERS',
        'No profile or permission set is pre-authorized for the app, so no user could log in with the JWT bearer flow.',
      );
      assert.doesNotThrow(() =>
        buildExternalClientApp({
          name: 'Only_New',
          certificate: CERT_PEM,
          contactEmail: 'admin@example.com',
          createPermissionSet: { name: 'Only_New' },
        }),
      );
    });
  });

  describe('certificate: each wrong input has its own code', () => {
    for (const [what, input, code] of [
      ['a PKCS#8 private key', () => fixtureText('keys/seed-genpkey.key'), 'ERR_APP_CERTIFICATE_IS_PRIVATE_KEY'],
      ['a PKCS#1 private key', () => fixtureText('keys/pkcs1.key'), 'ERR_APP_CERTIFICATE_IS_PRIVATE_KEY'],
      [
        'an encrypted private key',
        () => fixtureText('keys/seed-genrsa-des3.key'),
        'ERR_APP_CERTIFICATE_IS_PRIVATE_KEY',
      ],
      ['an EC private key', () => fixtureText('keys/ec-p256-sec1.key'), 'ERR_APP_CERTIFICATE_IS_PRIVATE_KEY'],
      ['an OpenSSH private key', () => fixtureText('keys/openssh.key'), 'ERR_APP_CERTIFICATE_IS_PRIVATE_KEY'],
      [
        'a truncated private key',
        () => fixtureText('keys/seed-genpkey.key').split('\n').slice(0, 5).join('\n'),
        'ERR_APP_CERTIFICATE_IS_PRIVATE_KEY',
      ],
      ['a CSR', () => fixtureText('certs/csr-fixture.csr'), 'ERR_APP_CERTIFICATE_IS_CSR'],
      ['an SPKI public key', () => fixtureText('keys/public-spki.pem'), 'ERR_APP_CERTIFICATE_IS_PUBLIC_KEY'],
      ['a PKCS#1 public key', () => fixtureText('keys/public-pkcs1.pem'), 'ERR_APP_CERTIFICATE_IS_PUBLIC_KEY'],
      ['an EC certificate', () => certFor('ec-p384-pkcs8.key'), 'ERR_APP_CERTIFICATE_NOT_RSA'],
      ['an Ed25519 certificate', () => certFor('ed25519.key'), 'ERR_APP_CERTIFICATE_NOT_RSA'],
      ['an RSA-PSS certificate', () => certFor('rsa-pss.key'), 'ERR_APP_CERTIFICATE_NOT_RSA'],
      ['a 1024-bit RSA certificate', () => certFor('rsa-1024.key'), 'ERR_APP_CERTIFICATE_KEY_TOO_SMALL'],
      ['nothing', () => '', 'ERR_APP_CERTIFICATE_INVALID'],
      ['text that is not PEM', () => 'not a certificate', 'ERR_APP_CERTIFICATE_INVALID'],
      ['an OpenSSH public key line', () => fixtureText('keys/openssh.pub'), 'ERR_APP_CERTIFICATE_INVALID'],
      ['a truncated certificate', () => CERT.split('\n').slice(0, 8).join('\n'), 'ERR_APP_CERTIFICATE_INVALID'],
      [
        'a certificate with a damaged body',
        () => CERT.replace(/\n[A-Za-z0-9+/]{64}\n/, '\n'),
        'ERR_APP_CERTIFICATE_INVALID',
      ],
      ['binary bytes that are not DER', () => new Uint8Array([0x00, 0xff, 0x10, 0x80]), 'ERR_APP_CERTIFICATE_INVALID'],
    ] as const) {
      it(`refuses ${what} with ${code}`, () =>
        throwsCode(() => build({ certificate: input() }), code, /^The certificate \(`certificate`\) /));
    }

    it('says why a private key is refused, without quoting it', () => {
      const key = fixtureText('keys/seed-genpkey.key');
      assert.throws(
        () => build({ certificate: key }),
        (err: unknown) =>
          isJwtCoreError(err, 'ERR_APP_CERTIFICATE_IS_PRIVATE_KEY') &&
          /the private key stays with the client/.test(err.message) &&
          !err.message.includes(key.split('\n')[1]!) &&
          !JSON.stringify(err.details).includes(key.split('\n')[1]!),
      );
    });

    it('names the key type and size it found', () => {
      assert.throws(
        () => build({ certificate: certFor('ec-p384-pkcs8.key') }),
        (err: unknown) => isJwtCoreError(err) && err.message.includes('holds a ec key'),
      );
      assert.throws(
        () => build({ certificate: certFor('rsa-1024.key') }),
        (err: unknown) =>
          isJwtCoreError(err) && err.message.includes('holds a 1024-bit RSA key; Salesforce needs at least 2048 bits'),
      );
    });

    it('accepts DER bytes, PEM bytes, CRLF and surrounding text, and writes the same canonical PEM', () => {
      const der = Buffer.from(CERT.split('\n').slice(1, -1).join(''), 'base64');
      const variants: (string | Uint8Array)[] = [
        new Uint8Array(der),
        new TextEncoder().encode(CERT_PEM),
        CERT_PEM.replace(/\n/g, '\r\n'),
        `Bag Attributes\n    friendlyName: jwt\nsubject=/CN=csr-fixture\n${CERT_PEM}`,
      ];
      for (const certificate of variants)
        assert.match(
          build({ certificate }).files[2]!.contents,
          new RegExp(`<certificate>${CERT.replace(/[+/]/g, '\\$&')}</certificate>`),
        );
    });
  });

  it('reports the first problem in reading order (name, then label, …)', () => {
    throwsCode(() => build({ name: 'bad name', label: '', certificate: '' }), 'ERR_APP_NAME_INVALID');
    throwsCode(() => build({ label: '', certificate: '' }), 'ERR_APP_TEXT_INVALID');
    throwsCode(() => build({ certificate: '', scopes: ['nope'] }), 'ERR_APP_CERTIFICATE_INVALID');
  });
});
