// Configuration validation: every problem reported with its path and reason, defaults applied.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmulatorConfigError, loadConfigFile, startEmulator, validateConfig } from '../src/index.js';
import { idChecksum, to18 } from '../src/ids.js';
import { CA_KEY, NOW, PROD_ID, demo, multiOrgConfig } from './support/setup.js';

function issues(input: unknown, baseDir?: string): string[] {
  try {
    validateConfig(input, baseDir === undefined ? { now: NOW } : { now: NOW, baseDir });
  } catch (error) {
    assert.ok(error instanceof EmulatorConfigError);
    return error.issues.map((i) => `${i.path}: ${i.reason}`);
  }
  assert.fail('the configuration was accepted');
}

describe('configuration', () => {
  it('accepts a valid configuration and applies defaults', () => {
    const model = validateConfig(multiOrgConfig(), { now: NOW });
    assert.equal(model.role, 'mydomain');
    assert.equal(model.defaultOrg.id, PROD_ID);
    assert.deepEqual(model.audiencePolicy, {
      trailingSlash: 'accept',
      connectedAppMyDomain: true,
      invalidDescription: 'audience is invalid',
      connectedAppAudienceMismatch: 'invalid',
    });
    assert.deepEqual(model.rateLimit, { maxLogins: 3600, windowSeconds: 3600 });
    assert.equal(model.apiVersion, 67);
    const app = model.apps.find((a) => a.consumerKey === CA_KEY)!;
    assert.equal(app.callbackUrl, 'http://localhost:1717/OauthRedirect');
    assert.deepEqual(app.scopes, ['api', 'web', 'refresh_token']);
    assert.equal(app.pkceRequired, false);
    assert.equal(model.apps.find((a) => a.type === 'external-client-app')?.pkceRequired, true);
    assert.equal(model.users[0]?.active, true);
  });

  it('computes Salesforce id checksums', () => {
    assert.equal(idChecksum('001A0000006Vm9r'), 'IAC');
    assert.equal(to18('00D000000000062'), '00D000000000062EAA');
  });

  it('rejects the top level when it is not an object, or lacks orgs/apps/users', () => {
    assert.deepEqual(issues([]), [': must be an object (got an array)']);
    assert.deepEqual(issues({ orgs: [], apps: [], users: [], extra: 1 }), [
      'extra: unknown property (allowed: $schema, orgs, apps, users, defaultOrg, defaultUser, role, audiencePolicy, faults, rateLimit, apiVersion, clockSkewSeconds, propagationDelaySeconds)',
      'orgs: must list at least one org',
    ]);
    assert.deepEqual(issues({}), [
      'orgs: is required (an array)',
      'apps: is required (an array)',
      'users: is required (an array)',
    ]);
  });

  it('reports every problem of orgs, apps and users with its path', () => {
    const cert = demo().certificatePem;
    const bad = {
      orgs: [
        { id: '00D5g000000Prod', type: 'production' },
        {
          id: `${PROD_ID.slice(0, 15)}AAA`,
          type: 'developer',
          myDomain: 'https://x.my.salesforce.com',
          instanceUrl: 'ftp://x',
        },
      ],
      apps: [
        {
          consumerKey: 'key with space',
          certificate: demo().privateKeyPem,
          type: 'connected-app',
          org: PROD_ID,
          policy: { type: 'self-authorize', profiles: [] },
        },
        {
          consumerKey: CA_KEY,
          type: 'eca',
          org: to18('00D5g000000None'),
          policy: { type: 'admin-approved', profiles: ['P', 3] },
        },
        {
          consumerKey: CA_KEY,
          certificate: cert,
          certificateFile: 'x.crt',
          type: 'connected-app',
          org: PROD_ID,
          policy: {},
        },
      ],
      users: [
        {
          username: 'not-an-email',
          userId: to18('0055g000000User'),
          org: PROD_ID,
          profile: 'System Administrator',
          active: 'yes',
          approvals: ['3MVG9MISSING'],
        },
        { username: 'a@b.c', userId: PROD_ID, org: PROD_ID },
      ],
      role: 'mydomian',
      apiVersion: '67',
      rateLimit: { maxLogins: 0 },
      defaultUser: 'ghost@b.c',
    };
    assert.deepEqual(issues(bad), [
      'orgs[0].id: must be an 18-character alphanumeric Salesforce id (got "00D5g000000Prod")',
      `orgs[1].id: has a wrong checksum suffix "AAA": the 18-character form is "${PROD_ID}"`,
      'orgs[1].type: must be one of "production", "sandbox", "scratch" (got "developer")',
      'orgs[1].myDomain: must be a lower-case host name without scheme or path, e.g. "acme.my.salesforce.com" (got "https://x.my.salesforce.com")',
      'orgs[1].instanceUrl: must be an http(s) URL (got "ftp://x")',
      'apps[0].consumerKey: must be printable ASCII without spaces',
      'apps[0].policy: profiles/permissionSets only apply to "admin-approved"',
      'apps[0].certificate: must be an X.509 certificate PEM ("-----BEGIN CERTIFICATE-----") (this is a private key: the app gets the certificate, the client keeps the key)',
      'apps[1].type: must be one of "connected-app", "external-client-app" (got "eca")',
      'apps[1].policy.profiles[1]: must be a non-empty string (got number 3)',
      'apps[1].certificate: give exactly one of "certificate" (PEM text) or "certificateFile" (path)',
      'apps[2].policy.type: is required ("admin-approved" or "self-authorize")',
      'apps[2].certificate: give exactly one of "certificate" (PEM text) or "certificateFile" (path)',
      'users[0].username: must look like an email address (got "not-an-email")',
      'users[0].active: must be true or false (got "yes")',
      'users[1].userId: must start with "005" (got "' + PROD_ID + '")',
      'users[1].profile: is required',
      `users[0].org: names no org in "orgs" (got "${PROD_ID}")`,
      'users[0].approvals[0]: names no app consumer key in "apps"',
      'defaultUser: names no user in "users" (got "ghost@b.c")',
      'role: must be one of "mydomain", "login", "test" (got "mydomian")',
      'rateLimit.maxLogins: must be an integer from 1 to 9007199254740991 (got number 0)',
      'apiVersion: must look like "67.0" and be 20.0 or later (got "67")',
    ]);
  });

  it('checks references and duplicates across orgs, apps and users', () => {
    const config = multiOrgConfig();
    config.orgs.push({ ...config.orgs[0]!, name: 'again' });
    config.apps.push({ ...config.apps[0]!, org: to18('00D5g000000None') });
    config.users.push({ ...config.users[0]!, username: 'ADMIN@acme.example' });
    config.users[1]!.approvals = ['3MVG9MISSING'];
    config.defaultOrg = to18('00D5g000000None');
    assert.deepEqual(issues(config), [
      'orgs[3].id: duplicates another org\'s id "' + PROD_ID + '"',
      'orgs[3].myDomain: duplicates another org\'s My Domain "acme.my.salesforce.com"',
      `apps[5].org: names no org in "orgs" (got "${to18('00D5g000000None')}")`,
      "apps[5].consumerKey: duplicates another app's consumer key",
      'users[1].approvals[0]: names no app consumer key in "apps"',
      'users[5].username: duplicates another user\'s username "ADMIN@acme.example" (usernames are unique across orgs)',
      `users[5].userId: duplicates another user's id "${config.users[0]!.userId}"`,
      `defaultOrg: names no org in "orgs" (got "${to18('00D5g000000None')}")`,
    ]);
  });

  it('certificates: RSA ≥ 2048 only, readable, from a file relative to the config', () => {
    const dir = mkdtempSync(join(tmpdir(), 'emu-cert-'));
    const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    openssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:1024',
      '-nodes',
      '-keyout',
      'small.key',
      '-out',
      'small.crt',
      '-days',
      '1',
      '-subj',
      '/CN=small',
    );
    openssl(
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      'ec.key',
      '-out',
      'ec.crt',
      '-days',
      '1',
      '-subj',
      '/CN=ec',
    );
    writeFileSync(join(dir, 'good.crt'), demo().certificatePem);
    const withCert = (cert: Record<string, string>) => {
      const config = multiOrgConfig();
      const { certificate: _dropped, ...app } = config.apps[0]!;
      config.apps = [{ ...app, ...cert }];
      return issues(config, dir);
    };
    assert.deepEqual(withCert({ certificateFile: 'small.crt' }), [
      'apps[0].certificateFile: must hold an RSA key of at least 2048 bits (got 1024)',
    ]);
    assert.deepEqual(withCert({ certificate: readFileSync(join(dir, 'ec.crt'), 'utf8') }), [
      'apps[0].certificate: must hold an RSA key (got ec): Salesforce only verifies RS256',
    ]);
    assert.match(
      withCert({ certificate: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n' })[0] ?? '',
      /^apps\[0\]\.certificate: is not a readable X\.509 certificate: /,
    );
    assert.match(
      withCert({ certificateFile: 'missing.crt' })[0] ?? '',
      /^apps\[0\]\.certificateFile: cannot be read: ENOENT/,
    );
    const config = multiOrgConfig();
    delete (config.apps[0] as { certificate?: string }).certificate;
    config.apps[0]!.certificateFile = 'good.crt';
    assert.equal(validateConfig(config, { baseDir: dir }).apps[0]?.certificatePem, demo().certificatePem);
  });

  it('loadConfigFile names the file; startEmulator rejects bad configs before listening', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emu-conf-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{ "orgs": [');
    assert.throws(
      () => loadConfigFile(file),
      (e: Error) =>
        e instanceof EmulatorConfigError &&
        e.message.startsWith(`Invalid emulator configuration ${file} (1 problem):\n  - : is not valid JSON: `),
    );
    assert.throws(() => loadConfigFile(join(dir, 'none.json')), /cannot be read: ENOENT/);
    await assert.rejects(
      startEmulator({ orgs: [], apps: [], users: [] }),
      /Invalid emulator configuration \(1 problem\):\n {2}- orgs: must list at least one org/,
    );
  });
});
