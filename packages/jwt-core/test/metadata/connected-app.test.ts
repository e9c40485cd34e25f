import { strict as assert } from 'node:assert';
import { isJwtCoreError } from '../../src/errors.js';
import { buildConnectedApp, type ConnectedAppOptions } from '../../src/metadata/connected-app.js';
import { CERT, CERT_PEM, KEY } from './fixtures.js';

describe('buildConnectedApp (legacy)', () => {
  const app = buildConnectedApp({
    name: 'Legacy_Sync',
    label: 'Legacy Sync',
    description: 'JWT bearer integration',
    contactEmail: 'admin@example.com',
    certificate: CERT_PEM,
    consumerKey: KEY,
    scopes: ['Api', 'Web', 'RefreshToken'],
    callbackUrl: 'https://example.com/oauth/callback',
    profiles: ['System Administrator', 'Integration User'],
    permissionSets: ['Sync_Users'],
    createPermissionSet: { name: 'Legacy_Sync_JWT' },
  });

  it('writes the connectedApp file (golden) and the new permission set', () => {
    assert.deepEqual(
      app.files.map((f) => f.path),
      ['connectedApps/Legacy_Sync.connectedApp-meta.xml', 'permissionsets/Legacy_Sync_JWT.permissionset-meta.xml'],
    );
    assert.deepEqual(app.components, [
      { type: 'ConnectedApp', fullName: 'Legacy_Sync' },
      { type: 'PermissionSet', fullName: 'Legacy_Sync_JWT' },
    ]);
    assert.equal(
      app.files[0]!.contents,
      `<?xml version="1.0" encoding="UTF-8"?>
<ConnectedApp xmlns="http://soap.sforce.com/2006/04/metadata">
    <contactEmail>admin@example.com</contactEmail>
    <description>JWT bearer integration</description>
    <label>Legacy Sync</label>
    <oauthConfig>
        <callbackUrl>https://example.com/oauth/callback</callbackUrl>
        <certificate>${CERT}</certificate>
        <consumerKey>${KEY}</consumerKey>
        <isAdminApproved>true</isAdminApproved>
        <scopes>Api</scopes>
        <scopes>Web</scopes>
        <scopes>RefreshToken</scopes>
    </oauthConfig>
    <oauthPolicy>
        <ipRelaxation>ENFORCE</ipRelaxation>
        <refreshTokenPolicy>infinite</refreshTokenPolicy>
    </oauthPolicy>
    <permissionSetName>Sync_Users</permissionSetName>
    <permissionSetName>Legacy_Sync_JWT</permissionSetName>
    <profileName>System Administrator</profileName>
    <profileName>Integration User</profileName>
</ConnectedApp>
`,
    );
    assert.equal(app.kind, 'connected-app');
    assert.deepEqual(app.credentialFiles, []);
  });

  it('allows 40-character names (no derived policy names)', () => {
    const name = 'A'.repeat(40);
    assert.equal(
      buildConnectedApp({ name, certificate: CERT_PEM, contactEmail: 'a@example.com', profiles: ['P'] }).name,
      name,
    );
  });

  it('requires a contact email, with ERR_APP_CONTACT_EMAIL_INVALID', () => {
    const options = { name: 'No_Email', certificate: CERT_PEM, profiles: ['P'] } as unknown as ConnectedAppOptions;
    assert.throws(
      () => buildConnectedApp(options),
      (err: unknown) =>
        isJwtCoreError(err, 'ERR_APP_CONTACT_EMAIL_INVALID') &&
        err.message === 'An app needs a contact email (`contactEmail`): Salesforce requires one.',
    );
  });
});
